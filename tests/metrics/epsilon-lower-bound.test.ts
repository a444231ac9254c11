import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import {
  betaQuantile,
  checkClaim,
  clopperPearson,
  epsilonLowerBound,
  epsilonResolution,
} from '../../src/metrics/epsilon-lower-bound.js';

const gaussian = (rng: Rng, n: number, mean: number): number[] => Array.from({ length: n }, () => mean + rng.normal());

describe('a high-confidence lower bound on ε (DP-auditing style)', () => {
  it('Clopper-Pearson matches closed forms at the ends (k = 0, k = n) and a tabulated interval', () => {
    // k = 0: upper = 1 − (α/2)^(1/n); k = n: lower = (α/2)^(1/n).
    expect(clopperPearson(0, 20, 0.05).high).toBeCloseTo(1 - 0.025 ** (1 / 20), 9);
    expect(clopperPearson(20, 20, 0.05).low).toBeCloseTo(0.025 ** (1 / 20), 9);
    // R: binom.test(7, 20)$conf.int = 0.1539092 0.5921885.
    const ci = clopperPearson(7, 20, 0.05);
    expect(ci.low).toBeCloseTo(0.1539092, 6);
    expect(ci.high).toBeCloseTo(0.5921885, 6);
    expect(betaQuantile(0.5, 2, 2)).toBeCloseTo(0.5, 9);
  });

  it('stays at 0 for two populations from one distribution (in at least 95 % of trials)', () => {
    const rng = new Rng(0);
    let positive = 0;
    for (let trial = 0; trial < 100; trial++)
      if (epsilonLowerBound(gaussian(rng, 64, 0), gaussian(rng, 64, 0), 1e-5, 0.05).epsilon > 0) positive++;
    expect(positive).toBeLessThanOrEqual(5);
  });

  it('refutes a small ε claim for well-separated populations, up to the resolution at this N', () => {
    const rng = new Rng(1);
    const separated = epsilonLowerBound(gaussian(rng, 64, 0), gaussian(rng, 64, 8), 1e-5, 0.05);
    expect(separated.positive).toBe('second');
    expect(separated.epsilon).toBeCloseTo(epsilonResolution(64, 1e-5, 0.05), 12);
    expect(separated.epsilon).toBeGreaterThan(1.5);
    // Never above the Gaussian mechanism's exact ε: N(0,1) vs N(1,1) has ε ≈ 4.4 at δ = 1e-5.
    const moderate = epsilonLowerBound(gaussian(rng, 400, 0), gaussian(rng, 400, 1), 1e-5, 0.05);
    expect(moderate.epsilon).toBeGreaterThan(0);
    expect(moderate.epsilon).toBeLessThan(4.4);
    expect(() => epsilonLowerBound([1], [2, 3], 1e-5, 0.05)).toThrow(/at least 2 models/);
  });

  it('checks a claim over several examples (the example chosen on the first halves): kept when the populations agree, refuted when one separates', () => {
    const rng = new Rng(2);
    const models = (shift: number): number[][] =>
      Array.from({ length: 64 }, () => [rng.normal(), rng.normal() + shift, rng.normal()]);
    const kept = checkClaim(models(0), models(0), 0, 1e-5);
    expect(kept.refuted).toBe(false);
    const refuted = checkClaim(models(0), models(10), 1, 1e-5);
    expect(refuted).toMatchObject({ refuted: true, example: 1 });
    expect(refuted.bound).toBeCloseTo(refuted.resolution, 12);
    // No claim above the resolution can be refuted at this N.
    expect(checkClaim(models(0), models(10), refuted.resolution + 0.1, 1e-5).refuted).toBe(false);
  });
});
