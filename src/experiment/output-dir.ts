import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { QunlearnError } from '../core/errors.js';
import { VERSION } from '../version.js';
import type { ResolvedExperiment } from './config.js';
import { folderEntries } from './folder-lock.js';

/** A run's or an audit's output folder: its opening checks, the shared fields of its record, and clean-up after a kill. */

/** What the records of runs and audits share: versions, times, status, and the configuration. */
export interface RecordStamp {
  qunlearnVersion: string;
  node: string;
  createdAt: string;
  updatedAt: string;
  /** `running` while a process works on it (its lock file names which); `interrupted` after Ctrl-C. */
  status: 'running' | 'complete' | 'failed' | 'interrupted';
  experiment: ResolvedExperiment;
}

/** The fields a run's or audit's record starts with: versions, creation time (kept when resuming), status. */
export function startedRecord(previous: { createdAt: string } | null): Omit<RecordStamp, 'experiment'> {
  return {
    qunlearnVersion: VERSION,
    node: process.version,
    createdAt: previous?.createdAt ?? new Date().toISOString(),
    updatedAt: '',
    status: 'running',
  };
}

/**
 * Makes `dir` ready for a run or an audit: a new one must be empty (or absent); a resumed one must have been started
 * with the same configuration, and loses the temporaries a kill left behind.
 */
export function openOutputDir(
  dir: string,
  experiment: ResolvedExperiment,
  previous: { experiment: ResolvedExperiment } | null,
  code: 'run' | 'audit',
): void {
  if (previous !== null) {
    if (JSON.stringify(previous.experiment) !== JSON.stringify(experiment)) {
      throw new QunlearnError(
        code,
        `${dir} was started with a different configuration; resume it without changing its settings`,
      );
    }
  } else if (folderEntries(dir).length > 0) {
    throw new QunlearnError(
      code,
      `output directory ${dir} already exists and is not empty; choose another --out, or continue it with --resume ${dir}`,
    );
  }
  mkdirSync(dir, { recursive: true });
  if (previous !== null) removeStaleTemporaries(dir);
}

/** Deletes the temporary files of atomic writes that a killed run left behind (never a finished file). */
export function removeStaleTemporaries(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.tmp-\d+-[a-z0-9]+$/.test(entry.name))
      rmSync(join(entry.parentPath, entry.name), { force: true });
  }
}
