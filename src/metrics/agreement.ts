import type { FloatArray } from '../core/dtype.js';
import { rowArgmax } from '../core/argmax.js';
import { matchRate } from './accuracy.js';
import { checkAligned } from './validate.js';

/**
 * Agreement with the oracle: mean_i(argmax u_i = argmax oracle_i) on aligned rows (row i of both is the same
 * sample). Ties inside a row resolve to the first class, as argmaxRows does.
 */
export function agreement(unlearned: FloatArray, oracle: FloatArray, classes: number): number {
  checkAligned('agreement', 'unlearned', unlearned, 'oracle', oracle, classes);
  return matchRate(rowArgmax(unlearned, classes), rowArgmax(oracle, classes));
}
