import type { Rng } from '../core/random.js';

/**
 * Finite-shot sampling: each sample's circuit is measured `shots` times in the computational basis and every
 * wire's ⟨Z⟩ is estimated from the same joint outcomes, as PennyLane does, so the estimates of different wires are
 * correlated exactly as on hardware.
 */

/**
 * Replaces each probability vector p[b·2^n .. (b+1)·2^n) by the empirical frequencies of `shots` draws from it.
 * `cdf` is scratch of length 2^n. Draws consume the generator in sample order.
 */
export function sampleFrequencies(
  p: Float64Array,
  batch: number,
  n: number,
  shots: number,
  rng: Rng,
  cdf: Float64Array,
): void {
  const dim = 1 << n;
  for (let b = 0; b < batch; b++) {
    const o = b * dim;
    let total = 0;
    for (let k = 0; k < dim; k++) {
      total += p[o + k];
      cdf[k] = total;
      p[o + k] = 0;
    }
    for (let s = 0; s < shots; s++) {
      const u = rng.uniform() * total;
      // First k with cdf[k] > u; zero-probability outcomes are never chosen.
      let lo = 0;
      let hi = dim - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      p[o + lo]++;
    }
    for (let k = 0; k < dim; k++) p[o + k] /= shots;
  }
}
