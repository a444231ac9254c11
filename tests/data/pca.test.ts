import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { fitPca, inverseTransformPca, transformPca, type Pca } from '../../src/data/index.js';
import { loadIris } from '../../src/data/node/index.js';
import { expectError } from './helpers.js';

describe('PCA', () => {
  it('finds the direction of points on a line and projects onto it', () => {
    // Points t · (3, 4) / 5 + (1, 1) for t = -2..2: one component along (0.6, 0.8) with variance var(t) = 2.5.
    const ts = [-2, -1, 0, 1, 2];
    const x = Float64Array.from(ts.flatMap((t) => [1 + 0.6 * t, 1 + 0.8 * t]));
    const pca = fitPca(x, 2, { components: 1 });
    expect(pca.mean[0]).toBeCloseTo(1, 14);
    expect(pca.mean[1]).toBeCloseTo(1, 14);
    expect(pca.components[0][0]).toBeCloseTo(0.6, 12);
    expect(pca.components[0][1]).toBeCloseTo(0.8, 12);
    expect(pca.explainedVariance[0]).toBeCloseTo(2.5, 12);
    expect(pca.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
    Array.from(transformPca(pca, x)).forEach((z, i) => expect(z).toBeCloseTo(ts[i], 12));
  });

  it('recovers the axes of a 2-D Gaussian with known covariance', () => {
    // Covariance R · diag(9, 1) · Rᵀ with R a rotation by 30°: axes (cos 30°, sin 30°) and (−sin 30°, cos 30°).
    const rng = new Rng(11);
    const n = 20000;
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const x = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [u, v] = [3 * rng.normal(), rng.normal()];
      x[2 * i] = 5 + c * u - s * v;
      x[2 * i + 1] = -2 + s * u + c * v;
    }
    const pca = fitPca(x, 2, { components: 2 });
    expect(pca.components[0][0]).toBeCloseTo(c, 2);
    expect(pca.components[0][1]).toBeCloseTo(s, 2);
    expect(Math.abs(pca.components[1][0])).toBeCloseTo(s, 2);
    expect(Math.abs(pca.components[1][1])).toBeCloseTo(c, 2);
    expect(pca.explainedVariance[0] / 9).toBeCloseTo(1, 1);
    expect(pca.explainedVariance[1]).toBeCloseTo(1, 1);
  });

  it('matches scikit-learn / numpy on Iris and its reconstruction error is the dropped variance', () => {
    const iris = loadIris();
    const pca = fitPca(iris.features, 4, { components: 2 });
    // numpy.linalg.eigh(np.cov(X.T)) on the same 150 rows (sklearn PCA reports the same values).
    const variance = [4.22824171, 0.24267075, 0.0782095, 0.02383509];
    expect(pca.explainedVariance[0]).toBeCloseTo(variance[0], 7);
    expect(pca.explainedVariance[1]).toBeCloseTo(variance[1], 7);
    expect(pca.explainedVarianceRatio[0]).toBeCloseTo(0.92461872, 7);
    expect(pca.explainedVarianceRatio[1]).toBeCloseTo(0.05306648, 7);
    const expected = [
      [0.36138659, -0.08452251, 0.85667061, 0.3582892],
      [0.65658877, 0.73016143, -0.17337266, -0.07548102],
    ];
    pca.components.forEach((comp, k) => comp.forEach((v, j) => expect(v).toBeCloseTo(expected[k][j], 7)));
    const back = inverseTransformPca(pca, transformPca(pca, iris.features));
    let sse = 0;
    for (let i = 0; i < back.length; i++) sse += (back[i] - iris.features[i]) ** 2;
    expect(sse / 149).toBeCloseTo(variance[2] + variance[3], 7);
    const full = fitPca(iris.features, 4, { components: 4 });
    const exact = inverseTransformPca(full, transformPca(full, iris.features));
    exact.forEach((v, i) => expect(v).toBeCloseTo(iris.features[i], 12));
  });

  it('uses the subspace path in high dimensions: a planted 3-D structure in 300 features', () => {
    // Scores cos(2πi/n)·10, sin(2πi/n)·5, cos(4πi/n)·2 are zero-mean and exactly orthogonal over a full period, so
    // the covariance is exactly Σ_a var_a · axis_a axis_aᵀ: the components must be the planted axes, in that order,
    // with variances 100/2, 25/2, 4/2 scaled by n / (n − 1).
    const d = 300;
    const n = 400;
    const axes = [0, 1, 2].map((a) =>
      Float64Array.from({ length: d }, (_, j) => (j % 3 === a ? 1 / Math.sqrt(d / 3) : 0)),
    );
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const w = (2 * Math.PI * i) / n;
      const scores = [10 * Math.cos(w), 5 * Math.sin(w), 2 * Math.cos(2 * w)];
      for (let j = 0; j < d; j++)
        x[i * d + j] = 7 + scores[0] * axes[0][j] + scores[1] * axes[1][j] + scores[2] * axes[2][j];
    }
    const pca = fitPca(x, d, { components: 4 });
    [50, 12.5, 2].forEach((v, k) => expect(pca.explainedVariance[k]).toBeCloseTo((v * n) / (n - 1), 9));
    expect(pca.explainedVariance[3]).toBeLessThan(1e-9);
    pca.components.slice(0, 3).forEach((comp, k) => comp.forEach((v, j) => expect(v).toBeCloseTo(axes[k][j], 9)));
  });

  it('fits on the given rows only, survives JSON, and checks its arguments', () => {
    const x = Float64Array.from([0, 0, 1, 1, 2, 2, 100, -100]);
    const onLine = fitPca(x, 2, { components: 1, rows: Int32Array.from([0, 1, 2]) });
    expect(onLine.components[0][0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(onLine.components[0][1]).toBeCloseTo(Math.SQRT1_2, 12);
    const restored = JSON.parse(JSON.stringify(onLine)) as Pca;
    expect(Array.from(transformPca(restored, x))).toEqual(Array.from(transformPca(onLine, x)));
    expectError(() => fitPca(x, 2, { components: 3 }), 'components must be an integer in 1..2');
    expectError(() => fitPca(x, 2, { components: 1, rows: Int32Array.from([1]) }), 'at least 2 rows');
    expectError(() => transformPca(onLine, new Float64Array(3)), 'fitted on 2 features');
    expectError(() => transformPca({ ...onLine, components: [[1, 0, 0]] }, x), 'PCA parameters are inconsistent');
  });
});
