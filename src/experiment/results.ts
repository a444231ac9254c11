import { meanInterval } from '../metrics/student-t.js';
import { guaranteeLabelOfRow } from '../unlearn/guarantee.js';

/** A results row: one scenario × method × seed, identity columns first, then every metric. */
export type ResultRow = Record<string, unknown>;

/** Columns that identify a row (never averaged across seeds). */
export const IDENTITY_COLUMNS = [
  'seed',
  'dataset',
  'model',
  'preset',
  'qubits',
  'layers',
  'entangler',
  'entangling_gate',
  'encoding',
  'reupload',
  'noise',
  'shots',
  'scenario',
  'scenario_kind',
  'method',
  'method_label',
  'status',
  'error',
  'guarantee',
  'guarantee_epsilon',
  'guarantee_delta',
  'guarantee_assumptions',
] as const;

/** All column names of the rows, in first-seen order. */
export function columnsOf(rows: readonly ResultRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text (RFC 4180 quoting; empty fields for missing or non-finite values). */
export function toCsv(rows: readonly ResultRow[], columns = columnsOf(rows)): string {
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * One scenario × method across seeds, per metric: how many seeds produced a value (`n`), the mean, and with two or
 * more values the sample standard deviation and the half-width of the 95 % t-interval of the mean. Booleans count as
 * 0/1 (the mean of `target_reached` is the fraction of seeds that reached the target). `censored` counts values that
 * are lower bounds (relearn time that ran out of budget is recorded at the budget), so their mean is one too.
 */
export interface SummaryRow {
  scenario: string;
  method: string;
  method_label: string;
  /** The method's guarantee as a label (`none`, `exact`, `ε=1, δ=1e-5`); absent or empty in runs that predate it. */
  guarantee?: string;
  seeds: number;
  n: Record<string, number>;
  mean: Record<string, number>;
  std: Record<string, number>;
  ci95: Record<string, number>;
  censored: Record<string, number>;
}

/** Metrics that can be censored, and the boolean column that marks a censored value. */
export const CENSORED_BY: Readonly<Record<string, string>> = {
  relearn_steps: 'relearn_censored',
  relearn_steps_oracle: 'relearn_oracle_censored',
};

function numeric(v: unknown): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Aggregates rows over seeds per scenario and method (in first-seen order); failed rows are left out. */
export function summarise(rows: readonly ResultRow[]): SummaryRow[] {
  const groups = new Map<string, ResultRow[]>();
  for (const r of rows) {
    if (r.status !== 'ok') continue;
    const key = `${String(r.scenario)}\u0000${String(r.method)}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const identity = new Set<string>(IDENTITY_COLUMNS);
  return [...groups.values()].map((group) => {
    const first = group[0];
    const out: SummaryRow = {
      scenario: String(first.scenario),
      method: String(first.method),
      method_label: String(first.method_label),
      guarantee: guaranteeLabelOfRow(first),
      seeds: group.length,
      n: {},
      mean: {},
      std: {},
      ci95: {},
      censored: {},
    };
    for (const column of columnsOf(group)) {
      if (identity.has(column)) continue;
      const values = group.map((r) => numeric(r[column])).filter((v): v is number => v !== null);
      if (values.length === 0) continue;
      const stats = meanInterval(values);
      out.n[column] = stats.n;
      out.mean[column] = stats.mean;
      if (stats.n > 1) {
        out.std[column] = stats.sd;
        out.ci95[column] = stats.ci95;
      }
      const flag = CENSORED_BY[column];
      if (flag !== undefined) out.censored[column] = group.filter((r) => r[flag] === true).length;
    }
    return out;
  });
}

/** Summary rows flattened for CSV: `<metric>_mean` and `<metric>_std` columns. */
export function summaryTable(summary: readonly SummaryRow[]): ResultRow[] {
  return summary.map((s) => {
    const row: ResultRow = {
      scenario: s.scenario,
      method: s.method,
      method_label: s.method_label,
      guarantee: s.guarantee,
      seeds: s.seeds,
    };
    for (const k of Object.keys(s.mean)) {
      row[`${k}_n`] = s.n[k];
      row[`${k}_mean`] = s.mean[k];
      row[`${k}_std`] = s.std[k];
      row[`${k}_ci95`] = s.ci95[k];
      if (k in s.censored) row[`${k}_censored`] = s.censored[k];
    }
    return row;
  });
}
