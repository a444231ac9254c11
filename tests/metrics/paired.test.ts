import { describe, expect, it } from 'vitest';
import { pairedEffect, verdictOf } from '../../src/metrics/paired.js';

const bySeed = (values: number[]): Map<number, number> => new Map(values.map((v, i) => [i, v]));

describe('paired effects and verdicts', () => {
  const base = [0.5, 0.61, 0.44, 0.58, 0.52];
  it('a planted effect larger than its interval is supported, a reversed one contradicted', () => {
    const planted = pairedEffect(bySeed(base), bySeed(base.map((v, i) => v + 0.2 + 0.01 * (i % 2))));
    expect(planted.mean).toBeCloseTo(0.204, 12);
    expect(planted.low).toBeGreaterThan(0);
    expect(verdictOf(planted, 'positive')).toBe('supported');
    expect(verdictOf(planted, 'negative')).toBe('contradicted');
  });

  it('no effect is inconclusive, and states the smallest effect the seeds could detect', () => {
    const noise = [0.03, -0.02, 0.01, -0.04, 0.02];
    const none = pairedEffect(bySeed(base), bySeed(base.map((v, i) => v + noise[i])));
    expect(verdictOf(none, 'positive')).toBe('inconclusive');
    const sd = Math.sqrt(noise.reduce((s, d) => s + (d - 0) ** 2, 0) / 4);
    // (t_{0.975,4} + t_{0.80,4})·sd/√5 with t_{0.80,4} = 0.9409646.
    expect(none.detectable).toBeCloseTo(((2.7764451052 + 0.9409645883) * sd) / Math.sqrt(5), 6);
  });

  it('pairs by seed: unmatched seeds are left out, and one shared seed gives no interval', () => {
    const a = new Map([
      [0, 1],
      [1, 2],
      [7, 5],
    ]);
    const b = new Map([
      [0, 2],
      [1, 4],
      [9, 0],
    ]);
    expect(pairedEffect(a, b)).toMatchObject({ n: 2, mean: 1.5 });
    const one = pairedEffect(new Map([[0, 1]]), new Map([[0, 3]]));
    expect(one).toMatchObject({ n: 1, mean: 2, low: -Infinity, high: Infinity });
    expect(verdictOf(one, 'positive')).toBe('inconclusive');
    expect(() => pairedEffect(new Map([[0, 1]]), new Map([[1, 1]]))).toThrow(/share no seed/);
  });

  it('wider intervals at a Bonferroni-adjusted level, and two-sided claims with an equivalence margin', () => {
    const a = bySeed(base);
    const b = bySeed(base.map((v, i) => v + 0.01 + 0.005 * (i % 2)));
    const at95 = pairedEffect(a, b);
    const at99 = pairedEffect(a, b, 0.99);
    expect(at99.high - at99.low).toBeGreaterThan(at95.high - at95.low);
    expect(at99.level).toBe(0.99);
    expect(verdictOf(at95, 'difference', 0.05)).toBe('supported');
    expect(verdictOf({ low: -0.02, high: 0.03 }, 'difference', 0.05)).toBe('contradicted');
    expect(verdictOf({ low: -0.02, high: 0.08 }, 'difference', 0.05)).toBe('inconclusive');
  });
});
