import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { rankIntervals, ranks } from '../../src/metrics/rank-intervals.js';

describe('rank intervals from a bootstrap over seeds', () => {
  it('ranks by mean, ties sharing the average rank', () => {
    expect(ranks([0.2, 0.9, 0.5, 0.9])).toEqual([4, 1.5, 3, 1.5]);
  });

  it('gives a clearly best method the interval [1, 1] and overlapping methods overlapping intervals', () => {
    const scores = new Map([
      ['best', [0.9, 0.92, 0.88, 0.91, 0.9]],
      ['a', [0.5, 0.7, 0.4, 0.6, 0.55]],
      ['b', [0.6, 0.5, 0.55, 0.45, 0.65]],
    ]);
    const out = rankIntervals(scores, new Rng(0), 1000);
    expect(out[0]).toMatchObject({ name: 'best', rank: 1, low: 1, high: 1 });
    const [a, b] = [out.find((r) => r.name === 'a')!, out.find((r) => r.name === 'b')!];
    expect(a.low).toBe(2);
    expect(b.low).toBe(2);
    expect(a.high).toBe(3);
    expect(b.high).toBe(3);
    expect(() =>
      rankIntervals(
        new Map([
          ['x', [1]],
          ['y', [1, 2]],
        ]),
        new Rng(0),
      ),
    ).toThrow(/one per seed/);
  });
});
