import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { QunlearnError } from '../../core/errors.js';
import type { AuditRow } from '../audit/score.js';
import { auditFiles } from '../audit/layout.js';
import { isObject, readJsonFile } from '../json-file.js';
import { runFiles } from '../layout.js';
import type { ResultRow } from '../results.js';
import { sweepFiles } from '../sweep/layout.js';
import type { SweepPlan } from '../sweep/plan.js';
import type { FindingsSweep } from './plan.js';

/** The measures a findings plan reads from its runs. */
export const MEASURES = ['mia_auc_loss', 'forget_loss_gap', 'utility', 'js_test', 'tow', 'audit_score'] as const;
export type Measure = (typeof MEASURES)[number];

/** Where an observation comes from: a dataset, the quantum model at a circuit setting or its classical twin. */
export interface Setting {
  dataset: string;
  kind: 'quantum' | 'classical';
  layers: number | null;
  entangler: string | null;
}

/** What is observed: a measure of a method in a scenario kind. */
export interface Quantity {
  scenario: 'subset' | 'class';
  method: string;
  measure: Measure;
}

/** A setting and quantity with its values per seed. */
export interface Series {
  setting: Setting;
  quantity: Quantity;
  values: Map<number, number>;
}

/** Every observation of a plan, by setting and quantity, per seed. */
export class Observations {
  private readonly series = new Map<string, Series>();

  private static key(setting: Setting, q: Quantity): string {
    return [setting.dataset, setting.kind, setting.layers, setting.entangler, q.scenario, q.method, q.measure].join(
      '|',
    );
  }

  /** Records a value (a later value for the same seed is an error: every seed is one run). */
  add(setting: Setting, q: Quantity, seed: number, value: number): void {
    const key = Observations.key(setting, q);
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { setting: { ...setting }, quantity: { ...q }, values: new Map() };
      this.series.set(key, entry);
    }
    if (entry.values.has(seed)) throw new QunlearnError('findings', `two values of ${key} for seed ${seed}`);
    entry.values.set(seed, value);
  }

  /** Every observed setting and quantity with its values per seed. */
  entries(): IterableIterator<Series> {
    return this.series.values();
  }

  /** The values per seed (empty when nothing was observed). */
  get(setting: Setting, q: Quantity): Map<number, number> {
    return this.series.get(Observations.key(setting, q))?.values ?? new Map();
  }
}

const isRows = (v: unknown): v is ResultRow[] =>
  Array.isArray(v) && v.every((r) => isObject(r) && 'method' in r && 'scenario_kind' in r);
const isAuditRows = (v: unknown): v is AuditRow[] =>
  Array.isArray(v) && v.every((r) => isObject(r) && 'method' in r && 'role' in r);

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The measures of one results row (utility: test accuracy as a fraction of the oracle's). */
function rowMeasures(row: ResultRow): Partial<Record<Measure, number>> {
  const out: Partial<Record<Measure, number>> = {};
  for (const m of ['mia_auc_loss', 'forget_loss_gap', 'js_test', 'tow'] as const) {
    const v = number(row[m]);
    if (v !== null) out[m] = v;
  }
  const test = number(row.test_acc);
  const oracle = number(row.oracle_test_acc);
  if (test !== null && oracle !== null && oracle > 0) out.utility = test / oracle;
  return out;
}

/**
 * Reads every run of the plan's sweeps (results.json and audit.json) into observations. A run without its files is
 * an error naming it: findings are computed from complete sweeps only.
 */
export function readObservations(
  dir: string,
  sweeps: readonly { sweep: FindingsSweep; plan: SweepPlan }[],
): Observations {
  const out = new Observations();
  for (const { sweep, plan } of sweeps) {
    for (const run of plan.runs) {
      const runDir = sweepFiles.run(sweepDirOf(dir, sweep.id), run.id);
      const setting: Setting = {
        dataset: sweep.dataset,
        kind: sweep.kind,
        layers: sweep.kind === 'quantum' ? Number(run.axes.layers) : null,
        entangler: sweep.kind === 'quantum' ? String(run.axes.entangler) : null,
      };
      const resultsFile = runFiles.resultsJson(runDir);
      if (!existsSync(resultsFile) || !existsSync(auditFiles.json(runDir))) {
        throw new QunlearnError(
          'findings',
          `run ${run.id} of ${sweep.id} has no results yet; continue with \`qunlearn findings --resume ${dir}\``,
        );
      }
      const repair = `continue with \`qunlearn findings --resume ${dir}\``;
      for (const row of readJsonFile(resultsFile, { what: 'results file', check: isRows, repair })) {
        if (row.status !== 'ok') continue;
        const scenario = row.scenario_kind === 'class' ? 'class' : 'subset';
        for (const [measure, value] of Object.entries(rowMeasures(row)))
          out.add(setting, { scenario, method: String(row.method), measure: measure as Measure }, run.seed, value);
      }
      for (const row of readJsonFile(auditFiles.json(runDir), { what: 'audit file', check: isAuditRows, repair })) {
        if (row.role !== 'method' || row.status !== 'ok' || typeof row.score !== 'number') continue;
        out.add(
          setting,
          { scenario: row.scenario_kind === 'class' ? 'class' : 'subset', method: row.method, measure: 'audit_score' },
          run.seed,
          row.score,
        );
      }
    }
  }
  return out;
}

/** The folder of one sweep of a findings plan. */
export function sweepDirOf(dir: string, sweepId: string): string {
  return join(dir, 'sweeps', sweepId);
}
