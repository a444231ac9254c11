import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { classMatchedPositions, stratifiedHalves } from '../../src/data/matched.js';

const labels = Int32Array.from({ length: 60 }, (_v, i) => (i < 30 ? 0 : i < 50 ? 1 : 2));
const rows = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_v, i) => from + i);

describe('class-matched held-out rows', () => {
  it("draws the members' class mix, as many as the scarcest class allows", () => {
    // Members: 2 of class 0, 1 of class 1; pool: 20 of class 0 (rows 10-29), 6 of class 1 (rows 30-35).
    const pool = Int32Array.from([...rows(10, 30), ...rows(30, 36)]);
    const picked = classMatchedPositions(labels, Int32Array.of(0, 1, 40), pool, new Rng(0));
    const classes = Array.from(picked, (p) => labels[pool[p]]);
    expect(classes.filter((c) => c === 0).length).toBe(12);
    expect(classes.filter((c) => c === 1).length).toBe(6);
    expect(new Set(picked).size).toBe(picked.length);
    expect(Array.from(classMatchedPositions(labels, Int32Array.of(0, 1, 40), pool, new Rng(0)))).toEqual(
      Array.from(picked),
    );
  });

  it('keeps only the forgotten class when whole classes are forgotten, and names a class with no held-out rows', () => {
    const pool = rows(20, 60);
    const picked = classMatchedPositions(labels, rows(0, 10), pool, new Rng(1));
    expect(Array.from(picked, (p) => labels[pool[p]])).toEqual(new Array(10).fill(0));
    expect(() => classMatchedPositions(labels, Int32Array.of(55), rows(0, 40), new Rng(1))).toThrow(
      /no held-out rows of class 2/,
    );
  });

  it('splits rows into two disjoint halves class by class', () => {
    const [a, b] = stratifiedHalves(labels, rows(0, 60), new Rng(2));
    expect(a.length + b.length).toBe(60);
    expect(new Set([...a, ...b]).size).toBe(60);
    for (const c of [0, 1, 2])
      expect(Array.from(a).filter((p) => labels[p] === c).length).toBe(
        Array.from(b).filter((p) => labels[p] === c).length,
      );
  });
});
