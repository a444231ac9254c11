import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { isQunlearnError, QunlearnError } from '../../core/errors.js';
import type { ResolvedExperiment } from '../config.js';
import type { RunEvent } from '../jobs.js';
import { openOutputDir, startedRecord, type RecordStamp } from '../output-dir.js';
import { lockFolder } from '../folder-lock.js';
import { auditFiles } from './layout.js';
import { auditPhase } from './phase.js';
import type { AuditRow } from './score.js';

/** How a standalone audit executes (none of this changes its results). */
export interface AuditOptions {
  dir: string;
  /** Worker threads; 1 runs everything in the calling thread. */
  workers: number;
  /** Continue an audit in `dir`, skipping every model whose record is already saved. */
  resume?: boolean;
  onEvent?: (event: RunEvent) => void;
  /** Stops the audit (Ctrl-C): audit-run.json says `interrupted` and the promise rejects saying how to resume. */
  signal?: AbortSignal;
}

/** The outcome of an audit: plain values. */
export interface AuditOutcome {
  dir: string;
  /** One row per scenario × method, and the chance level per scenario. */
  rows: AuditRow[];
  failures: { job: string; message: string }[];
  seconds: number;
}

/** A standalone audit's saved description (audit-run.json). */
export interface AuditRecord extends RecordStamp {
  format: 'qunlearn-audit/1';
  seconds: number;
  failures: { job: string; message: string }[];
}

/** Reads a standalone audit's record (for `--resume` and reports). */
export function readAuditRecord(dir: string): AuditRecord {
  const file = auditFiles.record(dir);
  if (!existsSync(file))
    throw new QunlearnError('audit', `${dir} is not a qunlearn audit directory (no audit-run.json)`);
  return JSON.parse(readFileSync(file, 'utf8')) as AuditRecord;
}

function writeRecord(dir: string, record: AuditRecord): void {
  record.updatedAt = new Date().toISOString();
  writeFileAtomic(auditFiles.record(dir), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Audits the methods of an experiment (which must have audit settings) against populations of retrained models,
 * without the single-model study: trains N retrained models per scenario and N unlearned models per method and
 * scenario, scores them (per-example ε, forgetting quality, score, likelihood-ratio attack, chance level) and writes
 * audit.csv, audit.json and audit-run.json. A killed audit continues with `resume` without redoing finished models,
 * and ends with the same files as an uninterrupted one. The folder is locked while the audit runs.
 */
export async function runAudit(experiment: ResolvedExperiment, options: AuditOptions): Promise<AuditOutcome> {
  const lock = lockFolder(
    options.dir,
    'audit folder',
    options.resume ? 'wait for it to finish' : 'wait for it to finish, or choose another --out',
  );
  try {
    return await auditLocked(experiment, options);
  } finally {
    lock.release();
  }
}

async function auditLocked(experiment: ResolvedExperiment, options: AuditOptions): Promise<AuditOutcome> {
  if (experiment.audit === undefined)
    throw new QunlearnError(
      'config',
      'runAudit: the experiment has no audit settings; resolve it with an `audit` key (e.g. { audit: { models: 64 } })',
    );
  const { dir } = options;
  const started = performance.now();
  const previous = options.resume ? readAuditRecord(dir) : null;
  openOutputDir(dir, experiment, previous, 'audit');
  const record: AuditRecord = {
    format: 'qunlearn-audit/1',
    ...startedRecord(previous),
    experiment,
    seconds: previous?.seconds ?? 0,
    failures: [],
  };
  writeRecord(dir, record);
  let phase;
  try {
    phase = await auditPhase(experiment, {
      dir,
      workers: options.workers,
      onEvent: options.onEvent,
      signal: options.signal,
    });
  } catch (e) {
    if (!(isQunlearnError(e) && e.code === 'interrupted')) throw e;
    record.status = 'interrupted';
    record.seconds += (performance.now() - started) / 1000;
    writeRecord(dir, record);
    throw new QunlearnError('interrupted', `${e.message}; continue it with \`qunlearn audit --resume ${dir}\``);
  }
  const { rows, failures } = phase;
  const seconds = (performance.now() - started) / 1000;
  record.status = failures.length === 0 ? 'complete' : 'failed';
  record.seconds += seconds;
  record.failures = failures;
  writeRecord(dir, record);
  return { dir, rows, failures, seconds };
}
