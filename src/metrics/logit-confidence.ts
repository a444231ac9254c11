import type { FloatArray } from '../core/dtype.js';
import { QunlearnError, ShapeError } from '../core/errors.js';
import { checkClasses, checkLabels } from './validate.js';
import * as fdlibm from '../core/math.js';

/**
 * Floor inside both logarithms of the logit-scaled confidence: keeps φ finite when a confident model puts all its
 * mass on one class (the value the competition's scorer adds; here a floor, which differs by at most 1e-45).
 */
export const PHI_FLOOR = 1e-45;

/**
 * Logit-scaled confidence of each row, the statistic of LiRA and of the NeurIPS 2023 unlearning competition:
 * φ = log p_y − log Σ_{k≠y} p_k, with p the softmax of the row's logits (maximum subtracted first). The sum over
 * the wrong classes is taken directly, never as 1 − p_y, so a confident model keeps its precision.
 */
export function logitScaledConfidence(logits: FloatArray, labels: Int32Array, classes: number): Float64Array {
  checkClasses('logitScaledConfidence', classes);
  if (logits.length % classes !== 0) {
    throw new ShapeError(
      `logitScaledConfidence: logits has ${logits.length} values, which is not a whole number of rows of ${classes} classes`,
    );
  }
  const rows = logits.length / classes;
  checkLabels('logitScaledConfidence', 'labels', labels, rows, 'logits', classes);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const at = i * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) {
      const v = logits[at + c];
      if (!Number.isFinite(v))
        throw new QunlearnError('value', `logitScaledConfidence: logits[${i}, ${c}] = ${v} is not finite`);
      if (v > max) max = v;
    }
    let total = 0;
    let wrong = 0;
    for (let c = 0; c < classes; c++) {
      const e = fdlibm.exp(logits[at + c] - max);
      total += e;
      if (c !== labels[i]) wrong += e;
    }
    const right = fdlibm.exp(logits[at + labels[i]] - max) / total;
    out[i] = fdlibm.log(Math.max(right, PHI_FLOOR)) - fdlibm.log(Math.max(wrong / total, PHI_FLOOR));
  }
  return out;
}
