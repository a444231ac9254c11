import { describe, expect, it } from 'vitest';
import { fitMinMax, scalePixels, transformMinMax } from '../../src/data/index.js';
import { loadIris } from '../../src/data/node/index.js';
import { expectError } from './helpers.js';

describe('min-max scaling (scikit-learn MinMaxScaler semantics)', () => {
  it('maps the fitted range of each feature onto [-pi, pi]', () => {
    const x = Float64Array.from([0, 10, 5, 20, 10, 30]);
    const s = fitMinMax(x, 2);
    expect(s.dataMin).toEqual([0, 10]);
    expect(s.dataMax).toEqual([10, 30]);
    const y = transformMinMax(s, x);
    // By hand: feature 0 spans 0..10 and feature 1 spans 10..30, so the middle row lands on 0.
    expect(Array.from(y)).toEqual([-Math.PI, -Math.PI, 0, 0, Math.PI, Math.PI]);
  });

  it('matches the sklearn formula on Iris fitted on all 150 rows (the paper preset)', () => {
    const iris = loadIris();
    const s = fitMinMax(iris.features, 4);
    expect(s.dataMin).toEqual([4.3, 2.0, 1.0, 0.1]);
    expect(s.dataMax).toEqual([7.9, 4.4, 6.9, 2.5]);
    const y = transformMinMax(s, iris.features);
    // Row 0 = (5.1, 3.5, 1.4, 0.2): x * scale + min with scale = 2pi / (max - min), min = -pi - dataMin * scale.
    const expected = [5.1, 3.5, 1.4, 0.2].map((v, j) => {
      const scale = (2 * Math.PI) / (s.dataMax[j] - s.dataMin[j]);
      return v * scale + (-Math.PI - s.dataMin[j] * scale);
    });
    expect(Array.from(y.subarray(0, 4))).toEqual(expected);
    expect(y[0]).toBeCloseTo(((5.1 - 4.3) / 3.6) * 2 * Math.PI - Math.PI, 12);
  });

  it('fits on the given rows only and leaves other rows unclipped unless asked', () => {
    const x = Float64Array.from([0, 1, 2, 4]);
    const s = fitMinMax(x, 1, { rows: Int32Array.from([0, 1]), range: [0, 1] });
    expect(Array.from(transformMinMax(s, x))).toEqual([0, 1, 2, 4]);
    const clipped = fitMinMax(x, 1, { rows: Int32Array.from([0, 1]), range: [0, 1], clip: true });
    expect(Array.from(transformMinMax(clipped, x))).toEqual([0, 1, 1, 1]);
  });

  it('maps a constant feature to the lower bound, as sklearn does', () => {
    const x = Float64Array.from([7, 1, 7, 2, 7, 3]);
    const s = fitMinMax(x, 2);
    expect(s.scale[0]).toBe(2 * Math.PI);
    const y = transformMinMax(s, x);
    // x * scale + min rounds (7 * 2pi - pi - 7 * 2pi is not exactly -pi in doubles); sklearn rounds the same way.
    for (const v of [y[0], y[2], y[4]]) expect(v).toBeCloseTo(-Math.PI, 13);
  });

  it('survives a JSON round trip and checks shapes and options', () => {
    const s = fitMinMax(Float64Array.from([1, 2, 3, 4]), 2);
    const restored = JSON.parse(JSON.stringify(s)) as typeof s;
    expect(Array.from(transformMinMax(restored, Float64Array.from([2, 3])))).toEqual(
      Array.from(transformMinMax(s, Float64Array.from([2, 3]))),
    );
    expectError(() => transformMinMax(s, new Float64Array(3)), 'fitted on 2 features', '3 values');
    expectError(() => fitMinMax(new Float64Array(4), 2, { range: [1, 1] }), 'lo < hi');
    expectError(() => fitMinMax(new Float64Array(4), 2, { rows: Int32Array.from([2]) }), 'row id 2 is out of range');
    expectError(() => fitMinMax(new Float64Array(5), 2), 'do not form rows of 2 features');
  });
});

describe('scalePixels', () => {
  it('divides bytes by 255', () => {
    expect(Array.from(scalePixels(Uint8Array.from([0, 51, 255])))).toEqual([0, 0.2, 1]);
  });
});
