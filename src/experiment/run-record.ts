import { existsSync } from 'node:fs';
import { QunlearnError } from '../core/errors.js';
import type { TrainingSummary } from './jobs.js';
import { isObject, readJsonFile } from './json-file.js';
import { runFiles } from './layout.js';
import type { RecordStamp } from './output-dir.js';
import type { ReferenceBehaviour } from './reference-behaviours.js';

/** The run's saved description (run.json). */
export interface RunRecord extends RecordStamp {
  format: 'qunlearn-run/1';
  /** The reference protocol's behaviours in force (docs/protocol.md), each with the flag that switches it off. */
  referenceBehaviours: ReferenceBehaviour[];
  seeds: Record<string, unknown>;
  references: Omit<TrainingSummary, 'log'>[];
  /** Where the teacher and oracles live when shared (a sweep's store), relative to the run folder; absent = the run folder. */
  referencesDir?: string;
  timings: { seconds: number; jobs: Record<string, number> };
  failures: { job: string; message: string }[];
}

/** True when a value looks like a run record. */
export function isRunRecord(value: unknown): value is RunRecord {
  return (
    isObject(value) &&
    value.format === 'qunlearn-run/1' &&
    isObject(value.experiment) &&
    isObject(value.seeds) &&
    typeof value.status === 'string'
  );
}

/** Reads a run's record (for `--resume`, reports and sweeps); a missing or damaged run.json is one clear error. */
export function readRunRecord(dir: string): RunRecord {
  const file = runFiles.runJson(dir);
  if (!existsSync(file)) {
    throw new QunlearnError('run', `${dir} is not a qunlearn run directory (no run.json)`);
  }
  return readJsonFile(file, {
    what: 'run record',
    check: isRunRecord,
    repair: `it holds the run's settings, so the run cannot continue without it: restore it from a backup, or start the run again into a new folder (--out)`,
  });
}
