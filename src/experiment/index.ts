/** Experiments: configuration and presets, data preparation, the job runner with its worker pool, results files. */
export {
  experimentConfigSchema,
  loadExperimentConfig,
  parseExperimentConfig,
  resolveExperiment,
  type ExperimentConfig,
  type ResolvedExperiment,
} from './config.js';
export {
  dataKind,
  PROTOCOL_SETTINGS,
  PROTOCOLS,
  type DataKind,
  type Protocol,
  type ProtocolSettings,
} from './presets.js';
export {
  applyPreprocessing,
  checkpointData,
  fitPreprocessing,
  loadNamedDataset,
  prepareData,
  type CheckpointData,
  type PreparedData,
  type Preprocessing,
} from './prepare.js';
export {
  jobLabel,
  type AuditJob,
  type AuditJobSummary,
  type Job,
  type JobProgress,
  type JobResult,
  type MethodSummary,
  type StudyJob,
  type TrainingSummary,
} from './jobs.js';
export {
  planJobs,
  readRunRecord,
  runExperiment,
  type RunEvent,
  type RunOptions,
  type RunOutcome,
  type RunRecord,
} from './runner.js';
export {
  columnsOf,
  IDENTITY_COLUMNS,
  summarise,
  summaryTable,
  toCsv,
  type ResultRow,
  type SummaryRow,
} from './results.js';
export { runFiles } from './layout.js';
export {
  applyDeletionRequest,
  canonicalJson,
  hashRowId,
  loadModelDir,
  mechanismMethodNames,
  modelDirFiles,
  readMechanismRecord,
  recordHash,
  trainMechanismModel,
  verifyLedger,
  verifyModelDir,
  type DeletionSummary,
  type LedgerCheck,
  type LedgerHead,
  type LedgerRecord,
  type LoadedModelDir,
  type MechanismRecord,
  type TrainedModelSummary,
} from './deletion/index.js';
export {
  auditFiles,
  readAuditRecord,
  runAudit,
  scoreAudit,
  type AuditConfig,
  type AuditOptions,
  type AuditOutcome,
  type AuditRecord,
  type AuditRow,
  type AuditSettings,
  type ExposedExample,
  type OriginalMode,
} from './audit/index.js';
