/** Deletion requests against saved models of guaranteed methods: training, requests, the hash-chained ledger. */
export { canonicalJson } from '../../core/canonical-json.js';
export { recordHash, verifyLedger, type LedgerCheck, type LedgerHead, type LedgerRecord } from './ledger.js';
export {
  loadModelDir,
  modelDirFiles,
  readMechanismRecord,
  type LoadedModelDir,
  type MechanismRecord,
} from './model-dir.js';
export { hashRowId, readDeletionRequest } from './request.js';
export {
  applyDeletionRequest,
  mechanismMethodNames,
  trainMechanismModel,
  verifyModelDir,
  type DeletionSummary,
  type TrainedModelSummary,
} from './workflow.js';
