import { guaranteeColumns, type Guarantee } from '../unlearn/guarantee.js';
import type { MechanismOutcome } from '../unlearn/method.js';

/**
 * The guarantee columns of every method row, and for a method that trains its own mechanism: that mechanism's test
 * accuracy before the deletion and its cost against the monolithic teacher, the seconds its training took and the
 * deletion's speed-up over them (retraining the whole mechanism), the fraction of training work the deletion redid,
 * whether it had to retrain, and the share of a certified budget spent.
 */
export function mechanismColumns(
  guarantee: Guarantee,
  mechanism: MechanismOutcome | undefined,
  seconds: number,
  testAccuracy: (model: MechanismOutcome['before']) => number,
  teacherTestAccuracy: number,
): Record<string, string | number | boolean | null> {
  const columns: Record<string, string | number | boolean | null> = guaranteeColumns(guarantee);
  if (mechanism === undefined) return columns;
  const before = testAccuracy(mechanism.before);
  const used = mechanism.deletion.budget.budget_used;
  return {
    ...columns,
    mechanism_test_acc: before,
    mechanism_cost: teacherTestAccuracy - before,
    mechanism_seconds: mechanism.trainingSeconds,
    mechanism_speedup: seconds > 0 ? mechanism.trainingSeconds / seconds : null,
    work_redone: mechanism.deletion.workRedone,
    mechanism_retrained: mechanism.deletion.retrained,
    budget_used: typeof used === 'number' ? used : null,
  };
}
