import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { approximateMode, stratifiedHoldout } from '../../src/data/index.js';
import { expectError, toyDataset } from './helpers.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const perClass = (labels: Int32Array, rows: Int32Array, numClasses: number) => {
  const counts = new Array<number>(numClasses).fill(0);
  for (const r of rows) counts[labels[r]]++;
  return counts;
};
const opts = { what: 'test split', everyClassInBoth: true };

describe('approximateMode (sklearn _approximate_mode)', () => {
  it('allocates proportionally with largest-remainder rounding', () => {
    expect(Array.from(approximateMode([50, 50, 50], 120, new Rng(0)))).toEqual([40, 40, 40]);
    // 7 of (5, 3, 2): 3.5, 2.1, 1.4 -> floors 3, 2, 1, and the one left over goes to the largest remainder (0.5).
    expect(Array.from(approximateMode([5, 3, 2], 7, new Rng(0)))).toEqual([4, 2, 1]);
    expect(Array.from(approximateMode([60, 30, 10], 80, new Rng(0)))).toEqual([48, 24, 8]);
  });

  it('breaks ties with the seeded Rng, reproducibly', () => {
    const picks = (seed: number) => Array.from(approximateMode([1, 1, 1], 2, new Rng(seed))).join('');
    expect(picks(1)).toBe(picks(1));
    const seen = new Set(Array.from({ length: 20 }, (_, s) => picks(s)));
    for (const p of seen) expect([...p].map(Number).reduce((a, b) => a + b, 0)).toBe(2);
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('stratifiedHoldout', () => {
  it('gives Iris-like data 120/30 with 40/10 per class, sorted and disjoint', () => {
    const ds = toyDataset([50, 50, 50]);
    const { kept, held } = stratifiedHoldout(ds.labels, all(150), 0.2, new Rng(0), opts);
    expect([kept.length, held.length]).toEqual([120, 30]);
    expect(perClass(ds.labels, kept, 3)).toEqual([40, 40, 40]);
    expect(perClass(ds.labels, held, 3)).toEqual([10, 10, 10]);
    expect(Array.from(kept)).toEqual(Array.from(kept).sort((a, b) => a - b));
    const union = new Set([...kept, ...held]);
    expect(union.size).toBe(150);
  });

  it("uses sklearn's sizing: n_held = ceil(fraction · n) in floating point", () => {
    const ds = toyDataset([15, 15]);
    expect(stratifiedHoldout(ds.labels, all(30), 0.25, new Rng(0), opts).held.length).toBe(8);
    // 0.14 * 50 = 7.000000000000001 in doubles, so sklearn (math.ceil in Python gives 8) and we hold out 8.
    const fifty = toyDataset([25, 25]);
    expect(stratifiedHoldout(fifty.labels, all(50), 0.14, new Rng(0), opts).held.length).toBe(8);
  });

  it('keeps class proportions for unequal classes', () => {
    const ds = toyDataset([60, 30, 10]);
    const { kept, held } = stratifiedHoldout(ds.labels, all(100), 0.2, new Rng(3), opts);
    expect(perClass(ds.labels, kept, 3)).toEqual([48, 24, 8]);
    expect(perClass(ds.labels, held, 3)).toEqual([12, 6, 2]);
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const ds = toyDataset([50, 50, 50]);
    const a = stratifiedHoldout(ds.labels, all(150), 0.2, new Rng(7), opts);
    const b = stratifiedHoldout(ds.labels, all(150), 0.2, new Rng(7), opts);
    const c = stratifiedHoldout(ds.labels, all(150), 0.2, new Rng(8), opts);
    expect(Array.from(b.held)).toEqual(Array.from(a.held));
    expect(Array.from(c.held)).not.toEqual(Array.from(a.held));
  });

  it('only draws from the given rows', () => {
    const ds = toyDataset([50, 50, 50]);
    const rows = Int32Array.from({ length: 75 }, (_, i) => 2 * i);
    const { kept, held } = stratifiedHoldout(ds.labels, rows, 0.2, new Rng(0), opts);
    for (const r of [...kept, ...held]) expect(r % 2).toBe(0);
    expect(kept.length + held.length).toBe(75);
  });

  it('rejects bad fractions and splits that cannot hold every class', () => {
    const ds = toyDataset([5, 5]);
    for (const f of [0, 1, -0.1, 1.5, Number.NaN])
      expectError(
        () => stratifiedHoldout(ds.labels, all(10), f, new Rng(0), opts),
        'test split',
        'strictly between 0 and 1',
      );
    expectError(
      () => stratifiedHoldout(ds.labels, all(10), 0.05, new Rng(0), opts),
      '10 rows split into 9 + 1',
      'one row of each of the 2 classes',
    );
    expectError(
      () => stratifiedHoldout(ds.labels, all(10), 0.95, new Rng(0), { ...opts, everyClassInBoth: false }),
      'holds out 10, leaving none',
    );
  });
});
