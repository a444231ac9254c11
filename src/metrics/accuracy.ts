import { rowArgmax } from '../core/argmax.js';
import type { FloatArray } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import { checkLabels, checkProbabilities } from './validate.js';

/** Accuracies of one model on the three sets of an unlearning scenario. */
export interface SetAccuracies {
  readonly forget: number;
  readonly retain: number;
  readonly test: number;
}

/** Index of each row's largest probability; the first index wins ties, as in torch.argmax and numpy.argmax. */
export function argmaxRows(probs: FloatArray, classes: number): Int32Array {
  checkProbabilities('argmaxRows', 'probs', probs, classes);
  return rowArgmax(probs, classes);
}

/** Fraction of predictions equal to their labels: mean(prediction = label). */
export function accuracy(predictions: Int32Array, labels: Int32Array): number {
  if (predictions.length === 0) throw new ShapeError('accuracy: predictions is empty; pass at least one prediction');
  if (labels.length !== predictions.length) {
    throw new ShapeError(`accuracy: labels has ${labels.length} entries but predictions has ${predictions.length}`);
  }
  return matchRate(predictions, labels);
}

/** Accuracy of probability rows against labels: mean(argmax p = y), the reference's acc(S). */
export function accuracyOfProbabilities(probs: FloatArray, classes: number, labels: Int32Array): number {
  const rows = checkProbabilities('accuracyOfProbabilities', 'probs', probs, classes);
  checkLabels('accuracyOfProbabilities', 'labels', labels, rows, 'probs', classes);
  return matchRate(rowArgmax(probs, classes), labels);
}

/** Fraction of positions where two equally long integer arrays agree. */
export function matchRate(a: Int32Array, b: Int32Array): number {
  let hits = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) hits++;
  return hits / a.length;
}
