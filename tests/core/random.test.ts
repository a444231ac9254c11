import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';

describe('Rng (xoshiro128**)', () => {
  it('is reproducible from the seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('named streams depend only on the key, not on what the parent drew', () => {
    const fresh = new Rng(7).stream('oracle');
    const used = new Rng(7);
    for (let i = 0; i < 100; i++) used.uniform();
    const later = used.stream('oracle');
    expect(later.uniform()).toBe(fresh.uniform());
    expect(new Rng(7).stream('a').stream('b').path).toBe('a/b');
    expect(new Rng(7).stream('teacher').uniform()).not.toBe(new Rng(7).stream('oracle').uniform());
  });

  it('uniform and normal have the right moments', () => {
    const r = new Rng(1, 'moments');
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let z = 0;
    let z2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      s += u;
      s2 += u * u;
      const g = r.normal();
      z += g;
      z2 += g * g;
    }
    // Standard errors: 0.29/sqrt(n) ≈ 6.5e-4 for the uniform mean, 1/sqrt(n) ≈ 2.2e-3 for the normal mean.
    expect(Math.abs(s / n - 0.5)).toBeLessThan(4e-3);
    expect(Math.abs(s2 / n - (s * s) / (n * n) - 1 / 12)).toBeLessThan(2e-3);
    expect(Math.abs(z / n)).toBeLessThan(1e-2);
    expect(Math.abs(z2 / n - 1)).toBeLessThan(1.5e-2);
  });

  it('int is unbiased over a small range', () => {
    const r = new Rng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('permutation and choice return valid, distinct indices', () => {
    const r = new Rng(5);
    const p = Array.from(r.permutation(50)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 50 }, (_v, i) => i));
    const c = Array.from(r.choice(100, 30));
    expect(new Set(c).size).toBe(30);
    for (const v of c) expect(v >= 0 && v < 100).toBe(true);
    expect(() => r.choice(3, 4)).toThrow(/cannot draw 4 distinct items from 3/);
  });
});
