/**
 * Evaluation of unlearning: pure metric functions over softmax rows (Float64Array, n × classes, row-major), integer
 * labels and predictions, plus membership-inference attacks. Depends on src/core only.
 */
export { accuracy, accuracyOfProbabilities, argmaxRows, type SetAccuracies } from './accuracy.js';
export { accuracyDrops, unlearningQualityIndex, type AccuracyDrops } from './uqi.js';
export { DIVERGENCE_EPS, meanJsDivergence, meanKlDivergence } from './divergence.js';
export { agreement } from './agreement.js';
export { rocAuc } from './auc.js';
export {
  confidenceScores,
  entropyScores,
  LOG_FLOOR,
  lossScores,
  MIA_ATTACKS,
  membershipFeatures,
  miaScores,
  modifiedEntropyScores,
  type LabelledProbabilities,
  type MiaAttack,
} from './mia-scores.js';
export {
  compareWithOracle,
  miaAucs,
  miaColumns,
  type MiaAucKey,
  type MiaAucs,
  type OracleComparison,
} from './mia-report.js';
export { attackOutcome, fitThreshold, type AttackOutcome, type FittedThreshold } from './threshold-attack.js';
export {
  fitLogisticRegression,
  logisticDecision,
  logisticProbabilities,
  type LogisticRegressionModel,
  type LogisticRegressionOptions,
} from './logistic-regression.js';
export {
  calibratedAttack,
  calibratedAttackColumns,
  type CalibratedAttackInput,
  type CalibratedAttackKey,
  type CalibratedAttackReport,
  type LogisticAttackResult,
  type ThresholdAttackResult,
} from './calibrated-attack.js';
export { tugOfWar } from './tug-of-war.js';
export { relearnTime, type RelearnOptions, type RelearnResult } from './relearn.js';
export { measureWallClock, speedupOverRetrain, timingColumns, type Timed, type TimingColumns } from './timing.js';
export { confusionMatrix, perClassAccuracy } from './confusion.js';
export {
  DIRECTION_DESCRIPTIONS,
  isMetricKey,
  METRIC_KEYS,
  metricInfo,
  type MetricDirection,
  type MetricInfo,
  type MetricKey,
} from './keys.js';
export {
  SETS,
  SUITE_KEYS,
  unlearningSuite,
  type SetName,
  type SetProbabilities,
  type SuiteMetrics,
  type UnlearningSuiteInput,
} from './suite.js';
export { logitScaledConfidence, PHI_FLOOR } from './logit-confidence.js';
export {
  AUDIT_DELTA,
  EPSILON_CAP,
  estimateEpsilon,
  perExampleEpsilon,
  THRESHOLDS_PER_UNIT,
  type DecisionRules,
  type EpsilonEstimate,
  type EpsilonRule,
  type EstimatorOptions,
} from './epsilon-estimator.js';
export {
  auditScore,
  BUCKET_WIDTH,
  epsilonPoints,
  forgettingQuality,
  type PopulationUtility,
} from './forgetting-quality.js';
export { populationAttack, VARIANCE_FLOOR, type PhiMatrix, type PopulationAttackResult } from './population-attack.js';
export {
  chanceLevel,
  comparePopulations,
  mostExposed,
  type AuditedModel,
  type PopulationAccuracies,
  type PopulationComparison,
} from './population-audit.js';
