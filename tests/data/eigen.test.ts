import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { jacobiEigen, topEigen } from '../../src/data/index.js';
import { expectError } from './helpers.js';

/** Q · diag(values) · Qᵀ for a random orthogonal Q (Gram-Schmidt of a seeded Gaussian matrix); returns both. */
function withSpectrum(values: number[], seed: number): { a: Float64Array; q: Float64Array } {
  const n = values.length;
  const rng = new Rng(seed);
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const col = Array.from({ length: n }, () => rng.normal());
    for (let m = 0; m < j; m++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + m] * col[i];
      for (let i = 0; i < n; i++) col[i] -= dot * q[i * n + m];
    }
    const norm = Math.hypot(...col);
    for (let i = 0; i < n; i++) q[i * n + j] = col[i] / norm;
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) a[i * n + k] += q[i * n + j] * values[j] * q[k * n + j];
  return { a, q };
}

/** |cos| of the angle between column j of a (n × ka) and column m of b (n × kb). */
function alignment(a: Float64Array, ka: number, j: number, b: Float64Array, kb: number, m: number, n: number): number {
  let dot = 0;
  for (let i = 0; i < n; i++) dot += a[i * ka + j] * b[i * kb + m];
  return Math.abs(dot);
}

describe('jacobiEigen', () => {
  it('solves a 2 × 2 case by hand: [[2, 1], [1, 2]] has eigenpairs 3, (1, 1)/√2 and 1, (1, −1)/√2', () => {
    const { values, vectors } = jacobiEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    const s = Math.SQRT1_2;
    // Columns; sign convention: the largest-magnitude entry (the first, on ties) is positive.
    expect(Array.from(vectors).map((v) => Number(v.toFixed(14)))).toEqual(
      [s, s, s, -s].map((v) => Number(v.toFixed(14))),
    );
  });

  it('recovers a known spectrum and eigenvectors of a 12 × 12 matrix', () => {
    const spectrum = [9, 7, 5.5, 4, 3, 2.5, 2, 1.5, 1, 0.5, 0.25, 0];
    const { a, q } = withSpectrum(spectrum, 1);
    const { values, vectors } = jacobiEigen(a, 12);
    spectrum.forEach((v, j) => expect(values[j]).toBeCloseTo(v, 12));
    for (let j = 0; j < 12; j++) expect(alignment(vectors, 12, j, q, 12, j, 12)).toBeCloseTo(1, 10);
  });
});

describe('topEigen (subspace iteration)', () => {
  it('finds the top pairs of a 150 × 150 matrix with a known, slowly decaying spectrum', () => {
    const spectrum = Array.from({ length: 150 }, (_, i) => 10 / (1 + i));
    const { a, q } = withSpectrum(spectrum, 2);
    const { values, vectors } = topEigen(a, 150, 6);
    expect(values.length).toBe(6);
    for (let j = 0; j < 6; j++) {
      expect(values[j]).toBeCloseTo(spectrum[j], 9);
      expect(alignment(vectors, 6, j, q, 150, j, 150)).toBeCloseTo(1, 8);
    }
  });

  it('agrees with Jacobi when the top eigenvalues are nearly degenerate (forces the block to grow)', () => {
    const spectrum = Array.from({ length: 90 }, (_, i) => (i < 4 ? 5 - i : 1 + 1e-3 * (90 - i)));
    const { a } = withSpectrum(spectrum, 3);
    const full = jacobiEigen(a, 90);
    const top = topEigen(a, 90, 5);
    for (let j = 0; j < 5; j++) {
      expect(top.values[j]).toBeCloseTo(full.values[j], 10);
      for (let i = 0; i < 90; i++) expect(top.vectors[i * 5 + j]).toBeCloseTo(full.vectors[i * 90 + j], 6);
    }
  });

  it('handles a rank-deficient matrix and rejects bad arguments', () => {
    const spectrum = [4, 1, ...new Array<number>(38).fill(0)];
    const { a } = withSpectrum(spectrum, 4);
    const { values } = topEigen(a, 40, 3);
    expect(values[0]).toBeCloseTo(4, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(values[2])).toBeLessThan(1e-12);
    expectError(() => topEigen(a, 40, 41), 'number of eigenpairs must be an integer in 1..40, got 41');
    expectError(() => jacobiEigen(new Float64Array(5), 2), 'square 2 × 2 matrix');
  });
});
