import type { Rng } from '../core/random.js';
import { rocAuc } from './auc.js';
import {
  fitLogisticRegression,
  logisticDecision,
  type LogisticRegressionModel,
  type LogisticRegressionOptions,
} from './logistic-regression.js';
import { MIA_ATTACKS, membershipFeatures, type LabelledProbabilities, type MiaAttack } from './mia-scores.js';
import { attackOutcome, fitThreshold, type AttackOutcome, type FittedThreshold } from './threshold-attack.js';
import { checkLabels, checkProbabilities } from './validate.js';

/**
 * Calibrated membership-inference attacks (Song & Mittal's threshold attacks and a learned attack). The attacker
 * learns what membership looks like on a calibration task where it is known — retain samples (members) against
 * held-out data (non-members) — and is then scored on the target task: the forget set against other held-out rows,
 * of the forget set's classes in its class mix. The caller keeps the two non-member sets disjoint, so no non-member
 * is both fitted on and evaluated.
 *
 * Class balance: the larger calibration side is subsampled (seeded) to the size of the smaller, so that neither the
 * threshold nor the regression can win by predicting the majority class. On the target task the AUC, balanced
 * accuracy and advantage do not depend on the mix; plain accuracy does and is reported for completeness only.
 */

/** Inputs of calibratedAttack: one model's softmax outputs on three sets. */
export interface CalibratedAttackInput {
  readonly classes: number;
  /** Calibration members: training samples of the attacked model that are not being forgotten (the retain set). */
  readonly calibrationMembers: LabelledProbabilities;
  /** Held-out samples no model trained on, for calibration. */
  readonly calibrationNonMembers: LabelledProbabilities;
  /** Target members: the forget set. */
  readonly targetMembers: LabelledProbabilities;
  /** Held-out samples of the forget set's classes, disjoint from the calibration non-members. */
  readonly targetNonMembers: LabelledProbabilities;
  /**
   * Seeded generator for the balancing. Only its key is used (through a named sub-stream), so passing the same
   * generator for the unlearned model and for the oracle attacks both on identical samples.
   */
  readonly rng: Rng;
  readonly logistic?: LogisticRegressionOptions;
}

/** A threshold attack on one score: the fitted threshold and how it did on the target task. */
export interface ThresholdAttackResult extends FittedThreshold {
  readonly target: AttackOutcome;
}

/** The logistic-regression attack on [confidence, −loss, −entropy, −modified entropy]. */
export interface LogisticAttackResult {
  /** ROC-AUC of the fitted decision score on the target task. */
  readonly auc: number;
  /** Outcome of "member iff P(member) ≥ 0.5" on the target task. */
  readonly target: AttackOutcome;
  readonly model: LogisticRegressionModel;
}

/** Results of calibratedAttack. */
export interface CalibratedAttackReport {
  readonly threshold: Record<MiaAttack, ThresholdAttackResult>;
  readonly logistic: LogisticAttackResult;
  /** Sample counts actually used (after balancing the calibration task). */
  readonly sizes: {
    readonly calibrationMembers: number;
    readonly calibrationNonMembers: number;
    readonly targetMembers: number;
    readonly targetNonMembers: number;
  };
}

/** Fits threshold and logistic-regression attacks on the calibration task and scores them on the target task. */
export function calibratedAttack(input: CalibratedAttackInput): CalibratedAttackReport {
  const { classes } = input;
  const dims = MIA_ATTACKS.length;
  const sets = ['calibrationMembers', 'calibrationNonMembers', 'targetMembers', 'targetNonMembers'] as const;
  const features = {} as Record<(typeof sets)[number], Float64Array>;
  for (const arg of sets) {
    const set = input[arg];
    const rows = checkProbabilities('calibratedAttack', `${arg}.probs`, set.probs, classes);
    checkLabels('calibratedAttack', `${arg}.labels`, set.labels, rows, `${arg}.probs`, classes);
    features[arg] = membershipFeatures(set.probs, classes, set.labels);
  }
  let calNonMembers = features.calibrationNonMembers;
  const targetNonMembers = features.targetNonMembers;
  let calMembers = features.calibrationMembers;
  const nm = calMembers.length / dims;
  const nn = calNonMembers.length / dims;
  const balance = input.rng.stream('calibration-balance');
  if (nm > nn) calMembers = selectRows(calMembers, dims, balance.choice(nm, nn));
  else if (nn > nm) calNonMembers = selectRows(calNonMembers, dims, balance.choice(nn, nm));
  const targetMembers = features.targetMembers;

  const threshold = {} as Record<MiaAttack, ThresholdAttackResult>;
  MIA_ATTACKS.forEach((attack, j) => {
    const fitted = fitThreshold(column(calMembers, dims, j), column(calNonMembers, dims, j));
    const target = attackOutcome(column(targetMembers, dims, j), column(targetNonMembers, dims, j), fitted.threshold);
    threshold[attack] = { ...fitted, target };
  });

  const size = calMembers.length / dims;
  const trainFeatures = new Float64Array(2 * size * dims);
  trainFeatures.set(calMembers);
  trainFeatures.set(calNonMembers, size * dims);
  const trainLabels = new Int32Array(2 * size);
  trainLabels.fill(1, 0, size);
  const model = fitLogisticRegression(trainFeatures, dims, trainLabels, input.logistic);
  const memberDecision = logisticDecision(model, targetMembers);
  const nonMemberDecision = logisticDecision(model, targetNonMembers);
  const logistic: LogisticAttackResult = {
    auc: rocAuc(memberDecision, nonMemberDecision),
    target: attackOutcome(memberDecision, nonMemberDecision, 0),
    model,
  };

  return {
    threshold,
    logistic,
    sizes: {
      calibrationMembers: size,
      calibrationNonMembers: size,
      targetMembers: targetMembers.length / dims,
      targetNonMembers: targetNonMembers.length / dims,
    },
  };
}

/** CSV column name of a calibrated-attack result. */
export type CalibratedAttackKey =
  | `mia_cal_threshold_adv_${MiaAttack}`
  | `mia_cal_threshold_bacc_${MiaAttack}`
  | 'mia_cal_logistic_auc'
  | 'mia_cal_logistic_bacc'
  | 'mia_cal_logistic_adv';

/** Flattens a calibrated-attack report into its CSV columns (target-task advantage, balanced accuracy and AUC). */
export function calibratedAttackColumns(report: CalibratedAttackReport): Record<CalibratedAttackKey, number> {
  const out = {} as Record<CalibratedAttackKey, number>;
  for (const attack of MIA_ATTACKS) {
    out[`mia_cal_threshold_adv_${attack}`] = report.threshold[attack].target.advantage;
    out[`mia_cal_threshold_bacc_${attack}`] = report.threshold[attack].target.balancedAccuracy;
  }
  out.mia_cal_logistic_auc = report.logistic.auc;
  out.mia_cal_logistic_bacc = report.logistic.target.balancedAccuracy;
  out.mia_cal_logistic_adv = report.logistic.target.advantage;
  return out;
}

function selectRows(features: Float64Array, dims: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * dims);
  for (let i = 0; i < rows.length; i++) out.set(features.subarray(rows[i] * dims, rows[i] * dims + dims), i * dims);
  return out;
}

function column(features: Float64Array, dims: number, j: number): Float64Array {
  const n = features.length / dims;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = features[i * dims + j];
  return out;
}
