import { toBatches } from '../train/labeled-data.js';
import { shuffledRows } from '../train/shuffle.js';
import type { UnlearnContext } from './context.js';

/** One epoch's shuffled batches of `rows`, from the method's stream named `loader` (e.g. 'forget', 'retain'). */
export function epochBatches(context: UnlearnContext, rows: Int32Array, loader: string, epoch: number): Int32Array[] {
  return toBatches(shuffledRows(rows, context.rng.stream(loader), epoch), context.base.batchSize);
}
