import { existsSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { isObject, readJsonFileIfExists } from '../json-file.js';
import { runFiles } from '../layout.js';
import { toCsv, type ResultRow } from '../results.js';
import { sweepFiles } from './layout.js';
import type { PlannedRun, SweepPlan } from './plan.js';
import { plannedRunRecord } from './status.js';

/** Every planned run's rows, and which runs have none yet. */
export interface SweepGathering {
  /** Rows in plan order: the run id and the run's axis values, then the run's result columns. */
  rows: ResultRow[];
  /** Runs whose every job finished. */
  complete: string[];
  /** Runs that ended with failed jobs (their rows say which, with status 'failed'). */
  failed: string[];
  /** Runs without results: never started, stopped before the end, or their folder is gone. */
  missing: { id: string; why: string }[];
}

/** A run's results.json (null when absent), validated; a damaged one names the file and the command that rewrites it. */
export function readRunResults(dir: string, run: PlannedRun): ResultRow[] | null {
  const file = runFiles.resultsJson(sweepFiles.run(dir, run.id));
  return readJsonFileIfExists(file, {
    what: 'results file',
    check: (v): v is ResultRow[] => Array.isArray(v) && v.every((r) => isObject(r) && 'scenario' in r && 'method' in r),
    repair: `\`qunlearn sweep --resume ${dir}\` rewrites it from the run's saved jobs`,
  });
}

/**
 * Gathers every run's result rows in plan order, each prefixed with the run id and the run's axis values (`run`, then
 * one column per axis). Where an axis has the name of a result column (`layers`, `model`, ...), the two hold the
 * same value and appear once. Runs without results are listed as missing, with why.
 */
export function gatherSweep(dir: string, plan: SweepPlan): SweepGathering {
  const out: SweepGathering = { rows: [], complete: [], failed: [], missing: [] };
  for (const run of plan.runs) {
    const runDir = sweepFiles.run(dir, run.id);
    const record = plannedRunRecord(dir, run);
    if (record === null) {
      out.missing.push({ id: run.id, why: existsSync(runDir) ? 'it has not started' : 'its folder does not exist' });
      continue;
    }
    if (record.status !== 'complete' && record.status !== 'failed') {
      out.missing.push({
        id: run.id,
        why: record.status === 'interrupted' ? 'it was interrupted' : 'it has not finished',
      });
      continue;
    }
    const rows = readRunResults(dir, run);
    if (rows === null) {
      out.missing.push({ id: run.id, why: 'its results.json is missing' });
      continue;
    }
    out.rows.push(...rows.map((row) => ({ run: run.id, ...run.axes, ...row })));
    (record.status === 'complete' ? out.complete : out.failed).push(run.id);
  }
  return out;
}

/** Every run's rows (what the sweep report charts); see {@link gatherSweep}. */
export function sweepRows(dir: string, plan: SweepPlan): ResultRow[] {
  return gatherSweep(dir, plan).rows;
}

/**
 * Writes the gathered rows: to sweep.csv and sweep.json when every run has its rows, else to sweep-partial.csv and
 * sweep-partial.json, leaving sweep.csv as it was (a partial gathering never replaces a whole one). Returns the
 * gathering and the CSV file written.
 */
export function writeSweepResults(dir: string, plan: SweepPlan): SweepGathering & { csv: string } {
  const gathering = gatherSweep(dir, plan);
  const partial = gathering.missing.length > 0;
  const csv = partial ? sweepFiles.partialCsv(dir) : sweepFiles.csv(dir);
  writeFileAtomic(csv, toCsv(gathering.rows));
  writeFileAtomic(
    partial ? sweepFiles.partialJson(dir) : sweepFiles.json(dir),
    `${JSON.stringify(gathering.rows, null, 2)}\n`,
  );
  if (!partial)
    for (const stale of [sweepFiles.partialCsv(dir), sweepFiles.partialJson(dir)]) rmSync(stale, { force: true });
  return { ...gathering, csv };
}
