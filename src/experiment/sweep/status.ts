import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { runFiles } from '../layout.js';
import type { RunRecord } from '../runner.js';
import { sweepFiles } from './layout.js';

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
  state: 'running' | 'complete' | 'failed';
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

/** A run's record, or null when the run has not written one yet. */
export function runRecordOf(runDir: string): RunRecord | null {
  const file = runFiles.runJson(runDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunRecord) : null;
}

/** Writes the status file. */
export function writeSweepStatus(dir: string, status: SweepStatus): void {
  status.updatedAt = new Date().toISOString();
  writeFileAtomic(sweepFiles.status(dir), `${JSON.stringify(status, null, 2)}\n`);
}

/** Reads the status file, or null before the first sweep session wrote one. */
export function readSweepStatus(dir: string): SweepStatus | null {
  const file = sweepFiles.status(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SweepStatus) : null;
}
