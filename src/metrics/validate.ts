import type { FloatArray } from '../core/dtype.js';
import { QunlearnError, ShapeError } from '../core/errors.js';

/**
 * Boundary checks shared by the metric functions. Each public metric validates its arguments once, with its own
 * name and argument names, so that a message points at the caller's mistake; the loops behind it then trust the data.
 */

/**
 * How far a probability row's sum may stray from 1. A float32 softmax over a few hundred classes stays orders of
 * magnitude below this, while logits passed by mistake miss it by far.
 */
const ROW_SUM_TOLERANCE = 1e-3;

/** Checks that `classes` is an integer of at least 2. */
export function checkClasses(fn: string, classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) {
    throw new QunlearnError('value', `${fn}: classes must be an integer >= 2, got ${classes}`);
  }
}

/** Checks rows of probabilities (n × classes, row-major, each row summing to 1) and returns n. */
export function checkProbabilities(fn: string, arg: string, probs: FloatArray, classes: number): number {
  checkClasses(fn, classes);
  if (probs.length === 0) throw new ShapeError(`${fn}: ${arg} is empty; pass at least one probability row`);
  if (probs.length % classes !== 0) {
    throw new ShapeError(
      `${fn}: ${arg} has ${probs.length} values, which is not a whole number of rows of ${classes} classes`,
    );
  }
  const rows = probs.length / classes;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const v = probs[i * classes + c];
      if (!(v >= 0 && v <= 1)) {
        throw new QunlearnError('value', `${fn}: ${arg}[${i}, ${c}] = ${v} is not a probability in [0, 1]`);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new QunlearnError(
        'value',
        `${fn}: ${arg} row ${i} sums to ${sum}, not 1 (pass softmax probabilities, not logits)`,
      );
    }
  }
  return rows;
}

/** Checks that two probability arrays describe the same rows (aligned samples) and returns the row count. */
export function checkAligned(
  fn: string,
  argP: string,
  p: FloatArray,
  argQ: string,
  q: FloatArray,
  classes: number,
): number {
  const rows = checkProbabilities(fn, argP, p, classes);
  const rowsQ = checkProbabilities(fn, argQ, q, classes);
  if (rows !== rowsQ) {
    throw new ShapeError(
      `${fn}: ${argP} has ${rows} rows but ${argQ} has ${rowsQ}; row i of both must be the same sample (aligned rows)`,
    );
  }
  return rows;
}

/** Checks integer class labels: one per row, each in [0, classes). */
export function checkLabels(
  fn: string,
  arg: string,
  labels: Int32Array,
  rows: number,
  rowsArg: string,
  classes: number,
): void {
  if (labels.length !== rows) {
    throw new ShapeError(`${fn}: ${arg} has ${labels.length} entries but ${rowsArg} has ${rows} rows`);
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0 || labels[i] >= classes) {
      throw new QunlearnError(
        'value',
        `${fn}: ${arg}[${i}] = ${labels[i]} is not a class index in [0, ${classes - 1}]`,
      );
    }
  }
}

/** Checks a non-empty array of finite scores. */
export function checkScores(fn: string, arg: string, scores: Float64Array): void {
  if (scores.length === 0) throw new ShapeError(`${fn}: ${arg} is empty; pass at least one score`);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]))
      throw new QunlearnError('value', `${fn}: ${arg}[${i}] = ${scores[i]} is not finite`);
  }
}

/** Checks that a value is a finite number in [0, 1] (an accuracy or rate). */
export function checkRate(fn: string, arg: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new QunlearnError('value', `${fn}: ${arg} = ${value} is not a rate in [0, 1]`);
}
