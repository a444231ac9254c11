import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { runFiles } from '../layout.js';
import { toCsv, type ResultRow } from '../results.js';
import { sweepFiles } from './layout.js';
import type { SweepPlan } from './plan.js';

/**
 * Every run's result rows in plan order, each prefixed with the run id and the run's axis values (`run`, then one
 * column per axis). Where an axis has the name of a result column (`layers`, `model`, ...), the two hold the same
 * value and appear once. Runs without results yet are left out.
 */
export function sweepRows(dir: string, plan: SweepPlan): ResultRow[] {
  return plan.runs.flatMap((run) => {
    const file = runFiles.resultsJson(sweepFiles.run(dir, run.id));
    if (!existsSync(file)) return [];
    const rows = JSON.parse(readFileSync(file, 'utf8')) as ResultRow[];
    return rows.map((row) => ({ run: run.id, ...run.axes, ...row }));
  });
}

/** Writes sweep.csv and sweep.json from the runs' results; returns the rows. */
export function writeSweepResults(dir: string, plan: SweepPlan): ResultRow[] {
  const rows = sweepRows(dir, plan);
  writeFileAtomic(sweepFiles.csv(dir), toCsv(rows));
  writeFileAtomic(sweepFiles.json(dir), `${JSON.stringify(rows, null, 2)}\n`);
  return rows;
}
