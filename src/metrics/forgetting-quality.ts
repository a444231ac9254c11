import { QunlearnError } from '../core/errors.js';
import { checkRate } from './validate.js';
import * as fdlibm from '../core/math.js';

/** Width of the ε buckets of the forgetting quality. */
export const BUCKET_WIDTH = 0.5;

/**
 * The points an example with this ε earns at N models per population: buckets of width 0.5 from 0 up to
 * ceil(ln(N − 1)); the first is worth 1, each next one half the previous, and ε beyond the last bucket earns 0
 * (the competition's scorer: with N models, larger ε cannot be told apart).
 */
export function epsilonPoints(epsilon: number, models: number): number {
  const top = Math.ceil(fdlibm.log(models - 1));
  let points = 1;
  for (let start = 0; start + BUCKET_WIDTH <= top; start += BUCKET_WIDTH) {
    if (epsilon < start + BUCKET_WIDTH) return points;
    points /= 2;
  }
  return 0;
}

/**
 * Forgetting quality F: the mean points of the forget examples' ε at N models per population. 1 means no example
 * can be told apart at this N; 0 means every one is exposed.
 */
export function forgettingQuality(epsilons: ArrayLike<number>, models: number): number {
  if (!Number.isInteger(models) || models < 3) {
    throw new QunlearnError(
      'value',
      `forgettingQuality: models must be an integer >= 3 (ε buckets go up to ceil(ln(N − 1))), got ${models}`,
    );
  }
  if (epsilons.length === 0)
    throw new QunlearnError('value', 'forgettingQuality: no forget example was scored; pass at least one ε');
  let total = 0;
  for (let i = 0; i < epsilons.length; i++) {
    if (!(epsilons[i] >= 0))
      throw new QunlearnError('value', `forgettingQuality: epsilons[${i}] = ${epsilons[i]} is not an ε >= 0`);
    total += epsilonPoints(epsilons[i], models);
  }
  return total / epsilons.length;
}

/** Mean accuracies of a population of models. */
export interface PopulationUtility {
  retainAcc: number;
  testAcc: number;
}

/**
 * The competition's final score: F × (retain accuracy of the unlearned models / of the retrained models) ×
 * (test accuracy likewise), with the mean accuracies of each population. A retrained population at 0 accuracy
 * leaves the ratio undefined: the score is NaN then.
 */
export function auditScore(quality: number, unlearned: PopulationUtility, retrained: PopulationUtility): number {
  checkRate('auditScore', 'quality', quality);
  for (const [name, p] of [
    ['unlearned', unlearned],
    ['retrained', retrained],
  ] as const) {
    checkRate('auditScore', `${name}.retainAcc`, p.retainAcc);
    checkRate('auditScore', `${name}.testAcc`, p.testAcc);
  }
  if (retrained.retainAcc === 0 || retrained.testAcc === 0) return NaN;
  return quality * (unlearned.retainAcc / retrained.retainAcc) * (unlearned.testAcc / retrained.testAcc);
}
