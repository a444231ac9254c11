import { softmax } from '../core/ops/softmax.js';
import { noGrad, type Tensor } from '../core/tensor.js';
import type { Module } from '../models/module.js';
import { gatherFeatures, toBatches, type LabeledData } from './labeled-data.js';

/** Outputs of `model` on the given rows in row order, in evaluation mode without a graph, each batch through `map`. */
function evaluateRows(model: Module, data: LabeledData, rows: Int32Array, batchSize: number, map: (logits: Tensor) => Tensor): Float64Array {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let out: Float64Array | null = null;
      let at = 0;
      for (const batch of toBatches(rows, batchSize)) {
        const values = map(model.forward(gatherFeatures(data, batch)));
        out ??= new Float64Array(rows.length * values.shape[1]);
        out.set(values.data, at);
        at += values.size;
      }
      return out ?? new Float64Array(0);
    });
  } finally {
    model.train(wasTraining);
  }
}

/**
 * Softmax outputs of `model` on the given rows, in row order ([rows.length, classes], row-major), computed in
 * evaluation mode without recording a graph; the model's previous mode is restored afterwards.
 */
export function predictProbabilities(model: Module, data: LabeledData, rows: Int32Array, batchSize = 256): Float64Array {
  return evaluateRows(model, data, rows, batchSize, softmax);
}

/** Logits of `model` on the given rows (as {@link predictProbabilities}, before the softmax). */
export function predictLogits(model: Module, data: LabeledData, rows: Int32Array, batchSize = 256): Float64Array {
  return evaluateRows(model, data, rows, batchSize, (logits) => logits);
}

/** Row-wise argmax of probability (or logit) rows with `classes` columns. */
export function predictedClasses(rows: Float64Array, classes: number): Int32Array {
  const n = rows.length / classes;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (rows[r * classes + c] > rows[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Fraction of rows whose predicted class equals the label (0 for an empty set). */
export function accuracyOf(model: Module, data: LabeledData, rows: Int32Array, classes: number): number {
  if (rows.length === 0) return 0;
  const predicted = predictedClasses(predictProbabilities(model, data, rows), classes);
  let correct = 0;
  for (let i = 0; i < rows.length; i++) if (predicted[i] === data.labels[rows[i]]) correct++;
  return correct / rows.length;
}

/** Mean cross-entropy of the model on the given rows (evaluation mode, no graph). */
export function lossOf(model: Module, data: LabeledData, rows: Int32Array, classes: number): number {
  if (rows.length === 0) return 0;
  const probs = predictProbabilities(model, data, rows);
  let sum = 0;
  for (let i = 0; i < rows.length; i++) sum -= Math.log(Math.max(probs[i * classes + data.labels[rows[i]]], 1e-12));
  return sum / rows.length;
}

/** How the best epoch is chosen on the selection rows: highest accuracy (the reference) or lowest loss. */
export type SelectionMetric = 'accuracy' | 'loss';

/** A selection score (higher is better) for the epoch loop. */
export function selectionScore(model: Module, data: LabeledData, rows: Int32Array, classes: number, metric: SelectionMetric): number {
  return metric === 'accuracy' ? accuracyOf(model, data, rows, classes) : -lossOf(model, data, rows, classes);
}
