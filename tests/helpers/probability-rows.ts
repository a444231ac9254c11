import type { Rng } from '../../src/core/index.js';

/** Rows of probabilities from a list of rows (handy for hand-computed cases). */
export function rows(...values: number[][]): Float64Array {
  return Float64Array.from(values.flat());
}

/**
 * n synthetic softmax rows over `classes` with random labels, where the true class gets a probability drawn from
 * U[low, high) and the rest of the mass is spread at random over the other classes.
 */
export function syntheticRows(
  rng: Rng,
  n: number,
  classes: number,
  low: number,
  high: number,
): { probs: Float64Array; labels: Int32Array } {
  const probs = new Float64Array(n * classes);
  const labels = new Int32Array(n);
  const weights = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const y = rng.int(classes);
    labels[i] = y;
    const py = rng.uniformIn(low, high);
    let total = 0;
    for (let c = 0; c < classes; c++) {
      weights[c] = c === y ? 0 : 0.05 + rng.uniform();
      total += weights[c];
    }
    for (let c = 0; c < classes; c++) probs[i * classes + c] = c === y ? py : ((1 - py) * weights[c]) / total;
  }
  return { probs, labels };
}
