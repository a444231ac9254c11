import { fmix32 } from '../../../core/random.js';

/**
 * A stable 32-bit hash of a dataset row id under a salt. It depends on nothing but the id and the salt, so a row
 * lands in the same shard and slice whatever else the training set holds, and deleting one row moves no other.
 */
export function rowHash(id: number, salt: number): number {
  return fmix32(Math.imul(id, 0x9e3779b1) ^ fmix32(salt ^ 0x2545f491));
}

/** Where SISA puts a row: its shard and its slice (0-based), from two independently salted hashes of its id. */
export interface Placement {
  shard: number;
  slice: number;
}

/** The shard and slice of a row id. */
export function placeRow(id: number, shards: number, slices: number, salt: number): Placement {
  return { shard: rowHash(id, salt) % shards, slice: rowHash(id, salt + 1) % slices };
}

/**
 * The cumulative row sets of every shard: `stages[s][k]` holds the sorted rows of shard s in slices 0..k, what the
 * shard's model trains on at stage k.
 */
export function cumulativeSlices(rows: Int32Array, shards: number, slices: number, salt: number): Int32Array[][] {
  const bySlice: number[][][] = Array.from({ length: shards }, () => Array.from({ length: slices }, () => []));
  for (const id of rows) {
    const { shard, slice } = placeRow(id, shards, slices, salt);
    bySlice[shard][slice].push(id);
  }
  return bySlice.map((shard) => {
    const out: Int32Array[] = [];
    let acc: number[] = [];
    for (const slice of shard) {
      acc = [...acc, ...slice];
      out.push(Int32Array.from(acc).sort());
    }
    return out;
  });
}
