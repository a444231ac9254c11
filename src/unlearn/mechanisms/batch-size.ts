/**
 * The smallest batch size ≥ `batchSize` whose last batch of `rows` is not a single row. Mechanisms train on row sets
 * of any size (a shard's slices, a public split), and batch normalisation cannot train on one row; the rule depends
 * only on the counts, so a mechanism retrained on the same rows batches them the same way.
 */
export function batchSizeFor(rows: number, batchSize: number): number {
  let size = batchSize;
  while (rows > 1 && rows % size === 1) size++;
  return size;
}
