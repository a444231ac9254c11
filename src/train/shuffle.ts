import type { Rng } from '../core/random.js';

/** The rows in a fresh random order for one epoch, from the epoch's own named stream (resumable, order-independent). */
export function shuffledRows(rows: Int32Array, rng: Rng, epoch: number): Int32Array {
  return rng.stream(`epoch-${epoch}`).shuffle(Int32Array.from(rows));
}
