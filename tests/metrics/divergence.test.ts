import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { meanJsDivergence, meanKlDivergence } from '../../src/metrics/index.js';
import { rows, syntheticRows } from '../helpers/probability-rows.js';

const LN2 = Math.log(2);

describe('KL divergence (unlearned ‖ oracle)', () => {
  it('matches hand computation, averaged over rows', () => {
    // Row 0: 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75) = 0.5 ln(4/3).
    expect(meanKlDivergence(rows([0.5, 0.5]), rows([0.25, 0.75]), 2)).toBeCloseTo(0.5 * Math.log(4 / 3), 15);
    // Row 1: P = (1, 0) clipped to (1, 1e-8): ln(1/0.5) + 1e-8 ln(1e-8/0.5).
    const row1 = LN2 + 1e-8 * Math.log(1e-8 / 0.5);
    const both = meanKlDivergence(rows([0.5, 0.5], [1, 0]), rows([0.25, 0.75], [0.5, 0.5]), 2);
    expect(both).toBeCloseTo((0.5 * Math.log(4 / 3) + row1) / 2, 15);
  });

  it('clips the oracle at 1e-8 so a zero there gives a large finite value', () => {
    // 0.5 ln(0.5/1) + 0.5 ln(0.5/1e-8) = 0.5 ln(2.5e7)
    expect(meanKlDivergence(rows([0.5, 0.5]), rows([1, 0]), 2)).toBeCloseTo(0.5 * Math.log(2.5e7), 12);
    expect(meanKlDivergence(rows([0.5, 0.5]), rows([1, 0]), 2, 0)).toBe(Infinity);
  });

  it('is zero for identical rows and asymmetric otherwise', () => {
    const p = rows([0.2, 0.3, 0.5], [0.6, 0.3, 0.1]);
    const q = rows([0.3, 0.3, 0.4], [0.1, 0.1, 0.8]);
    expect(meanKlDivergence(p, p, 3)).toBe(0);
    expect(meanKlDivergence(p, q, 3)).not.toBeCloseTo(meanKlDivergence(q, p, 3), 3);
  });

  it('requires aligned rows of equal shape', () => {
    expect(() => meanKlDivergence(rows([0.5, 0.5], [0.5, 0.5]), rows([0.5, 0.5]), 2)).toThrow(
      'meanKlDivergence: p has 2 rows but q has 1; row i of both must be the same sample (aligned rows)',
    );
    expect(() => meanKlDivergence(rows([0.5, 0.5]), rows([0.5, 0.5]), 2, 1)).toThrow(
      'meanKlDivergence: eps must be in [0, 1), got 1',
    );
  });
});

describe('Jensen–Shannon divergence', () => {
  it('matches hand computation', () => {
    // M = (0.375, 0.625); KL(P‖M) = 0.5 ln(16/15); KL(Q‖M) = 0.25 ln(2/3) + 0.75 ln(1.2).
    const expected = 0.5 * (0.5 * Math.log(16 / 15) + 0.25 * Math.log(2 / 3) + 0.75 * Math.log(1.2));
    expect(meanJsDivergence(rows([0.5, 0.5]), rows([0.25, 0.75]), 2)).toBeCloseTo(expected, 15);
  });

  it('is symmetric, zero on identical rows, and at most ln 2 on random rows', () => {
    const rng = new Rng(11, 'js');
    const a = syntheticRows(rng, 50, 5, 0, 1).probs;
    const b = syntheticRows(rng, 50, 5, 0, 1).probs;
    expect(meanJsDivergence(a, a, 5)).toBe(0);
    expect(meanJsDivergence(a, b, 5)).toBeCloseTo(meanJsDivergence(b, a, 5), 15);
    for (let i = 0; i < 50; i++) {
      const pa = a.subarray(i * 5, i * 5 + 5);
      const pb = b.subarray(i * 5, i * 5 + 5);
      const js = meanJsDivergence(pa, pb, 5);
      expect(js).toBeGreaterThanOrEqual(0);
      expect(js).toBeLessThanOrEqual(LN2);
    }
  });

  it('reaches ln 2 on disjoint one-hot rows: exactly without clipping, within 2e-7 below it with the 1e-8 floor', () => {
    const p = rows([1, 0, 0], [0, 0, 1]);
    const q = rows([0, 1, 0], [1, 0, 0]);
    expect(meanJsDivergence(p, q, 3, 0)).toBeCloseTo(LN2, 15);
    const clipped = meanJsDivergence(p, q, 3);
    expect(clipped).toBeLessThanOrEqual(LN2);
    expect(LN2 - clipped).toBeLessThan(2e-7);
  });
});
