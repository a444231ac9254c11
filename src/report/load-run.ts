import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { QunlearnError } from '../core/errors.js';
import { auditFiles } from '../experiment/audit/layout.js';
import type { AuditRow } from '../experiment/audit/score.js';
import { describeHolder, folderLockHolder } from '../experiment/folder-lock.js';
import { isObject, readJsonFile } from '../experiment/json-file.js';
import { runFiles } from '../experiment/layout.js';
import { summarise, type ResultRow, type SummaryRow } from '../experiment/results.js';
import { readRunRecord, type RunRecord } from '../experiment/run-record.js';
import { seedRecord, type LoadedRun, type TrainingCurve } from './run-data.js';
import { scenarioCounts } from '../experiment/split-ids.js';
import type { EpochRecord } from '../train/epoch-loop.js';

export { seedRecord, type LoadedRun, type SeedRecord, type TrainingCurve } from './run-data.js';

/** Reads a JSON file of a run with its shape check; damage is one clear error with the command that repairs it. */
export function readJson<T>(file: string, what: string, check: (v: unknown) => v is T, repair: string): T {
  return readJsonFile(file, { what, check, repair });
}

/** Why a run has no results.json, and what to do: it is running, it was stopped, or the file was lost. */
function noResults(dirArg: string, dir: string, record: RunRecord): QunlearnError {
  const holder = folderLockHolder(dir);
  if (holder !== null)
    return new QunlearnError(
      'report',
      `run ${dirArg} is still running (${describeHolder(holder)}); report it when it has finished`,
    );
  if (record.status === 'running' || record.status === 'interrupted') {
    const how =
      record.status === 'interrupted'
        ? 'it was interrupted'
        : 'its process stopped without finishing it (killed, or the machine went down)';
    return new QunlearnError(
      'report',
      `run ${dirArg} has no results: ${how}; continue it with \`qunlearn run --resume ${dirArg}\`, then report again`,
    );
  }
  return new QunlearnError(
    'report',
    `run ${dirArg} has status '${record.status}' but its results.json is missing; \`qunlearn run --resume ${dirArg}\` writes it again from the saved jobs`,
  );
}

function readCurve(file: string, dir: string): TrainingCurve['log'] | null {
  if (!existsSync(file)) return null;
  const value = readJson(
    file,
    'job result',
    (v): v is { log: EpochRecord[] } => isObject(v) && Array.isArray(v.log),
    `delete it and continue the run with \`qunlearn run --resume ${dir}\`: that job runs again`,
  );
  return value.log;
}

/** The logs of every finished teacher, oracle and method job (jobs that failed have no result file and are skipped). */
function readCurves(dir: string, record: RunRecord, rows: readonly ResultRow[]): TrainingCurve[] {
  const curves: TrainingCurve[] = [];
  const references = record.referencesDir === undefined ? dir : resolve(dir, record.referencesDir);
  for (const seed of record.experiment.seeds) {
    const teacher = readCurve(runFiles.result(runFiles.teacher(references, seed)), dir);
    if (teacher !== null) curves.push({ kind: 'teacher', seed, scenario: '', method: 'teacher', log: teacher });
    const plan = seedRecord(record, seed)?.plan;
    const scenarios =
      plan !== undefined ? scenarioCounts(plan).map((s) => s.name) : [...new Set(rows.map((r) => String(r.scenario)))];
    for (const scenario of scenarios) {
      const oracle = readCurve(runFiles.result(runFiles.oracle(references, seed, scenario)), dir);
      if (oracle !== null) curves.push({ kind: 'oracle', seed, scenario, method: 'oracle', log: oracle });
      for (const { name } of record.experiment.methods) {
        const log = readCurve(runFiles.result(runFiles.method(dir, seed, scenario, name)), dir);
        if (log !== null) curves.push({ kind: 'method', seed, scenario, method: name, log });
      }
    }
  }
  return curves;
}

/**
 * Reads a run directory for reporting: run.json, results.json, summary.json (recomputed from the rows when absent)
 * and the training logs. A folder that is not a run, a run that has not finished, and damaged files are each one
 * QunlearnError that says what to do.
 */
export function loadRun(dirArg: string): LoadedRun {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new QunlearnError('report', `run directory ${dirArg} does not exist`);
  if (!statSync(dir).isDirectory())
    throw new QunlearnError(
      'report',
      `${dirArg} is a file, not a run directory; give the folder that \`qunlearn run --out\` wrote`,
    );
  const runJson = runFiles.runJson(dir);
  if (!existsSync(runJson)) {
    throw new QunlearnError(
      'report',
      `${dirArg} is not a qunlearn run directory (no run.json); give the folder that \`qunlearn run --out\` or \`qunlearn audit --out\` wrote`,
    );
  }
  const record = readRunRecord(dir);
  const resultsJson = runFiles.resultsJson(dir);
  if (!existsSync(resultsJson)) throw noResults(dirArg, dir, record);
  const rewrite = `\`qunlearn run --resume ${dirArg}\` writes it again from the saved jobs`;
  const rows = readJson(
    resultsJson,
    'results file',
    (v): v is ResultRow[] => Array.isArray(v) && v.every((r) => isObject(r) && 'scenario' in r && 'method' in r),
    rewrite,
  );
  const summaryJson = runFiles.summaryJson(dir);
  const summary = existsSync(summaryJson)
    ? readJson(
        summaryJson,
        'summary file',
        (v): v is SummaryRow[] => Array.isArray(v) && v.every((x) => isObject(x) && isObject(x.mean)),
        rewrite,
      )
    : summarise(rows);
  return { dir, record, rows, summary, curves: readCurves(dir, record, rows), audit: readAuditRows(dir) };
}

/** A directory's audit rows (audit.json), or null when it has no audit. */
export function readAuditRows(dir: string): AuditRow[] | null {
  const file = auditFiles.json(dir);
  if (!existsSync(file)) return null;
  return readJson(
    file,
    'audit file',
    (v): v is AuditRow[] => Array.isArray(v) && v.every((r) => isObject(r) && 'scenario' in r && 'role' in r),
    `delete it and continue with \`--resume ${dir}\` (of the command that made it): the audit is scored again from its saved model records`,
  );
}
