import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { QunlearnError } from '../core/errors.js';
import type { SplitPlanJson } from '../data/plan.js';
import { auditFiles } from '../experiment/audit/layout.js';
import type { AuditRow } from '../experiment/audit/score.js';
import { runFiles } from '../experiment/layout.js';
import { summarise, type ResultRow, type SummaryRow } from '../experiment/results.js';
import type { RunRecord } from '../experiment/runner.js';
import type { ModelConfig } from '../models/presets.js';
import type { EpochRecord } from '../train/epoch-loop.js';

/** What run.json records about one seed (written by the runner). */
export interface SeedRecord {
  dataset: { name: string; source: string; fingerprint: string; rows: number; classNames: string[] };
  model: ModelConfig;
  plan: SplitPlanJson;
}

/** The per-epoch log of one training run of a run: the teacher, an oracle or an unlearning method. */
export interface TrainingCurve {
  kind: 'teacher' | 'oracle' | 'method';
  seed: number;
  /** Empty for the teacher. */
  scenario: string;
  /** The method's name, or 'teacher' / 'oracle'. */
  method: string;
  log: EpochRecord[];
}

/** A finished run directory, read back for reporting. */
export interface LoadedRun {
  /** Absolute path of the run directory. */
  dir: string;
  record: RunRecord;
  /** One row per seed × scenario × method, failed rows included. */
  rows: ResultRow[];
  /** Mean and sample sd per scenario × method over seeds (ok rows only). */
  summary: SummaryRow[];
  curves: TrainingCurve[];
  /** The audit's rows (audit.json), when the run has one. */
  audit: AuditRow[] | null;
}

/** Reads and parses a JSON file, turning a missing, unreadable or malformed file into one clear error. */
export function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new QunlearnError('report', `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new QunlearnError('report', `${what} ${file} is not valid JSON (${(e as Error).message}); the run directory is damaged: run the experiment again`);
  }
}

/** Checks a parsed file's shape; a wrong shape is one error saying the directory is damaged or foreign. */
export function requireShape(ok: boolean, file: string, what: string): void {
  if (!ok) throw new QunlearnError('report', `${file} does not look like a qunlearn ${what}; the run directory is damaged or from another tool`);
}

/** The seed's record, typed (run.json stores it loosely). */
export function seedRecord(record: RunRecord, seed: number): SeedRecord {
  return record.seeds[String(seed)] as SeedRecord;
}

function readCurve(file: string): TrainingCurve['log'] | null {
  if (!existsSync(file)) return null;
  const value = readJson(file, 'job result') as { log?: unknown };
  requireShape(typeof value === 'object' && value !== null && Array.isArray(value.log), file, 'job result');
  return value.log as EpochRecord[];
}

/** The logs of every finished teacher, oracle and method job (jobs that failed have no result file and are skipped). */
function readCurves(dir: string, record: RunRecord, rows: readonly ResultRow[]): TrainingCurve[] {
  const curves: TrainingCurve[] = [];
  const references = record.referencesDir === undefined ? dir : resolve(dir, record.referencesDir);
  for (const seed of record.experiment.seeds) {
    const teacher = readCurve(runFiles.result(runFiles.teacher(references, seed)));
    if (teacher !== null) curves.push({ kind: 'teacher', seed, scenario: '', method: 'teacher', log: teacher });
    const scenarios = seedRecord(record, seed)?.plan?.scenarios?.map((s) => s.name) ?? [...new Set(rows.map((r) => String(r.scenario)))];
    for (const scenario of scenarios) {
      const oracle = readCurve(runFiles.result(runFiles.oracle(references, seed, scenario)));
      if (oracle !== null) curves.push({ kind: 'oracle', seed, scenario, method: 'oracle', log: oracle });
      for (const { name } of record.experiment.methods) {
        const log = readCurve(runFiles.result(runFiles.method(dir, seed, scenario, name)));
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
  if (!statSync(dir).isDirectory()) throw new QunlearnError('report', `${dirArg} is a file, not a run directory; give the folder that \`qunlearn run --out\` wrote`);
  const runJson = runFiles.runJson(dir);
  if (!existsSync(runJson)) {
    throw new QunlearnError('report', `${dirArg} is not a qunlearn run directory (no run.json); give the folder that \`qunlearn run --out\` or \`qunlearn audit --out\` wrote`);
  }
  const record = readJson(runJson, 'run record') as RunRecord;
  requireShape(typeof record === 'object' && record !== null && record.format === 'qunlearn-run/1' && typeof record.experiment === 'object', runJson, 'run record');
  const resultsJson = runFiles.resultsJson(dir);
  if (!existsSync(resultsJson)) {
    throw new QunlearnError('report', `run ${dirArg} has no results yet (status '${record.status}'): it was stopped before it finished; continue it with \`qunlearn run --resume ${dirArg}\`, then report again`);
  }
  const rows = readJson(resultsJson, 'results file') as ResultRow[];
  requireShape(Array.isArray(rows) && rows.every((r) => typeof r === 'object' && r !== null && 'scenario' in r && 'method' in r), resultsJson, 'results file');
  const summaryJson = runFiles.summaryJson(dir);
  const summary = existsSync(summaryJson) ? (readJson(summaryJson, 'summary file') as SummaryRow[]) : summarise(rows);
  requireShape(Array.isArray(summary) && summary.every((s) => typeof s === 'object' && s !== null && typeof s.mean === 'object'), summaryJson, 'summary file');
  return { dir, record, rows, summary, curves: readCurves(dir, record, rows), audit: readAuditRows(dir) };
}

/** A directory's audit rows (audit.json), or null when it has no audit. */
export function readAuditRows(dir: string): AuditRow[] | null {
  const file = auditFiles.json(dir);
  if (!existsSync(file)) return null;
  const rows = readJson(file, 'audit file') as AuditRow[];
  requireShape(Array.isArray(rows) && rows.every((r) => typeof r === 'object' && r !== null && 'scenario' in r && 'role' in r), file, 'audit file');
  return rows;
}
