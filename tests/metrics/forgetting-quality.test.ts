import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  auditScore,
  chanceLevel,
  comparePopulations,
  epsilonPoints,
  forgettingQuality,
  mostExposed,
  type AuditedModel,
} from '../../src/metrics/index.js';

describe('forgetting quality F and the final score', () => {
  it('gives the bucket points of the competition: width 0.5 up to ceil(ln(N − 1)), halving, 0 beyond', () => {
    // N = 64: ceil(ln 63) = 5, ten buckets.
    expect(epsilonPoints(0, 64)).toBe(1);
    expect(epsilonPoints(0.49, 64)).toBe(1);
    expect(epsilonPoints(0.5, 64)).toBe(0.5);
    expect(epsilonPoints(1.2, 64)).toBe(0.25);
    expect(epsilonPoints(4.99, 64)).toBe(1 / 512);
    expect(epsilonPoints(5, 64)).toBe(0);
    expect(epsilonPoints(50, 64)).toBe(0);
    // N = 8: ceil(ln 7) = 2, four buckets.
    expect(epsilonPoints(1.9, 8)).toBe(1 / 8);
    expect(epsilonPoints(2, 8)).toBe(0);
  });

  it('averages the points over the forget examples', () => {
    expect(forgettingQuality([0, 0.7, 50, 1.1], 64)).toBe((1 + 0.5 + 0 + 0.25) / 4);
    expect(() => forgettingQuality([0.1], 2)).toThrow(/models must be an integer >= 3/);
    expect(() => forgettingQuality([], 10)).toThrow(/no forget example/);
    expect(() => forgettingQuality([-1], 10)).toThrow(/epsilons\[0\] = -1/);
  });

  it('scales F by the unlearned-to-retrained ratios of retain and test accuracy', () => {
    expect(auditScore(0.8, { retainAcc: 0.9, testAcc: 0.6 }, { retainAcc: 0.95, testAcc: 0.8 })).toBeCloseTo(
      0.8 * (0.9 / 0.95) * (0.6 / 0.8),
      15,
    );
    expect(auditScore(1, { retainAcc: 0.5, testAcc: 0.5 }, { retainAcc: 0, testAcc: 0.5 })).toBeNaN();
    expect(() => auditScore(1.2, { retainAcc: 1, testAcc: 1 }, { retainAcc: 1, testAcc: 1 })).toThrow(/quality = 1.2/);
  });
});

/** A population of `n` models whose φ of example j is N(means[j], 1), with fixed accuracies. */
function population(
  rng: Rng,
  n: number,
  means: number[],
  acc = { retainAcc: 0.9, forgetAcc: 0.5, testAcc: 0.8 },
): AuditedModel[] {
  return Array.from({ length: n }, () => ({ phi: means.map((m) => rng.normal(m, 1)), ...acc }));
}

describe('comparePopulations and the chance level', () => {
  const rng = new Rng(3, 'populations');
  const examples = 40;

  it("scores identical populations F = 1, and two draws of one distribution at the estimator's noise floor", () => {
    const means = Array.from({ length: examples }, (_, j) => j / 10);
    const u = population(rng.stream('u'), 64, means);
    // The same models in another order: every rule has TPR = FPR, so every ε is 0.
    const same = comparePopulations(u, [...u].reverse());
    expect([...same.epsilons].every((e) => e === 0)).toBe(true);
    expect(same.forgettingQuality).toBe(1);
    // Independent draws: the largest ε over hundreds of rules, some resting on one or two errors, is about 1.5 at
    // N = 64 (measured: F ≈ 0.17–0.19 for N from 8 to 128), so F of identical distributions is far from 1 and only
    // the chance level says what "indistinguishable" scores at this N.
    const c = comparePopulations(u, population(rng.stream('r'), 64, means));
    expect(c.models).toBe(64);
    expect(c.forgettingQuality).toBeGreaterThan(0.08);
    expect(c.forgettingQuality).toBeLessThan(0.4);
    expect(c.score).toBeCloseTo(c.forgettingQuality, 12);
    expect(Math.abs(c.attack.auc - 0.5)).toBeLessThan(0.06);
    expect(c.attack.pairs).toEqual({ unlearned: 64 * examples, retrained: 64 * examples });
  });

  it('scores populations six standard deviations apart near F = 0 with an attack near 1', () => {
    const means = Array.from({ length: examples }, () => 0);
    const c = comparePopulations(
      population(
        rng.stream('u2'),
        64,
        means.map((m) => m + 6),
      ),
      population(rng.stream('r2'), 64, means),
    );
    expect(c.forgettingQuality).toBeLessThan(0.05);
    expect(c.attack.auc).toBeGreaterThan(0.99);
    expect(c.attack.tprAt1Fpr).toBeGreaterThan(0.9);
  });

  it('splits the retrained pool into two disjoint halves for the chance level', () => {
    const pool = population(rng.stream('pool'), 33, [0, 1, 2]);
    const chance = chanceLevel(pool);
    expect(chance.models).toBe(16);
    // The halves are models 0–15 and 16–31: the same as comparing them directly.
    expect(chance).toEqual(comparePopulations(pool.slice(0, 16), pool.slice(16, 32)));
    expect(() => chanceLevel(pool.slice(0, 5))).toThrow(/at least 6 models/);
  });

  it('rejects populations of different sizes or shapes', () => {
    const a = population(rng.stream('a'), 4, [0, 1]);
    expect(() => comparePopulations(a, a.slice(0, 3))).toThrow(/same size/);
    expect(() => comparePopulations(a, [...a.slice(0, 3), { ...a[3], phi: [1] }])).toThrow(
      /retrained\[3\] has φ for 1 examples, expected 2/,
    );
    expect(() => comparePopulations(a, [...a.slice(0, 3), { ...a[3], testAcc: 2 }])).toThrow(
      /retrained\[3\].testAcc = 2/,
    );
  });

  it('ranks the most exposed examples by ε, earlier examples first on ties', () => {
    expect(mostExposed([0.1, 3, 0.1, 50, 3], 3)).toEqual([3, 1, 4]);
  });
});
