/**
 * Sweeps: a grid of run configurations (circuit depth, entanglement, noise, models, datasets, method settings) ×
 * seeds, expanded into ordinary runs that share their teachers and oracles through a reference store, executed on
 * this machine or on `qunlearn worker` processes through a BullMQ queue on Redis, resumable, and gathered into
 * sweep.csv/json.
 */
export {
  axisKey,
  axisLabel,
  loadSweepFile,
  makeSweepSpec,
  overrideSpec,
  type AxisInput,
  type AxisLabel,
  type SweepAxis,
  type SweepSpec,
} from './spec.js';
export { expandSweep, type ExpandedRun } from './expand.js';
export { canonicalJson } from '../../core/canonical-json.js';
export { referenceKey, referenceSettings, type ReferenceSettings } from './reference-key.js';
export {
  planSweep,
  readSweepPlan,
  samePlan,
  type InvalidRun,
  type PlannedReferences,
  type PlannedRun,
  type SweepPlan,
} from './plan.js';
export { sweepFiles } from './layout.js';
export { referencesComplete, trainReferences } from './references.js';
export {
  executeTask,
  taskLabel,
  type SweepExecutor,
  type SweepTask,
  type TaskHandlers,
  type TaskProgress,
} from './task.js';
export { defaultSplit, localExecutor, type LocalSplit } from './local-executor.js';
export { distributedExecutor, type DistributedOptions } from './distributed-executor.js';
export { startWorker, type QueueWorker, type WorkerEvent, type WorkerOptions } from './remote-worker.js';
export { runComplete, runSweep, type SweepEvent, type SweepOutcome, type TaskRef } from './scheduler.js';
export { readSweepStatus, type SweepStatus, type TaskState, type TaskStatus } from './status.js';
export { sweepRows, writeSweepResults } from './collect.js';
export { checkRedis, redactUrl } from './redis.js';
export { WIRE_FORMAT, type JobData, type JobReceipt, type WireFile } from './wire.js';
export {
  findingsSweeps,
  gridOf,
  type FindingsGrid,
  type FindingsSettings,
  type FindingsSweep,
} from '../findings/plan.js';
export {
  computeFindings,
  readFindingsSettings,
  runFindings,
  type FindingsOptions,
  type FindingsRecord,
  type Profile,
} from '../findings/run.js';
export type { Finding, RankTest, Test } from '../findings/claims.js';
