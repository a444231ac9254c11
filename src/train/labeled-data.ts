import { QunlearnError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { scratch } from '../core/workspace.js';

/** Rows of features with integer labels: what the trainers consume (a data-layer Dataset fits this shape). */
export interface LabeledData {
  features: Float64Array;
  featureShape: readonly number[];
  labels: Int32Array;
}

/** Copies the given rows into a batch tensor [rows.length, ...featureShape] (recycled inside a step scope). */
export function gatherFeatures(data: LabeledData, rows: ArrayLike<number>): Tensor {
  const width = sizeOf(data.featureShape);
  const out = scratch(Float64Array, rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out.set(data.features.subarray(r * width, (r + 1) * width), i * width);
  }
  return new Tensor(out, [rows.length, ...data.featureShape]);
}

/** The labels of the given rows (recycled inside a step scope). */
export function gatherLabels(data: LabeledData, rows: ArrayLike<number>): Int32Array {
  const out = scratch(Int32Array, rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = data.labels[rows[i]];
  return out;
}

/** Splits rows into consecutive batches of at most `batchSize` (the last one may be smaller, as PyTorch's DataLoader). */
export function toBatches(rows: Int32Array, batchSize: number): Int32Array[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new QunlearnError('config', `batch size must be a positive integer, got ${batchSize}`);
  }
  const out: Int32Array[] = [];
  for (let i = 0; i < rows.length; i += batchSize) out.push(rows.subarray(i, Math.min(rows.length, i + batchSize)));
  return out;
}
