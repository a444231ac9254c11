/** Unlearning methods: one file each, a typed config with the reference's defaults, an explicit registry. */
export type { BaseTraining, DataFamily, MethodNeeds, PairingMode, UnlearnContext } from './context.js';
export { defineMethod, type MechanismOutcome, type MethodOutcome, type UnlearningMethod } from './method.js';
export { getMethod, METHODS, REFERENCE_METHODS, resolveMethodConfig } from './registry.js';
export { pairBatches, type BatchPair } from './pairing.js';
export { pairedRows, type WorkloadSizes } from './workload.js';
export { optimisationStep, passStats, trainMethod, withOnlyTrainable, type EpochBudget } from './training.js';
export { crossEntropyOn, distillationKl, klToUniform, targetProbabilities } from './losses.js';
export { epochFields, referenceBudget } from './schema.js';
export {
  GUARANTEE_KINDS,
  guaranteeColumns,
  guaranteeLabel,
  NO_GUARANTEE,
  noGuarantee,
  type Guarantee,
} from './guarantee.js';
export {
  mechanismEnv,
  type DeletionReport,
  type Mechanism,
  type MechanismBudget,
  type MechanismEnv,
  type SavedMechanism,
  type TrainedMechanism,
} from './mechanism.js';
export { retrainMechanism, runMechanism } from './mechanism-run.js';
