import { crossEntropy } from '../core/ops/loss.js';
import { Adam } from '../core/optim/adam.js';
import type { Rng } from '../core/random.js';
import type { Scenario } from '../data/scenarios.js';
import { calibratedAttack, calibratedAttackColumns, type CalibratedAttackKey } from '../metrics/calibrated-attack.js';
import { rocAuc } from '../metrics/auc.js';
import { compareWithOracle, miaAucs, miaColumns, type MiaAucs } from '../metrics/mia-report.js';
import { confidenceScores, type LabelledProbabilities } from '../metrics/mia-scores.js';
import { relearnTime } from '../metrics/relearn.js';
import { unlearningSuite, type SetName } from '../metrics/suite.js';
import { timingColumns } from '../metrics/timing.js';
import type { BlockModel } from '../models/block-model.js';
import { gatherFeatures, gatherLabels, toBatches, type LabeledData } from '../train/labeled-data.js';
import { accuracyOf, predictProbabilities } from '../train/predict.js';
import { shuffledRows } from '../train/shuffle.js';

/** One model's softmax rows on the forget, retain and test sets (rows in the scenario's order). */
export type SetOutputs = Record<SetName, Float64Array>;

/** The rows and labels of a scenario's three evaluation sets. */
export interface EvaluationSets {
  rows: Record<SetName, Int32Array>;
  labels: Record<SetName, Int32Array>;
}

/** The sets of a scenario: its forget and retain rows and the shared test rows. */
export function evaluationSets(inputs: LabeledData, scenario: Scenario, test: Int32Array): EvaluationSets {
  const rows = { forget: scenario.forget, retain: scenario.retain, test };
  return {
    rows,
    labels: { forget: gatherLabels(inputs, rows.forget), retain: gatherLabels(inputs, rows.retain), test: gatherLabels(inputs, rows.test) },
  };
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

/** Per-model membership-inference results, computed once for the oracle and for every unlearned model. */
export interface PrivacyResult {
  mia: MiaAucs;
  calibrated: Record<CalibratedAttackKey, number> | null;
  relearnSteps: number | null;
}

const labelled = (probs: Float64Array, labels: Int32Array): LabelledProbabilities => ({ probs, labels });

/**
 * Membership inference against one model, members = forget set, non-members = the held-out test set; the
 * calibrated attack learns its threshold/regression on retain-vs-half-of-test and is scored on forget-vs-other-half.
 * `rng` must be the same for the oracle and the unlearned models so that all are attacked on identical splits.
 */
export function privacyOf(outputs: SetOutputs, sets: EvaluationSets, classes: number, settings: EvaluationSettings, rng: Rng, relearn: () => number | null): PrivacyResult {
  const members = labelled(outputs.forget, sets.labels.forget);
  const heldOut = labelled(outputs.test, sets.labels.test);
  const calibrated = settings.calibratedAttack
    ? calibratedAttackColumns(calibratedAttack({
      classes,
      calibrationMembers: labelled(outputs.retain, sets.labels.retain),
      heldOut,
      targetMembers: members,
      rng: rng.stream('calibrated-attack'),
    }))
    : null;
  return { mia: miaAucs(members, heldOut, classes), calibrated, relearnSteps: settings.relearn ? relearn() : null };
}

/**
 * Relearn time of a model: Adam steps on shuffled forget batches until its forget accuracy reaches `target` (the
 * original model's), within a budget. Runs on a copy (`copy`), never on the evaluated model.
 */
export function relearnSteps(copy: BlockModel, inputs: LabeledData, forget: Int32Array, classes: number, target: number, settings: EvaluationSettings, rng: Rng): number | null {
  const optimizer = new Adam(copy.parameters(), { lr: settings.lr });
  let batches: Int32Array[] = [];
  let round = 0;
  const result = relearnTime({
    maxSteps: settings.relearnMaxSteps,
    target,
    forgetAccuracy: () => accuracyOf(copy, inputs, forget, classes),
    step: () => {
      if (batches.length === 0) batches = toBatches(shuffledRows(forget, rng, ++round), settings.batchSize);
      const rows = batches.shift()!;
      copy.train();
      optimizer.zeroGrad();
      crossEntropy(copy.forward(gatherFeatures(inputs, rows)), gatherLabels(inputs, rows)).backward();
      optimizer.step();
    },
  });
  return result.steps;
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

/** The metric columns of one method run: the reference suite, privacy beside the oracle's values, timing. */
export function methodMetrics(
  unlearned: SetOutputs,
  privacy: PrivacyResult,
  reference: ScenarioReference,
  sets: EvaluationSets,
  classes: number,
  seconds: number,
  referenceMia: number | null,
): Record<string, number | null> {
  const suite = unlearningSuite({ classes, labels: sets.labels, unlearned, teacher: reference.teacher, oracle: reference.oracle });
  const calibrated: Record<string, number | null> = {};
  if (privacy.calibrated !== null && reference.oraclePrivacy.calibrated !== null) {
    for (const [k, v] of Object.entries(privacy.calibrated)) {
      calibrated[k] = v;
      calibrated[`${k}_oracle`] = reference.oraclePrivacy.calibrated[k as CalibratedAttackKey];
    }
  }
  return {
    ...suite,
    ...miaColumns(compareWithOracle(privacy.mia, reference.oraclePrivacy.mia)),
    ...(referenceMia === null ? {} : { mia_auc_reference: referenceMia }),
    ...calibrated,
    relearn_steps: privacy.relearnSteps,
    relearn_steps_oracle: reference.oraclePrivacy.relearnSteps,
    ...timingColumns(seconds, reference.retrainSeconds),
  };
}
