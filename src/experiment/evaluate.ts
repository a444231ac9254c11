import { crossEntropy } from '../core/ops/loss.js';
import { Adam } from '../core/optim/adam.js';
import type { Rng } from '../core/random.js';
import { stepScope } from '../core/workspace.js';
import { classMatchedPositions, stratifiedHalves } from '../data/matched.js';
import type { Scenario } from '../data/scenarios.js';
import { calibratedAttack, calibratedAttackColumns, type CalibratedAttackKey } from '../metrics/calibrated-attack.js';
import { rocAuc } from '../metrics/auc.js';
import { compareWithOracle, miaAucs, miaColumns, type MiaAucs } from '../metrics/mia-report.js';
import { confidenceScores, lossScores, type LabelledProbabilities } from '../metrics/mia-scores.js';
import { relearnTime } from '../metrics/relearn.js';
import { unlearningSuite, type SetName } from '../metrics/suite.js';
import { timingColumns } from '../metrics/timing.js';
import type { BlockModel } from '../models/block-model.js';
import { gatherFeatures, gatherLabels, toBatches, type LabeledData } from '../train/labeled-data.js';
import { accuracyAtLeast, predictProbabilities } from '../train/predict.js';
import { shuffledRows } from '../train/shuffle.js';

/** One model's softmax rows on the forget, retain and test sets (rows in the scenario's order). */
export type SetOutputs = Record<SetName, Float64Array>;

/**
 * The non-members membership inference compares the forget set with, as positions in the test set: held-out rows
 * of the forget set's classes in its class mix (`nonMembers`); for the calibrated attack, the test set split into
 * two class-stratified halves, one to calibrate on (against the retain set) and one whose class-matched sample is
 * the target's non-members.
 */
export interface MembershipRows {
  nonMembers: Int32Array;
  calibrationNonMembers: Int32Array;
  targetNonMembers: Int32Array;
}

/** The rows and labels of a scenario's three evaluation sets, and the non-members of its attacks. */
export interface EvaluationSets {
  rows: Record<SetName, Int32Array>;
  labels: Record<SetName, Int32Array>;
  membership: MembershipRows;
}

/**
 * The sets of a scenario: its forget and retain rows, the shared test rows, and the attacks' non-members, drawn
 * from `rng` (the same stream for every model of the scenario, so all are attacked on identical rows).
 */
export function evaluationSets(inputs: LabeledData, scenario: Scenario, test: Int32Array, rng: Rng): EvaluationSets {
  const rows = { forget: scenario.forget, retain: scenario.retain, test };
  const { labels } = inputs;
  const [calibration, target] = stratifiedHalves(labels, test, rng.stream('halves'));
  return {
    rows,
    labels: {
      forget: gatherLabels(inputs, rows.forget),
      retain: gatherLabels(inputs, rows.retain),
      test: gatherLabels(inputs, rows.test),
    },
    membership: {
      nonMembers: classMatchedPositions(labels, scenario.forget, test, rng.stream('non-members')),
      calibrationNonMembers: calibration,
      targetNonMembers: pick(
        target,
        classMatchedPositions(labels, scenario.forget, pick(test, target), rng.stream('target-non-members')),
      ),
    },
  };
}

function pick(values: Int32Array, positions: Int32Array): Int32Array {
  return positions.map((p) => values[p]);
}

function pickRows(probs: Float64Array, classes: number, positions: Int32Array): Float64Array {
  const out = new Float64Array(positions.length * classes);
  positions.forEach((p, i) => out.set(probs.subarray(p * classes, (p + 1) * classes), i * classes));
  return out;
}

/** Softmax outputs of a model on each set. */
export function outputsOf(model: BlockModel, inputs: LabeledData, sets: EvaluationSets): SetOutputs {
  return {
    forget: predictProbabilities(model, inputs, sets.rows.forget),
    retain: predictProbabilities(model, inputs, sets.rows.retain),
    test: predictProbabilities(model, inputs, sets.rows.test),
  };
}

/** What evaluation may spend beyond forward passes. */
export interface EvaluationSettings {
  relearn: boolean;
  relearnMaxSteps: number;
  calibratedAttack: boolean;
  /** Also report the reference's MIA (non-members drawn from the retain set): the `paper` preset does. */
  referenceMia: boolean;
  lr: number;
  batchSize: number;
}

/** Relearn time of one model: steps taken, or the budget with `censored` when it ran out first. */
export interface RelearnOutcome {
  steps: number;
  censored: boolean;
}

/** Per-model membership-inference results, computed once for the oracle and for every unlearned model. */
export interface PrivacyResult {
  mia: MiaAucs;
  calibrated: Record<CalibratedAttackKey, number> | null;
  relearn: RelearnOutcome | null;
}

/** Membership rows and their labels taken from a set's outputs. */
function heldOutSample(
  outputs: SetOutputs,
  sets: EvaluationSets,
  classes: number,
  positions: Int32Array,
): LabelledProbabilities {
  return { probs: pickRows(outputs.test, classes, positions), labels: positions.map((p) => sets.labels.test[p]) };
}

/**
 * Membership inference against one model: members = the forget set, non-members = held-out rows of the same
 * classes in the same mix (see {@link MembershipRows}); the calibrated attack learns its threshold/regression on
 * retain vs one half of the test set and is scored on forget vs class-matched rows of the other half.
 */
export function privacyOf(
  outputs: SetOutputs,
  sets: EvaluationSets,
  classes: number,
  settings: EvaluationSettings,
  rng: Rng,
  relearn: () => RelearnOutcome,
): PrivacyResult {
  const members: LabelledProbabilities = { probs: outputs.forget, labels: sets.labels.forget };
  const { membership } = sets;
  const calibrated = settings.calibratedAttack
    ? calibratedAttackColumns(
        calibratedAttack({
          classes,
          calibrationMembers: { probs: outputs.retain, labels: sets.labels.retain },
          calibrationNonMembers: heldOutSample(outputs, sets, classes, membership.calibrationNonMembers),
          targetMembers: members,
          targetNonMembers: heldOutSample(outputs, sets, classes, membership.targetNonMembers),
          rng: rng.stream('calibrated-attack'),
        }),
      )
    : null;
  return {
    mia: miaAucs(members, heldOutSample(outputs, sets, classes, membership.nonMembers), classes),
    calibrated,
    relearn: settings.relearn ? relearn() : null,
  };
}

/**
 * Relearn time of a model: Adam steps on shuffled forget batches until its forget accuracy reaches `target` (the
 * original model's), within a budget; a run that exhausts the budget is censored at it. Runs on a copy (`copy`),
 * never on the evaluated model.
 */
export function relearnSteps(
  copy: BlockModel,
  inputs: LabeledData,
  forget: Int32Array,
  classes: number,
  target: number,
  settings: EvaluationSettings,
  rng: Rng,
): RelearnOutcome {
  const optimizer = new Adam(copy.parameters(), { lr: settings.lr });
  let batches: Int32Array[] = [];
  let round = 0;
  const result = relearnTime({
    maxSteps: settings.relearnMaxSteps,
    target,
    reaches: (accuracy) => accuracyAtLeast(copy, inputs, forget, classes, accuracy),
    step: () => {
      if (batches.length === 0) batches = toBatches(shuffledRows(forget, rng, ++round), settings.batchSize);
      const rows = batches.shift()!;
      copy.train();
      stepScope(() => {
        optimizer.zeroGrad();
        crossEntropy(copy.forward(gatherFeatures(inputs, rows)), gatherLabels(inputs, rows)).backward();
        optimizer.step();
      });
    },
  });
  return result.steps === null
    ? { steps: settings.relearnMaxSteps, censored: true }
    : { steps: result.steps, censored: false };
}

/**
 * The reference's MIA AUC: max-softmax confidence, members = forget set, non-members = |forget| rows drawn without
 * replacement from the *retain* set (training data, so this compares members with members; reported only so that
 * paper-preset tables line up with the published ones).
 */
export function referenceMiaAuc(outputs: SetOutputs, classes: number, rng: Rng): number {
  const nForget = outputs.forget.length / classes;
  const nRetain = outputs.retain.length / classes;
  const picks = rng.stream('reference-mia').choice(nRetain, Math.min(nForget, nRetain));
  const nonMembers = new Float64Array(picks.length * classes);
  picks.forEach((r, i) => nonMembers.set(outputs.retain.subarray(r * classes, (r + 1) * classes), i * classes));
  return rocAuc(confidenceScores(outputs.forget, classes), confidenceScores(nonMembers, classes));
}

/** Everything known about the scenario's original model and oracle, shared by all method rows. */
export interface ScenarioReference {
  teacher: SetOutputs;
  /** The original model's forget accuracy: the target of relearning. */
  teacherForgetAccuracy: number;
  oracle: SetOutputs;
  oraclePrivacy: PrivacyResult;
  retrainSeconds: number;
}

/** Fewer members or non-members than this make a membership-inference AUC low-confidence (marked in tables). */
export const MIA_MIN_ROWS = 10;

/** The sizes of the attacks' member and non-member sets, and whether the AUCs rest on too few rows. */
export function membershipCounts(sets: EvaluationSets, calibrated: boolean): Record<string, number | boolean> {
  const members = sets.rows.forget.length;
  const nonMembers = sets.membership.nonMembers.length;
  return {
    mia_members: members,
    mia_non_members: nonMembers,
    mia_low_confidence: members < MIA_MIN_ROWS || nonMembers < MIA_MIN_ROWS,
    ...(calibrated ? { mia_cal_non_members: sets.membership.targetNonMembers.length } : {}),
  };
}

/** The metric columns of one method run: the reference suite, privacy beside the oracle's values, timing. */
export function methodMetrics(
  unlearned: SetOutputs,
  privacy: PrivacyResult,
  reference: ScenarioReference,
  sets: EvaluationSets,
  classes: number,
  seconds: number,
  referenceMia: number | null,
): Record<string, number | boolean | null> {
  const suite = unlearningSuite({
    classes,
    labels: sets.labels,
    unlearned,
    teacher: reference.teacher,
    oracle: reference.oracle,
  });
  const calibrated: Record<string, number | null> = {};
  if (privacy.calibrated !== null && reference.oraclePrivacy.calibrated !== null) {
    for (const [k, v] of Object.entries(privacy.calibrated)) {
      calibrated[k] = v;
      calibrated[`${k}_oracle`] = reference.oraclePrivacy.calibrated[k as CalibratedAttackKey];
    }
  }
  const forgetLoss = (probs: Float64Array): number => -mean(lossScores(probs, classes, sets.labels.forget));
  const loss = forgetLoss(unlearned.forget);
  const oracleLoss = forgetLoss(reference.oracle.forget);
  return {
    ...suite,
    forget_loss: loss,
    forget_loss_oracle: oracleLoss,
    forget_loss_gap: loss - oracleLoss,
    ...miaColumns(compareWithOracle(privacy.mia, reference.oraclePrivacy.mia)),
    ...membershipCounts(sets, privacy.calibrated !== null),
    ...(referenceMia === null ? {} : { mia_auc_reference: referenceMia }),
    ...calibrated,
    relearn_steps: privacy.relearn?.steps ?? null,
    relearn_censored: privacy.relearn?.censored ?? null,
    relearn_steps_oracle: reference.oraclePrivacy.relearn?.steps ?? null,
    relearn_oracle_censored: reference.oraclePrivacy.relearn?.censored ?? null,
    ...timingColumns(seconds, reference.retrainSeconds),
  };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
