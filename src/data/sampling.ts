import { QunlearnError } from '../core/errors.js';
import type { Rng } from '../core/random.js';

/** Checks a per-class sample count from loader options (a positive integer) and returns it. */
export function checkPerClass(loader: string, perClass: number): number {
  if (!Number.isSafeInteger(perClass) || perClass <= 0) {
    throw new QunlearnError('config', `${loader}: perClass must be a positive integer, got ${perClass}`);
  }
  return perClass;
}

/**
 * Draws `perClass` of the `available` rows of class `classId` (positions 0..available-1 in the class's own order)
 * without replacement, by a partial Fisher-Yates shuffle from the stream `class-<classId>` of `rng`: the same
 * distribution as the reference's "random permutation, keep the first N", and one class's draw never depends on
 * another's. A class with too few rows is an error naming it.
 */
export function sampleClass(
  rng: Rng,
  classId: number,
  className: string,
  available: number,
  perClass: number,
  what: string,
): Int32Array {
  if (available < perClass) {
    throw new QunlearnError(
      'config',
      `${what}: class ${classId} ('${className}') has only ${available} samples, fewer than the ${perClass} per class requested; lower perClass`,
    );
  }
  return rng.stream(`class-${classId}`).choice(available, perClass);
}

/**
 * Class-balanced sample of a pool: `perClass` rows of each class (see {@link sampleClass}). Returns pool row ids
 * grouped by class (class 0 first), each group in draw order.
 */
export function samplePerClass(
  labels: ArrayLike<number>,
  classNames: readonly string[],
  perClass: number,
  rng: Rng,
  what: string,
): Int32Array {
  const numClasses = classNames.length;
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const out = new Int32Array(numClasses * perClass);
  for (let c = 0; c < numClasses; c++) {
    const picked = sampleClass(rng, c, classNames[c], byClass[c].length, perClass, what);
    for (let j = 0; j < perClass; j++) out[c * perClass + j] = byClass[c][picked[j]];
  }
  return out;
}
