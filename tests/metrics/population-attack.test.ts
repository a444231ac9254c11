import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { populationAttack, rocAuc, VARIANCE_FLOOR } from '../../src/metrics/index.js';

/** Log-density of N(mean, var) fitted directly to `values` (population variance, floored). */
function fittedLogDensity(values: number[], x: number): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = Math.max(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length, VARIANCE_FLOOR);
  return -0.5 * (Math.log(2 * Math.PI * variance) + (x - mean) ** 2 / variance);
}

/** The attack's scores, refitting both Gaussians from scratch for every held-out model. */
function bruteForceScores(u: number[][], r: number[][]): { pos: Float64Array; neg: Float64Array } {
  const score = (x: number, j: number, uOthers: number[][], rOthers: number[][]): number =>
    fittedLogDensity(
      uOthers.map((m) => m[j]),
      x,
    ) -
    fittedLogDensity(
      rOthers.map((m) => m[j]),
      x,
    );
  const pos: number[] = [];
  const neg: number[] = [];
  u.forEach((m, i) =>
    m.forEach((x, j) =>
      pos.push(
        score(
          x,
          j,
          u.filter((_, k) => k !== i),
          r,
        ),
      ),
    ),
  );
  r.forEach((m, i) =>
    m.forEach((x, j) =>
      neg.push(
        score(
          x,
          j,
          u,
          r.filter((_, k) => k !== i),
        ),
      ),
    ),
  );
  return { pos: Float64Array.from(pos), neg: Float64Array.from(neg) };
}

describe('populationAttack (leave-one-out likelihood ratio, U-LiRA style)', () => {
  const rng = new Rng(11, 'ulira');
  const draw = (n: number, means: number[], sd = 1): number[][] =>
    Array.from({ length: n }, () => means.map((m) => rng.normal(m, sd)));

  it('matches refitting both Gaussians without each held-out model', () => {
    const u = draw(7, [0.5, -1, 2], 0.8);
    const r = draw(7, [0, -1, 1]);
    const brute = bruteForceScores(u, r);
    const result = populationAttack(u, r);
    expect(result.auc).toBeCloseTo(rocAuc(brute.pos, brute.neg), 12);
    const balanced =
      (brute.pos.filter((s) => s > 0).length / brute.pos.length +
        brute.neg.filter((s) => s <= 0).length / brute.neg.length) /
      2;
    expect(result.balancedAccuracy).toBeCloseTo(balanced, 12);
  });

  it('is perfect on separated populations and near chance on identical ones', () => {
    const sep = populationAttack(draw(20, [5, 5]), draw(20, [-5, -5]));
    expect(sep).toMatchObject({ auc: 1, balancedAccuracy: 1, tprAt1Fpr: 1, tprAt5Fpr: 1 });
    const same = populationAttack(draw(200, [0, 1, 2]), draw(200, [0, 1, 2]));
    expect(Math.abs(same.auc - 0.5)).toBeLessThan(0.05);
    expect(same.tprAt1Fpr).toBeLessThan(0.05);
  });

  it('reads the TPR at a fixed FPR off the ROC curve', () => {
    // Spikes: every unlearned model at 1, retrained models at 0 except one at 1. Left out, that retrained model meets
    // a retrained spike at 0 and scores above every unlearned model: 1 false positive in 10 (FPR 0.1) is the price
    // of any TPR > 0, and each unlearned model outscores 9 of the 10 retrained ones.
    const u = Array.from({ length: 10 }, () => [1]);
    const r = [...Array.from({ length: 9 }, () => [0]), [1]];
    const result = populationAttack(u, r);
    expect(result.tprAt5Fpr).toBe(0);
    expect(result.auc).toBeCloseTo(0.9, 12);
  });

  it('rejects populations too small to leave a model out, and ragged ones', () => {
    expect(() => populationAttack([[1]], [[1], [2]])).toThrow(/at least 2 models/);
    expect(() =>
      populationAttack(
        [[1, 2], [1]],
        [
          [1, 2],
          [2, 3],
        ],
      ),
    ).toThrow(/unlearned\[1\] has 1 examples, expected 2/);
  });
});
