/** Training: the shared epoch loop with early stopping and best-state restore, supervised training, prediction. */
export {
  runEpochLoop,
  type EpochLoopOptions,
  type EpochLoopResult,
  type EpochRecord,
  type PassStats,
} from './epoch-loop.js';
export {
  makeSelectionPolicy,
  SELECTION_POLICIES,
  type EpochScore,
  type SelectionPolicy,
  type SelectionPolicyName,
  type TargetCheck,
} from './selection.js';
export { crossEntropyPass, trainClassifier, type ClassifierTrainingOptions } from './classifier.js';
export { gatherFeatures, gatherLabels, toBatches, type LabeledData } from './labeled-data.js';
export {
  accuracyAtLeast,
  accuracyOf,
  lossOf,
  predictLogits,
  predictProbabilities,
  rowOutcomes,
  selectionScore,
  type RowOutcomes,
  type SelectionMetric,
} from './predict.js';
export { shuffledRows } from './shuffle.js';
