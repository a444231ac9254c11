import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { isObject, readJsonFileIfExists } from '../json-file.js';
import { runFiles } from '../layout.js';
import { isRunRecord, type RunRecord } from '../run-record.js';
import { sweepFiles } from './layout.js';
import type { PlannedRun } from './plan.js';

/** Where a run or a reference set stands. */
export type TaskState = 'pending' | 'running' | 'complete' | 'failed';

/** The state of one task, with where it ran, how long it took and, if it failed, why. */
export interface TaskStatus {
  state: TaskState;
  where?: string;
  seconds?: number;
  error?: string;
}

/** sweep-status.json: the sweep summary, rewritten (atomically) whenever a task starts or ends. */
export interface SweepStatus {
  format: 'qunlearn-sweep-status/1';
  id: string;
  state: 'running' | 'complete' | 'failed' | 'interrupted';
  executor: string;
  startedAt: string;
  updatedAt: string;
  seconds: number;
  runs: Record<string, TaskStatus>;
  /** Keyed `<reference key>/seed-<s>`. */
  references: Record<string, TaskStatus>;
}

/** The status-file name of one seed's reference set. */
export function referenceId(key: string, seed: number): string {
  return `${key}/seed-${seed}`;
}

/**
 * The record of a sweep's run, or null when the run has not written one yet. A damaged run.json, or one of a run
 * with other settings than the plan's (a folder left from another sweep), is an error naming the folder to delete.
 */
export function plannedRunRecord(dir: string, run: PlannedRun): RunRecord | null {
  const runDir = sweepFiles.run(dir, run.id);
  const repair = `delete the folder ${runDir}; \`qunlearn sweep --resume ${dir}\` runs it again`;
  const record = readJsonFileIfExists(runFiles.runJson(runDir), { what: 'run record', check: isRunRecord, repair });
  if (record !== null && JSON.stringify(record.experiment) !== JSON.stringify(run.experiment)) {
    throw new QunlearnError(
      'sweep',
      `${runDir} holds a run with other settings than ${sweepFiles.plan(dir)} plans for it; ${repair}`,
    );
  }
  return record;
}

/** Writes the status file. */
export function writeSweepStatus(dir: string, status: SweepStatus): void {
  status.updatedAt = new Date().toISOString();
  writeFileAtomic(sweepFiles.status(dir), `${JSON.stringify(status, null, 2)}\n`);
}

/** Reads the status file, or null before the first sweep session wrote one; a damaged one is a clear error. */
export function readSweepStatus(dir: string): SweepStatus | null {
  return readJsonFileIfExists(sweepFiles.status(dir), {
    what: 'sweep status',
    check: (v): v is SweepStatus =>
      isObject(v) && v.format === 'qunlearn-sweep-status/1' && isObject(v.runs) && isObject(v.references),
    repair: `it only summarises the runs' folders: \`qunlearn sweep --resume ${dir}\` rebuilds it`,
  });
}
