import { checkRate } from './validate.js';
import type { SetAccuracies } from './accuracy.js';

/** Accuracy drops from the original model to the unlearned one, and the reference's UQI. */
export interface AccuracyDrops {
  /** acc_original(D_f) − acc_unlearned(D_f): how much forget-set accuracy was given up. */
  readonly forget_drop: number;
  /** acc_original(D_r) − acc_unlearned(D_r): collateral damage on the retained data. */
  readonly retain_drop: number;
  /** acc_original(test) − acc_unlearned(test): collateral damage on unseen data. */
  readonly test_drop: number;
  /** forget_drop − 0.5·(retain_drop + test_drop). */
  readonly uqi: number;
}

/** UQI = forget_drop − 0.5·(retain_drop + test_drop), exactly as the reference defines it. */
export function unlearningQualityIndex(forgetDrop: number, retainDrop: number, testDrop: number): number {
  return forgetDrop - 0.5 * (retainDrop + testDrop);
}

/**
 * Drops of the unlearned model u against the original model o (the teacher, not the oracle) and their UQI.
 * A drop is acc_o − acc_u, so a positive forget_drop means u forgot something o knew. The reference reads a larger
 * UQI as better; note that a forget_drop beyond what the oracle itself shows is over-forgetting, not success.
 */
export function accuracyDrops(original: SetAccuracies, unlearned: SetAccuracies): AccuracyDrops {
  for (const set of ['forget', 'retain', 'test'] as const) {
    checkRate('accuracyDrops', `original.${set}`, original[set]);
    checkRate('accuracyDrops', `unlearned.${set}`, unlearned[set]);
  }
  const forget_drop = original.forget - unlearned.forget;
  const retain_drop = original.retain - unlearned.retain;
  const test_drop = original.test - unlearned.test;
  return { forget_drop, retain_drop, test_drop, uqi: unlearningQualityIndex(forget_drop, retain_drop, test_drop) };
}
