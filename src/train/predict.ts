import { softmax } from '../core/ops/softmax.js';
import { noGrad } from '../core/tensor.js';
import type { Module } from '../models/module.js';
import { gatherFeatures, toBatches, type LabeledData } from './labeled-data.js';

/**
 * Softmax outputs of `model` on the given rows, in row order ([rows.length, classes], row-major), computed in
 * evaluation mode without recording a graph; the model's previous mode is restored afterwards.
 */
export function predictProbabilities(model: Module, data: LabeledData, rows: Int32Array, batchSize = 256): Float64Array {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let out: Float64Array | null = null;
      let at = 0;
      for (const batch of toBatches(rows, batchSize)) {
        const probs = softmax(model.forward(gatherFeatures(data, batch)));
        out ??= new Float64Array(rows.length * probs.shape[1]);
        out.set(probs.data, at);
        at += probs.size;
      }
      return out ?? new Float64Array(0);
    });
  } finally {
    model.train(wasTraining);
  }
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
