import { QunlearnError } from '../core/errors.js';
import type { Rng } from '../core/random.js';

function byClass(labels: ArrayLike<number>, rows: Int32Array): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const list = groups.get(labels[r]);
    if (list === undefined) groups.set(labels[r], [i]);
    else list.push(i);
  });
  return groups;
}

/**
 * Positions in `pool` of a sample with the class proportions of `members`: as many rows as the scarcest class
 * allows (each class c gets floor(n_c · s) rows, s = min over c of |pool_c| / n_c), drawn without replacement from
 * the stream `matched`. This is what membership inference compares members with: held-out rows of the same classes
 * in the same mix, so an attack measures memorisation and not class confidence. A member class absent from the pool
 * is an error.
 */
export function classMatchedPositions(
  labels: ArrayLike<number>,
  members: Int32Array,
  pool: Int32Array,
  rng: Rng,
): Int32Array {
  const need = byClass(labels, members);
  const have = byClass(labels, pool);
  let scale = Infinity;
  for (const [c, rows] of need) {
    const available = have.get(c)?.length ?? 0;
    if (available === 0)
      throw new QunlearnError(
        'data',
        `no held-out rows of class ${c} to compare its ${rows.length} member row(s) with; raise --test-fraction`,
      );
    scale = Math.min(scale, available / rows.length);
  }
  const out: number[] = [];
  for (const c of [...need.keys()].sort((a, b) => a - b)) {
    const available = have.get(c)!;
    const k = Math.max(1, Math.floor(need.get(c)!.length * scale));
    for (const i of rng.stream(`matched-${c}`).choice(available.length, k)) out.push(available[i]);
  }
  return Int32Array.from(out).sort();
}

/** Positions of `rows` split into two disjoint halves, class by class (the odd row of a class goes to the second). */
export function stratifiedHalves(labels: ArrayLike<number>, rows: Int32Array, rng: Rng): [Int32Array, Int32Array] {
  const first: number[] = [];
  const second: number[] = [];
  for (const [c, positions] of [...byClass(labels, rows)].sort((a, b) => a[0] - b[0])) {
    const order = rng.stream(`half-${c}`).permutation(positions.length);
    const cut = Math.floor(positions.length / 2);
    order.forEach((o, i) => (i < cut ? first : second).push(positions[o]));
  }
  return [Int32Array.from(first).sort(), Int32Array.from(second).sort()];
}
