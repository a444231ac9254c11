/**
 * The browser-safe library: every layer below the experiments without its Node-only modules (those live in `node/`
 * folders), the experiment configuration, the in-memory study runner and the results tables, and the report's
 * chart specifications. The playground is built from it; `tests/browser-build.test.ts` bundles it for the browser
 * and fails when any Node module is reached.
 */
export * from './core/index.js';
export * from './quantum/index.js';
export * from './models/index.js';
export * from './data/index.js';
export * from './train/index.js';
export * from './unlearn/index.js';
export * from './metrics/index.js';
export {
  experimentConfigSchema,
  parseExperimentConfig,
  resolveExperiment,
  type ExperimentConfig,
  type ResolvedExperiment,
} from './experiment/config.js';
export {
  dataKind,
  PROTOCOL_SETTINGS,
  PROTOCOLS,
  type DataKind,
  type Protocol,
  type ProtocolSettings,
} from './experiment/presets.js';
export { prepareDataset, type PreparedData, type Preprocessing } from './experiment/prepared-data.js';
export {
  memorySession,
  runInMemory,
  type MemoryRunOptions,
  type MemoryRunOutcome,
  type MemorySession,
} from './experiment/memory-run.js';
export { planJobs } from './experiment/schedule.js';
export {
  jobLabel,
  type Job,
  type JobProgress,
  type JobResult,
  type MethodSummary,
  type RunEvent,
  type StudyJob,
  type TrainingSummary,
} from './experiment/jobs.js';
export {
  columnsOf,
  IDENTITY_COLUMNS,
  summarise,
  summaryTable,
  toCsv,
  type ResultRow,
  type SummaryRow,
} from './experiment/results.js';
