/** Audits against populations of retrained models: settings, jobs, scoring, and the standalone runner. */
export { auditFiles } from './layout.js';
export { auditPhase, planAuditJobs, writeAuditFiles, type AuditPhaseOptions, type AuditPhaseOutcome } from './phase.js';
export { AUDIT_MODEL_FORMAT, type ModelRecord, type RetrainedRecord, type UnlearnedRecord } from './records.js';
export { readAuditRecord, runAudit, type AuditOptions, type AuditOutcome, type AuditRecord } from './run.js';
export {
  AUDIT_CSV_EXCLUDED,
  EXPOSED_EXAMPLES,
  rankAuditRows,
  scoreAudit,
  type AuditRow,
  type ExposedExample,
} from './score.js';
export {
  DEFAULT_AUDIT_MODELS,
  MIN_AUDIT_MODELS,
  ORIGINAL_MODES,
  resolveAudit,
  type AuditConfig,
  type AuditSettings,
  type OriginalMode,
} from './settings.js';
