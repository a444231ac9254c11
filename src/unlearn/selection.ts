import { QunlearnError } from '../core/errors.js';
import type { Module } from '../models/module.js';
import type { LabeledData } from '../train/labeled-data.js';
import { rowOutcomes, type SelectionMetric } from '../train/predict.js';
import {
  makeSelectionPolicy,
  type SelectionPolicy,
  type SelectionPolicyName,
  type TargetCheck,
} from '../train/selection.js';

/**
 * What the forget set of a scenario is compared with, using only what a real unlearner has (no oracle, no test
 * set). `held-out-loss` (subset forgetting, deletion requests): the forget rows' mean loss against the mean loss of
 * validation rows of the same classes, weighted to the forget set's class mix. `unseen-class` (every forget row's
 * class is absent from the retain set): accuracy on the forget rows against the level of a model that never saw the
 * class, which is 0 (a classifier trained without a class gets no evidence for it).
 */
export interface ForgetTarget {
  kind: 'held-out-loss' | 'unseen-class';
  forget: Int32Array;
  /** `held-out-loss`: validation rows of the forget set's classes; empty for `unseen-class`. */
  heldOut: Int32Array;
  tolerance: TargetTolerance;
}

/**
 * When the target counts as reached. The loss gap is compared with `standardErrors` standard errors of the
 * difference of the two means (at least `lossFloor` nats), so a forget set of 3 rows is judged with the uncertainty
 * 3 rows carry; forgotten-class accuracy must be at most `accuracy` above the never-seen level.
 */
export interface TargetTolerance {
  standardErrors: number;
  lossFloor: number;
  accuracy: number;
}

/** The stated default tolerance of the forget target (docs/protocol.md). */
export const DEFAULT_TARGET_TOLERANCE: TargetTolerance = { standardErrors: 2, lossFloor: 0.01, accuracy: 0.05 };

/** How method runs choose their epoch: set by the protocol, never read by the methods themselves. */
export interface MethodSelection {
  policy: SelectionPolicyName;
  /** Rows scoring retained utility (validation rows of retained classes; the test rows under `paper`); null = none. */
  utilityRows: Int32Array | null;
  metric: SelectionMetric;
  /** The forget target, or null when the protocol has none (a subset scenario without validation rows). */
  target: ForgetTarget | null;
}

/** The classes of the forget rows, and whether every one of them is absent from the retain set (class forgetting). */
export function forgottenClasses(
  labels: Int32Array,
  retain: Int32Array,
  forget: Int32Array,
): { classes: number[]; wholeClasses: boolean } {
  const retained = new Set<number>();
  for (const r of retain) retained.add(labels[r]);
  const classes = [...new Set(Array.from(forget, (r) => labels[r]))].sort((a, b) => a - b);
  return { classes, wholeClasses: classes.every((c) => !retained.has(c)) };
}

/** Validation rows of the given classes. */
export function rowsOfClasses(labels: Int32Array, rows: Int32Array, classes: readonly number[]): Int32Array {
  const keep = new Set(classes);
  return rows.filter((r) => keep.has(labels[r]));
}

/**
 * The forget target of a scenario. A subset scenario needs validation rows of every class in its forget set (null
 * when there is no validation split at all: the `paper` preset); a class scenario needs none.
 */
export function forgetTargetOf(
  labels: Int32Array,
  retain: Int32Array,
  forget: Int32Array,
  validation: Int32Array | null,
  tolerance: TargetTolerance = DEFAULT_TARGET_TOLERANCE,
): ForgetTarget | null {
  const { classes, wholeClasses } = forgottenClasses(labels, retain, forget);
  if (wholeClasses) return { kind: 'unseen-class', forget, heldOut: new Int32Array(0), tolerance };
  if (validation === null || validation.length === 0) return null;
  const heldOut = rowsOfClasses(labels, validation, classes);
  const missing = classes.filter((c) => !heldOut.some((r) => labels[r] === c));
  if (missing.length > 0) {
    throw new QunlearnError(
      'data',
      `the forget target needs validation rows of every class in the forget set; class ${missing.join(', ')} has none (raise --validation-fraction)`,
    );
  }
  return { kind: 'held-out-loss', forget, heldOut, tolerance };
}

function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number; n: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, variance: n > 1 ? ss / (n - 1) : 0, n };
}

/**
 * The target check from per-row outcomes: forget-row losses against held-out losses per class, weighted by the
 * forget set's class proportions (standard error of the difference from the per-class sample variances), or
 * forgotten-class accuracy against 0.
 */
export function checkTarget(
  target: ForgetTarget,
  labels: Int32Array,
  forget: { loss: Float64Array; correct: Uint8Array },
  heldOutLoss: Float64Array,
): TargetCheck {
  const { tolerance } = target;
  if (target.kind === 'unseen-class') {
    const value = forget.correct.reduce((a, b) => a + b, 0) / forget.correct.length;
    return {
      measure: 'accuracy',
      value,
      target: 0,
      tolerance: tolerance.accuracy,
      distance: value,
      reached: value <= tolerance.accuracy,
    };
  }
  const f = meanAndVariance(forget.loss);
  const byClass = new Map<number, number[]>();
  target.heldOut.forEach((r, i) => byClass.set(labels[r], [...(byClass.get(labels[r]) ?? []), heldOutLoss[i]]));
  const weights = new Map<number, number>();
  for (const r of target.forget) weights.set(labels[r], (weights.get(labels[r]) ?? 0) + 1 / target.forget.length);
  let level = 0;
  let variance = f.n > 0 ? f.variance / f.n : 0;
  for (const [c, w] of weights) {
    const h = meanAndVariance(byClass.get(c)!);
    level += w * h.mean;
    variance += (w * w * h.variance) / h.n;
  }
  const tol = Math.max(tolerance.standardErrors * Math.sqrt(variance), tolerance.lossFloor);
  const distance = Math.abs(f.mean - level);
  return { measure: 'loss', value: f.mean, target: level, tolerance: tol, distance, reached: distance <= tol };
}

/**
 * The policy a method run uses. After each epoch one evaluation pass over the rows involved measures retained
 * utility on the utility rows (minus their mean loss, or their accuracy) and, whenever the scenario has one, the
 * forget target, so every run reports whether it reached the target, whatever policy selected its epoch.
 */
export function methodSelectionPolicy(
  model: Module,
  data: LabeledData,
  classes: number,
  selection: MethodSelection,
  policy: SelectionPolicyName,
): SelectionPolicy {
  const { target, metric } = selection;
  const utilityRows = selection.utilityRows !== null && selection.utilityRows.length > 0 ? selection.utilityRows : null;
  if (policy === 'forget-target' && (target === null || utilityRows === null)) {
    throw new QunlearnError(
      'config',
      "the forget-target selection needs validation rows (the sound preset has them); under the paper preset use the 'utility' or 'last' selection",
    );
  }
  if (utilityRows === null && target === null) return makeSelectionPolicy(policy);
  const groups = [
    utilityRows ?? new Int32Array(0),
    target?.heldOut ?? new Int32Array(0),
    target?.forget ?? new Int32Array(0),
  ];
  const all = new Int32Array(groups.reduce((n, g) => n + g.length, 0));
  const offsets = [0, groups[0].length, groups[0].length + groups[1].length, all.length];
  groups.forEach((g, i) => all.set(g, offsets[i]));
  return makeSelectionPolicy(policy, () => {
    const { loss, correct } = rowOutcomes(model, data, all, classes);
    const part = <T extends Float64Array | Uint8Array>(a: T, i: number): T =>
      a.subarray(offsets[i], offsets[i + 1]) as T;
    let utility: number | null = null;
    if (utilityRows !== null) {
      const values: ArrayLike<number> = metric === 'loss' ? part(loss, 0) : part(correct, 0);
      const mean = meanAndVariance(values).mean;
      utility = metric === 'loss' ? -mean : mean;
    }
    const check =
      target === null
        ? null
        : checkTarget(target, data.labels, { loss: part(loss, 2), correct: part(correct, 2) }, part(loss, 1));
    return { utility, target: check };
  });
}
