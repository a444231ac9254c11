import { describe, expect, it } from 'vitest';
import { logitScaledConfidence } from '../../src/metrics/index.js';

describe('logitScaledConfidence (φ = log p_y − log Σ_{k≠y} p_k)', () => {
  it('matches hand-computed values', () => {
    // p = softmax([2, 0, 0]): p_0 / (p_1 + p_2) = e² / 2, and p_1 / (p_0 + p_2) = 1 / (e² + 1).
    const phi = logitScaledConfidence(Float64Array.from([2, 0, 0, 2, 0, 0, 1, 1, 1]), Int32Array.from([0, 1, 2]), 3);
    expect(phi[0]).toBeCloseTo(2 - Math.log(2), 14);
    expect(phi[1]).toBeCloseTo(-Math.log(Math.exp(2) + 1), 14);
    expect(phi[2]).toBeCloseTo(-Math.log(2), 14);
  });

  it('keeps its precision for confident models, and its floor keeps φ finite', () => {
    // Σ_{k≠y} p_k = 2e-50/(1 + 2e-50): 1 − p_y would round to 0 in float64, the direct sum does not.
    const phi = logitScaledConfidence(
      Float64Array.from([50, 0, 0, 50, 0, 0, 200, 0, 0, 200, 0, 0]),
      Int32Array.from([0, 1, 0, 1]),
      3,
    );
    expect(phi[0]).toBeCloseTo(50 - Math.log(2), 10);
    expect(phi[1]).toBeCloseTo(-50, 10);
    // Beyond the floor (1e-45) both logarithms saturate: φ = ±ln(1e45).
    expect(phi[2]).toBeCloseTo(-Math.log(1e-45), 10);
    expect(phi[3]).toBeCloseTo(Math.log(1e-45), 10);
  });

  it('rejects ragged logits, bad labels and non-finite values', () => {
    expect(() => logitScaledConfidence(new Float64Array(5), Int32Array.from([0]), 3)).toThrow(
      /not a whole number of rows/,
    );
    expect(() => logitScaledConfidence(new Float64Array(3), Int32Array.from([3]), 3)).toThrow(/labels\[0\] = 3/);
    expect(() => logitScaledConfidence(Float64Array.from([0, Number.NaN, 0]), Int32Array.from([0]), 3)).toThrow(
      /logits\[0, 1\] = NaN/,
    );
  });
});
