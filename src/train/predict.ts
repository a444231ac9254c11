import { rowArgmax } from '../core/argmax.js';
import { QunlearnError } from '../core/errors.js';
import { softmax } from '../core/ops/softmax.js';
import { noGrad, type Tensor } from '../core/tensor.js';
import { stepScope } from '../core/workspace.js';
import { inEvalMode } from '../models/mode.js';
import type { Module } from '../models/module.js';
import { gatherFeatures, toBatches, type LabeledData } from './labeled-data.js';
import * as fdlibm from '../core/math.js';

/**
 * Outputs of `model` on the given rows in row order, in evaluation mode without a graph, each batch through `map`
 * (one step scope per batch: the batches reuse one set of buffers).
 */
function evaluateRows(
  model: Module,
  data: LabeledData,
  rows: Int32Array,
  batchSize: number,
  map: (logits: Tensor) => Tensor,
): Float64Array {
  return inEvalMode(model, () =>
    noGrad(() => {
      let out: Float64Array | null = null;
      let at = 0;
      for (const batch of toBatches(rows, batchSize)) {
        stepScope(() => {
          const values = map(model.forward(gatherFeatures(data, batch)));
          out ??= new Float64Array(rows.length * values.shape[1]);
          out.set(values.data, at);
          at += values.size;
        });
      }
      return out ?? new Float64Array(0);
    }),
  );
}

/**
 * Softmax outputs of `model` on the given rows, in row order ([rows.length, classes], row-major), computed in
 * evaluation mode without recording a graph; the model's previous mode is restored afterwards.
 */
export function predictProbabilities(
  model: Module,
  data: LabeledData,
  rows: Int32Array,
  batchSize = 256,
): Float64Array {
  return evaluateRows(model, data, rows, batchSize, softmax);
}

/** Logits of `model` on the given rows (as {@link predictProbabilities}, before the softmax). */
export function predictLogits(model: Module, data: LabeledData, rows: Int32Array, batchSize = 256): Float64Array {
  return evaluateRows(model, data, rows, batchSize, (logits) => logits);
}

function requireRows(what: string, rows: Int32Array): void {
  if (rows.length === 0)
    throw new QunlearnError('data', `${what} on an empty set of rows is undefined; pass at least one row`);
}

/** Per-row outcome of a model on labelled rows: cross-entropy (probabilities floored at 1e-12) and correctness. */
export interface RowOutcomes {
  loss: Float64Array;
  correct: Uint8Array;
}

/** Loss and correctness of every given row (evaluation mode, no graph), in row order. */
export function rowOutcomes(model: Module, data: LabeledData, rows: Int32Array, classes: number): RowOutcomes {
  const probs = predictProbabilities(model, data, rows);
  const predicted = rowArgmax(probs, classes);
  const loss = new Float64Array(rows.length);
  const correct = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const label = data.labels[rows[i]];
    loss[i] = -fdlibm.log(Math.max(probs[i * classes + label], 1e-12));
    correct[i] = predicted[i] === label ? 1 : 0;
  }
  return { loss, correct };
}

/** Fraction of rows whose predicted class equals the label; an empty set is an error. */
export function accuracyOf(model: Module, data: LabeledData, rows: Int32Array, classes: number): number {
  requireRows('accuracy', rows);
  return rowOutcomes(model, data, rows, classes).correct.reduce((a, b) => a + b, 0) / rows.length;
}

/**
 * Whether the model's accuracy on the rows is at least `target` — exactly `accuracyOf(...) >= target` (each row's
 * prediction does not depend on the rows batched with it) — evaluating `chunk` rows at a time and stopping as soon
 * as the rows left cannot change the answer: a model far from the target is judged on its first chunk.
 */
export function accuracyAtLeast(
  model: Module,
  data: LabeledData,
  rows: Int32Array,
  classes: number,
  target: number,
  chunk = 64,
): boolean {
  requireRows('accuracy', rows);
  const n = rows.length;
  let hits = 0;
  let seen = 0;
  for (const batch of toBatches(rows, chunk)) {
    const predicted = rowArgmax(predictProbabilities(model, data, batch, chunk), classes);
    for (let i = 0; i < batch.length; i++) if (predicted[i] === data.labels[batch[i]]) hits++;
    seen += batch.length;
    if (hits / n >= target) return true;
    if ((hits + n - seen) / n < target) return false;
  }
  return hits / n >= target;
}

/** Mean cross-entropy of the model on the given rows (evaluation mode, no graph); an empty set is an error. */
export function lossOf(model: Module, data: LabeledData, rows: Int32Array, classes: number): number {
  requireRows('loss', rows);
  return rowOutcomes(model, data, rows, classes).loss.reduce((a, b) => a + b, 0) / rows.length;
}

/** How the best epoch is chosen on the selection rows: highest accuracy (the reference) or lowest loss. */
export type SelectionMetric = 'accuracy' | 'loss';

/** A selection score (higher is better) for the epoch loop. */
export function selectionScore(
  model: Module,
  data: LabeledData,
  rows: Int32Array,
  classes: number,
  metric: SelectionMetric,
): number {
  return metric === 'accuracy' ? accuracyOf(model, data, rows, classes) : -lossOf(model, data, rows, classes);
}
