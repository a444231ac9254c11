import { QunlearnError } from '../core/errors.js';

/** Inputs of relearnTime. The caller owns the model and the optimiser; this procedure only counts. */
export interface RelearnOptions {
  /** Performs one fine-tuning step of the unlearned model (a copy of it) on the forget set. */
  readonly step: () => void;
  /**
   * Whether the current model's accuracy on the forget set is at least `target` (it may stop evaluating as soon as
   * the answer is certain, which is why it is asked as a question rather than for the accuracy).
   */
  readonly reaches: (target: number) => boolean;
  /** Accuracy to reach: the original model's forget accuracy, usually minus a small tolerance. */
  readonly target: number;
  /** Steps allowed before giving up. */
  readonly maxSteps: number;
}

/** Result of relearnTime. */
export interface RelearnResult {
  /** Steps taken until forget accuracy first reached the target (0 if it already had), or null if it never did. */
  readonly steps: number | null;
  /** True when the budget ran out before the target was reached. */
  readonly budgetExceeded: boolean;
}

/**
 * Relearn time: how many fine-tuning steps on the forget set bring the model back to the original model's forget
 * accuracy. Knowledge that was only hidden (not removed) returns in a few steps; a model that truly forgot needs
 * about as many as the oracle. Accuracy is checked before the first step and after every step.
 */
export function relearnTime(options: RelearnOptions): RelearnResult {
  const { step, reaches, target, maxSteps } = options;
  if (!(target >= 0 && target <= 1))
    throw new QunlearnError('value', `relearnTime: target = ${target} is not an accuracy in [0, 1]`);
  if (!Number.isInteger(maxSteps) || maxSteps < 0) {
    throw new QunlearnError('value', `relearnTime: maxSteps must be an integer >= 0, got ${maxSteps}`);
  }
  for (let taken = 0; ; taken++) {
    if (reaches(target)) return { steps: taken, budgetExceeded: false };
    if (taken === maxSteps) return { steps: null, budgetExceeded: true };
    step();
  }
}
