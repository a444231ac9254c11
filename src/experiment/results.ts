/** A results row: one scenario × method × seed, identity columns first, then every metric. */
export type ResultRow = Record<string, unknown>;

/** Columns that identify a row (never averaged across seeds). */
export const IDENTITY_COLUMNS = [
  'seed', 'dataset', 'model', 'preset', 'qubits', 'layers', 'entangler', 'entangling_gate', 'encoding', 'reupload',
  'noise', 'shots', 'scenario', 'scenario_kind', 'method', 'method_label', 'status', 'error',
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

/** One scenario × method across seeds: mean and sample standard deviation of every numeric metric. */
export interface SummaryRow {
  scenario: string;
  method: string;
  method_label: string;
  seeds: number;
  mean: Record<string, number>;
  std: Record<string, number>;
}

/**
 * Aggregates rows over seeds per scenario and method (in first-seen order). Standard deviations use n − 1 and are
 * 0 for a single seed; failed rows are left out.
 */
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
    const mean: Record<string, number> = {};
    const std: Record<string, number> = {};
    for (const column of columnsOf(group)) {
      if (identity.has(column)) continue;
      const values = group.map((r) => r[column]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) continue;
      const m = values.reduce((a, b) => a + b, 0) / values.length;
      mean[column] = m;
      std[column] = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) : 0;
    }
    const first = group[0];
    return { scenario: String(first.scenario), method: String(first.method), method_label: String(first.method_label), seeds: group.length, mean, std };
  });
}

/** Summary rows flattened for CSV: `<metric>_mean` and `<metric>_std` columns. */
export function summaryTable(summary: readonly SummaryRow[]): ResultRow[] {
  return summary.map((s) => {
    const row: ResultRow = { scenario: s.scenario, method: s.method, method_label: s.method_label, seeds: s.seeds };
    for (const k of Object.keys(s.mean)) {
      row[`${k}_mean`] = s.mean[k];
      row[`${k}_std`] = s.std[k];
    }
    return row;
  });
}
