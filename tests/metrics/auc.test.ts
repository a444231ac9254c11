import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { rocAuc } from '../../src/metrics/index.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

/** Brute force over all positive/negative pairs: a win counts 1, a tie 1/2. */
function pairwiseAuc(pos: Float64Array, neg: Float64Array): number {
  let twice = 0;
  for (const p of pos) for (const n of neg) twice += p > n ? 2 : p === n ? 1 : 0;
  return twice / (2 * pos.length * neg.length);
}

describe('rocAuc (Mann–Whitney with ties as one half)', () => {
  it('all-tied scores give 0.5, perfect separation 1, reversed 0', () => {
    expect(rocAuc(f(0.3, 0.3, 0.3), f(0.3, 0.3))).toBe(0.5);
    expect(rocAuc(f(0.9, 0.8), f(0.1, 0.2, 0.7))).toBe(1);
    expect(rocAuc(f(0.1, 0.2), f(0.8, 0.9, 0.3))).toBe(0);
  });

  it('matches hand-counted small cases with ties', () => {
    // scikit-learn's documented example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] -> 0.75.
    expect(rocAuc(f(0.35, 0.8), f(0.1, 0.4))).toBe(0.75);
    // 0.8 beats 0.5 and 0.2, ties 0.8 (2.5); 0.5 ties 0.5, beats 0.2 (1.5): 4 of 6 pairs.
    expect(rocAuc(f(0.8, 0.5), f(0.5, 0.2, 0.8))).toBe(4 / 6);
    // One positive tied with every negative.
    expect(rocAuc(f(1), f(1, 1, 1, 1))).toBe(0.5);
    // -0 and 0 are the same score.
    expect(rocAuc(f(-0), f(0))).toBe(0.5);
  });

  it('equals the brute-force pairwise count on random data with many ties', () => {
    const rng = new Rng(5, 'auc-ties');
    for (let trial = 0; trial < 20; trial++) {
      const levels = 2 + rng.int(6);
      const pos = Float64Array.from({ length: 1 + rng.int(60) }, () => rng.int(levels) / levels);
      const neg = Float64Array.from({ length: 1 + rng.int(60) }, () => (rng.int(levels) - 1) / levels);
      expect(rocAuc(pos, neg)).toBe(pairwiseAuc(pos, neg));
    }
  });

  it('is invariant to the order of the inputs', () => {
    expect(rocAuc(f(0.2, 0.9, 0.5), f(0.5, 0.1))).toBe(rocAuc(f(0.9, 0.5, 0.2), f(0.1, 0.5)));
  });

  it('rejects an empty class and non-finite scores', () => {
    expect(() => rocAuc(f(), f(0.1))).toThrow(
      'rocAuc: AUC needs both classes, got 0 positives (label 1) and 1 negatives (label 0)',
    );
    expect(() => rocAuc(f(0.2), f())).toThrow(
      'rocAuc: AUC needs both classes, got 1 positives (label 1) and 0 negatives (label 0)',
    );
    expect(() => rocAuc(f(0.2, Number.NaN), f(0.1))).toThrow('rocAuc: positives (label 1)[1] = NaN is not finite');
  });
});
