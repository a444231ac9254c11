import type { Rng } from '../core/random.js';
import { toBatches } from '../train/labeled-data.js';
import { shuffledRows } from '../train/shuffle.js';
import type { PairingMode } from './context.js';

/** One step's worth of rows from two loaders. */
export interface BatchPair {
  first: Int32Array;
  second: Int32Array;
}

/**
 * Pairs the batches of two shuffled loaders for one epoch. `zip` stops at the shorter loader (the reference);
 * `cycle` covers the longer one completely and re-shuffles the shorter one each time it runs out; `first` covers
 * the first loader completely, cycling the second (LCA's retain-driven loop).
 */
export function pairBatches(
  first: Int32Array,
  second: Int32Array,
  batchSize: number,
  mode: PairingMode | 'first',
  rng: Rng,
  epoch: number,
): BatchPair[] {
  const a = toBatches(shuffledRows(first, rng.stream('first'), epoch), batchSize);
  const b = toBatches(shuffledRows(second, rng.stream('second'), epoch), batchSize);
  if (a.length === 0 || b.length === 0) return [];
  if (mode === 'zip')
    return Array.from({ length: Math.min(a.length, b.length) }, (_v, i) => ({ first: a[i], second: b[i] }));
  const steps = mode === 'first' ? a.length : Math.max(a.length, b.length);
  const cycled = (batches: Int32Array[], rows: Int32Array, name: string): Int32Array[] => {
    const out = [...batches];
    for (let round = 1; out.length < steps; round++) {
      out.push(...toBatches(shuffledRows(rows, rng.stream(`${name}-cycle-${round}`), epoch), batchSize));
    }
    return out.slice(0, steps);
  };
  const ca = cycled(a, first, 'first');
  const cb = cycled(b, second, 'second');
  return Array.from({ length: steps }, (_v, i) => ({ first: ca[i], second: cb[i] }));
}
