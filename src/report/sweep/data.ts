import { meanInterval } from '../../metrics/student-t.js';
import { resolve } from 'node:path';
import type { ResultRow } from '../../experiment/results.js';
import { sweepRows } from '../../experiment/sweep/collect.js';
import { readSweepPlan, type SweepPlan } from '../../experiment/sweep/plan.js';
import type { AxisLabel } from '../../experiment/sweep/spec.js';
import { readSweepStatus, type SweepStatus } from '../../experiment/sweep/status.js';

/** A metric the sweep report follows across the axes. */
export interface SweepMetric {
  key: string;
  title: string;
  /** The value axis' title. */
  axisTitle: string;
  /** How to read it, for captions. */
  reading: string;
  /** Its value in one row (some are derived from several columns). */
  value: (row: ResultRow) => number | undefined;
  /** The oracle's value in one row, drawn as a dashed reference line. */
  oracle?: (row: ResultRow) => number | undefined;
  /** A fixed value axis (accuracies). */
  domain?: [number, number];
  /** The same for every method of a run (a property of the teacher): drawn once, not per method. */
  perRun?: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const column =
  (key: string) =>
  (row: ResultRow): number | undefined =>
    num(row[key]);
const distance =
  (a: string, b: string) =>
  (row: ResultRow): number | undefined => {
    const x = num(row[a]);
    const y = num(row[b]);
    return x === undefined || y === undefined ? undefined : Math.abs(x - y);
  };

/**
 * What the study's claims are about: how much the original model memorised the forget set, how far each method's
 * forgetting and utility land from the oracle (the model retrained without the forget set), how far its outputs
 * are from the oracle's, and whether membership inference tells it apart from the oracle.
 */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  {
    key: 'forget_acc',
    title: 'Forget accuracy',
    axisTitle: 'forget accuracy',
    reading: 'closer to the oracle (dashed) is better',
    value: column('forget_acc'),
    oracle: column('oracle_forget_acc'),
    domain: [0, 1],
  },
  {
    key: 'forget_acc_distance',
    title: 'Distance to the oracle: |forget acc − oracle forget acc|',
    axisTitle: '|forget acc − oracle|',
    reading: 'lower is better',
    value: distance('forget_acc', 'oracle_forget_acc'),
  },
  {
    key: 'test_acc',
    title: 'Test accuracy',
    axisTitle: 'test accuracy',
    reading: 'higher is better; the oracle is dashed',
    value: column('test_acc'),
    oracle: column('oracle_test_acc'),
    domain: [0, 1],
  },
  {
    key: 'js_test',
    title: 'Jensen–Shannon divergence to the oracle (test set)',
    axisTitle: 'JS divergence (nats)',
    reading: 'lower is better (at most ln 2 ≈ 0.693)',
    value: column('js_test'),
  },
  {
    key: 'mia_auc_confidence_gap',
    title: 'Membership-inference AUC gap to the oracle (confidence score)',
    axisTitle: 'MIA AUC − oracle MIA AUC',
    reading: 'closer to zero is better: the attack tells the unlearned model from the oracle no better than chance',
    value: column('mia_auc_confidence_gap'),
  },
  {
    key: 'memorisation',
    title: "Teacher's memorisation of the forget set: teacher − oracle forget accuracy",
    axisTitle: 'teacher − oracle forget acc',
    reading: 'how much more the original model knows about the forget set than a model that never saw it',
    value: (row) => {
      const t = num(row.teacher_forget_acc);
      const o = num(row.oracle_forget_acc);
      return t === undefined || o === undefined ? undefined : t - o;
    },
    perRun: true,
  },
];

/** A finished (or partly finished) sweep, read back for reporting. */
export interface LoadedSweep {
  dir: string;
  plan: SweepPlan;
  status: SweepStatus | null;
  /** sweep.csv's rows: run id and axis values, then the run's result columns. */
  rows: ResultRow[];
}

/** Reads a sweep directory: its plan, its status and every finished run's rows. */
export function loadSweep(dir: string): LoadedSweep {
  const plan = readSweepPlan(dir);
  return { dir: resolve(dir), plan, status: readSweepStatus(dir), rows: sweepRows(dir, plan) };
}

/** One point of a chart: a series (method, or oracle/teacher) at one setting of the axes, over seeds. */
export interface SweepPoint {
  scenario: string;
  series: string;
  kind: 'method' | 'oracle' | 'teacher';
  axes: Record<string, AxisLabel>;
  mean: number;
  /** Half-width of the 95 % t-interval of the mean over seeds (0 for one seed). */
  half: number;
  seeds: number;
}

/**
 * A metric's points: per scenario, series and axis setting, the mean and its 95 % t-interval over the seeds that finished.
 * Methods are series in their configured order; the oracle's value (when the metric has one) and per-run metrics
 * (the teacher's) count once per run, however many methods it ran.
 */
export function metricPoints(sweep: LoadedSweep, metric: SweepMetric): SweepPoint[] {
  const keys = sweep.plan.axes.map((a) => a.key);
  const groups = new Map<string, { point: Omit<SweepPoint, 'mean' | 'half' | 'seeds'>; values: number[] }>();
  const seenRun = new Set<string>();
  const add = (row: ResultRow, series: string, kind: SweepPoint['kind'], value: number | undefined): void => {
    if (value === undefined) return;
    const axes = Object.fromEntries(keys.map((k) => [k, row[k] as AxisLabel]));
    const id = JSON.stringify([row.scenario, series, keys.map((k) => axes[k])]);
    const group = groups.get(id) ?? { point: { scenario: String(row.scenario), series, kind, axes }, values: [] };
    group.values.push(value);
    groups.set(id, group);
  };
  for (const row of sweep.rows) {
    if (row.status !== 'ok') continue;
    const once = `${String(row.run)}\u0000${String(row.scenario)}`;
    const first = !seenRun.has(once);
    seenRun.add(once);
    if (metric.perRun) {
      if (first) add(row, 'teacher', 'teacher', metric.value(row));
      continue;
    }
    add(row, String(row.method_label ?? row.method), 'method', metric.value(row));
    if (first && metric.oracle !== undefined) add(row, 'oracle', 'oracle', metric.oracle(row));
  }
  return [...groups.values()].map(({ point, values }) => {
    const { mean, ci95 } = meanInterval(values);
    return { ...point, mean, half: ci95, seeds: values.length };
  });
}

/** Scenario names in the order the rows have them. */
export function scenariosOf(sweep: LoadedSweep): string[] {
  return [...new Set(sweep.rows.map((r) => String(r.scenario)))];
}
