import { mul, sub } from '../core/ops/binary.js';
import { crossEntropy, klDivergence } from '../core/ops/loss.js';
import { mean, sum } from '../core/ops/reduce.js';
import { logSoftmax, softmax } from '../core/ops/softmax.js';
import { noGrad, type Tensor } from '../core/tensor.js';
import { inEvalMode } from '../models/mode.js';
import type { Module } from '../models/module.js';
import { gatherFeatures, gatherLabels, type LabeledData } from '../train/labeled-data.js';
import * as fdlibm from '../core/math.js';

/** Cross-entropy of the model on the given rows with their true labels (or the labels given). */
export function crossEntropyOn(model: Module, data: LabeledData, rows: Int32Array, labels?: Int32Array): Tensor {
  return crossEntropy(model.forward(gatherFeatures(data, rows)), labels ?? gatherLabels(data, rows));
}

/** Probabilities of a frozen model (evaluation mode, no graph), as a constant target for distillation. */
export function targetProbabilities(model: Module, data: LabeledData, rows: Int32Array, temperature = 1): Tensor {
  return inEvalMode(model, () =>
    noGrad(() => {
      const logits = model.forward(gatherFeatures(data, rows));
      return softmax(temperature === 1 ? logits : mul(logits, 1 / temperature));
    }),
  );
}

/**
 * KL(p_target ‖ p_student) averaged over rows, with the student's softmax at `temperature` (probabilities clipped
 * at 1e-8 as in the reference's SCRUB).
 */
export function distillationKl(target: Tensor, studentLogits: Tensor, temperature = 1): Tensor {
  const scaled = temperature === 1 ? studentLogits : mul(studentLogits, 1 / temperature);
  return klDivergence(target, softmax(scaled));
}

/**
 * KL(p ‖ uniform) = log C − H(p), averaged over rows: zero exactly when the prediction is uniform. Written with
 * log-softmax so that it stays finite for confident predictions.
 */
export function klToUniform(logits: Tensor): Tensor {
  const classes = logits.shape[1];
  const logp = logSoftmax(logits);
  const p = softmax(logits);
  return mean(sum(mul(p, sub(logp, fdlibm.log(1 / classes))), 1));
}
