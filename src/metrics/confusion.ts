import { QunlearnError, ShapeError } from '../core/errors.js';
import { checkClasses } from './validate.js';

/**
 * Confusion matrix (classes × classes, row-major, Int32Array): entry [t, p] counts samples of true class t predicted
 * as p, the layout of scikit-learn's confusion_matrix.
 */
export function confusionMatrix(predictions: Int32Array, labels: Int32Array, classes: number): Int32Array {
  checkClassPairs('confusionMatrix', predictions, labels, classes);
  const out = new Int32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) out[labels[i] * classes + predictions[i]]++;
  return out;
}

/**
 * Accuracy within each true class (per-class recall). A class with no samples gets null, not 0: in scenario B the
 * forgotten class is absent from the retain set, and "no samples" must not read as "all wrong".
 */
export function perClassAccuracy(predictions: Int32Array, labels: Int32Array, classes: number): Array<number | null> {
  const matrix = confusionMatrix(predictions, labels, classes);
  const out: Array<number | null> = [];
  for (let t = 0; t < classes; t++) {
    let total = 0;
    for (let p = 0; p < classes; p++) total += matrix[t * classes + p];
    out.push(total === 0 ? null : matrix[t * classes + t] / total);
  }
  return out;
}

function checkClassPairs(fn: string, predictions: Int32Array, labels: Int32Array, classes: number): void {
  checkClasses(fn, classes);
  if (predictions.length === 0) throw new ShapeError(`${fn}: predictions is empty; pass at least one prediction`);
  if (labels.length !== predictions.length) {
    throw new ShapeError(`${fn}: labels has ${labels.length} entries but predictions has ${predictions.length}`);
  }
  for (const [arg, values] of [
    ['predictions', predictions],
    ['labels', labels],
  ] as const) {
    for (let i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= classes) {
        throw new QunlearnError(
          'value',
          `${fn}: ${arg}[${i}] = ${values[i]} is not a class index in [0, ${classes - 1}]`,
        );
      }
    }
  }
}
