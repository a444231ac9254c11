import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isQunlearnError, QunlearnError } from '../../core/errors.js';
import type { ModelConfig } from '../../models/presets.js';
import { VERSION } from '../../version.js';
import { resolveExperiment, type ResolvedExperiment } from '../config.js';
import { isObject, readJsonFile } from '../json-file.js';
import { checkMethodSettings } from '../preflight.js';
import { prepareData } from '../prepare.js';
import { expandSweep } from './expand.js';
import { sweepFiles } from './layout.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { referenceKey, referenceSettings, type ReferenceSettings } from './reference-key.js';
import type { AxisLabel, SweepSpec } from './spec.js';

/** One run of a validated sweep: an ordinary run configuration (one seed) and the key of its references. */
export interface PlannedRun {
  id: string;
  axes: Record<string, AxisLabel>;
  seed: number;
  referenceKey: string;
  experiment: ResolvedExperiment;
}

/** One seed's teacher and oracles under one reference key, trained once for every run that needs them. */
export interface PlannedReferences {
  key: string;
  seed: number;
  scenarios: string[];
  /** The first run that needs them: its configuration trains them. */
  run: string;
}

/** A validated, expanded sweep: saved as sweep-plan.json and enough to run or resume it anywhere. */
export interface SweepPlan {
  format: 'qunlearn-sweep/1';
  /** Random; names the sweep's jobs on a shared queue. */
  id: string;
  createdAt: string;
  qunlearnVersion: string;
  axes: { key: string; path: string; labels: AxisLabel[] }[];
  seeds: number[];
  runs: PlannedRun[];
  references: PlannedReferences[];
  /** What each reference key stands for. */
  referenceSettings: Record<string, ReferenceSettings>;
}

/** A combination that cannot run, and why. */
export interface InvalidRun {
  id: string;
  message: string;
}

interface Prepared {
  model: ModelConfig;
  scenarios: string[];
}

/**
 * Expands a sweep and checks every run before anything trains: names must resolve, and each distinct data, model
 * and circuit combination is prepared once (dataset, split, scenarios, model against the data's shape), so that
 * e.g. `--qubits 6` with iris-shallow, noise on more than 10 qubits, or `eu-k.k` beyond the model's layer groups,
 * is reported up front. Invalid runs are
 * returned beside the plan, which holds the valid ones.
 */
export function planSweep(spec: SweepSpec): { plan: SweepPlan; invalid: InvalidRun[] } {
  const invalid: InvalidRun[] = [];
  const runs: PlannedRun[] = [];
  const references = new Map<string, PlannedReferences>();
  const settings: Record<string, ReferenceSettings> = {};
  const prepared = new Map<string, Prepared | Error>();
  for (const run of expandSweep(spec)) {
    try {
      const experiment = resolveExperiment(run.config);
      const { dataset, data, model, circuit, preset, split, scenarios } = experiment;
      const dataKey = canonicalJson({ dataset, data, model, circuit, preset, split, scenarios, seed: run.seed });
      let p = prepared.get(dataKey);
      if (p === undefined) {
        try {
          const d = prepareData(experiment, run.seed);
          p = { model: d.model, scenarios: d.plan.scenarios.map((s) => s.name) };
        } catch (e) {
          if (!isQunlearnError(e)) throw e;
          p = e;
        }
        prepared.set(dataKey, p);
      }
      if (p instanceof Error) throw p;
      checkMethodSettings(experiment, p.model);
      const s = referenceSettings(experiment, p.model);
      const key = referenceKey(s);
      settings[key] = s;
      const refId = `${key}/${run.seed}`;
      if (!references.has(refId)) references.set(refId, { key, seed: run.seed, scenarios: p.scenarios, run: run.id });
      runs.push({ id: run.id, axes: run.axes, seed: run.seed, referenceKey: key, experiment });
    } catch (e) {
      if (!isQunlearnError(e)) throw e;
      invalid.push({ id: run.id, message: e.message });
    }
  }
  const plan: SweepPlan = {
    format: 'qunlearn-sweep/1',
    id: randomBytes(6).toString('hex'),
    createdAt: new Date().toISOString(),
    qunlearnVersion: VERSION,
    axes: spec.axes.map(({ key, path, labels }) => ({ key, path, labels })),
    seeds: spec.seeds,
    runs,
    references: [...references.values()],
    referenceSettings: settings,
  };
  return { plan, invalid };
}

/** True when two plans run the same configurations under the same names (their ids and dates aside). */
export function samePlan(a: SweepPlan, b: SweepPlan): boolean {
  return JSON.stringify(a.runs) === JSON.stringify(b.runs);
}

/** True when a value looks like a sweep plan. */
function isSweepPlan(v: unknown): v is SweepPlan {
  return (
    isObject(v) &&
    v.format === 'qunlearn-sweep/1' &&
    typeof v.id === 'string' &&
    Array.isArray(v.axes) &&
    Array.isArray(v.seeds) &&
    Array.isArray(v.references) &&
    isObject(v.referenceSettings) &&
    Array.isArray(v.runs) &&
    v.runs.every(
      (r: unknown) =>
        isObject(r) && typeof r.id === 'string' && typeof r.referenceKey === 'string' && isObject(r.experiment),
    )
  );
}

/** Reads a sweep's plan (for `--resume`, reports and workers' collection); a damaged one is one clear error. */
export function readSweepPlan(dir: string): SweepPlan {
  const file = sweepFiles.plan(dir);
  if (!existsSync(file))
    throw new QunlearnError('sweep', `${dir} is not a qunlearn sweep directory (no sweep-plan.json)`);
  return readJsonFile(file, {
    what: 'sweep plan',
    check: isSweepPlan,
    repair: `it holds the sweep's settings: restore it from a backup, or move it aside and run the same \`qunlearn sweep\` command again with --out ${dir} (runs that finished with the same settings are kept)`,
  });
}
