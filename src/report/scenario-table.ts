import type { SummaryRow } from '../experiment/results.js';
import { DIRECTION_DESCRIPTIONS, isMetricKey, METRIC_KEYS } from '../metrics/keys.js';
import type { Cell, Column, Table } from './document.js';
import { fixed } from './format.js';
import { bandOf, isOwnDistance, oracleDistance } from './oracle-distance.js';

/** A column of the per-scenario table: the metric, its header, and where the teacher and oracle values come from. */
export interface MetricColumn {
  key: string;
  header: string;
  digits: number;
  /** The teacher's value: another column of a method row's means, a constant by definition, or absent (unknown). */
  teacher?: string | number;
  /** The oracle's value: another column of the means, or a constant that holds by definition. */
  oracle?: string | number;
}

/** What a reader compares first, in the order of the CLI's table. */
export const SCENARIO_COLUMNS: readonly MetricColumn[] = [
  { key: 'forget_acc', header: 'forget acc', digits: 3, teacher: 'teacher_forget_acc', oracle: 'oracle_forget_acc' },
  { key: 'retain_acc', header: 'retain acc', digits: 3, teacher: 'teacher_retain_acc', oracle: 'oracle_retain_acc' },
  { key: 'test_acc', header: 'test acc', digits: 3, teacher: 'teacher_test_acc', oracle: 'oracle_test_acc' },
  { key: 'uqi', header: 'UQI', digits: 3, teacher: 0 },
  { key: 'tow', header: 'ToW', digits: 3, oracle: 1 },
  { key: 'js_test', header: 'JS→oracle', digits: 4, oracle: 0 },
  { key: 'agree_test', header: 'agree', digits: 3, oracle: 1 },
  { key: 'mia_auc_confidence', header: 'MIA AUC', digits: 3, oracle: 'mia_auc_confidence_oracle' },
  { key: 'target_reached', header: 'target', digits: 0 },
  { key: 'selected_epoch', header: 'epoch', digits: 1 },
  { key: 'seconds', header: 'time (s)', digits: 2, oracle: 'retrain_seconds' },
];

/** Seeds whose returned model reached the forget target, as `k/n`. */
function targetCell(row: SummaryRow): Cell {
  const n = row.n.target_reached;
  if (n === undefined) return { text: '—', title: 'no forget target in this scenario (no validation rows)' };
  const k = Math.round(row.mean.target_reached * n);
  return {
    text: `${k}/${n}`,
    title: `${k} of ${n} seeds returned a model whose forget set is at the level of unseen data`,
  };
}

/** Marks membership-inference AUCs that rest on fewer than 10 members or non-members in some seed. */
function lowConfidence(row: SummaryRow, key: string, cell: Cell): Cell {
  if (!key.startsWith('mia_auc') || (row.mean.mia_low_confidence ?? 0) === 0) return cell;
  return { ...cell, text: `${cell.text}*`, title: 'low confidence: fewer than 10 members or non-members' };
}

/** A column's explanation: the metric's description and how to read it. */
export function columnTitle(key: string): string | undefined {
  if (!isMetricKey(key)) return undefined;
  const info = METRIC_KEYS[key];
  return `${info.description} (${DIRECTION_DESCRIPTIONS[info.direction]})`;
}

/**
 * A value cell: mean, ± the half-width of the 95 % t-interval when several seeds gave a value, `≥` before a mean of
 * censored values, and the distance to the oracle with its band when colour-coded.
 */
export function valueCell(row: SummaryRow, key: string, digits: number): Cell {
  if (key === 'target_reached') return targetCell(row);
  const value = row.mean[key];
  const cell: Cell = { text: `${(row.censored[key] ?? 0) > 0 ? '≥' : ''}${fixed(value, digits)}` };
  if (value !== undefined && row.ci95[key] !== undefined) cell.spread = `±${fixed(row.ci95[key], digits)}`;
  const distance = oracleDistance(key, row.mean);
  if (distance !== undefined) {
    cell.band = bandOf(distance);
    if (!isOwnDistance(key)) cell.note = `Δ${fixed(distance, digits)}`;
    cell.title = `distance to the oracle: ${fixed(distance, 4)}`;
  }
  return lowConfidence(row, key, cell);
}

/** A reference row (teacher or oracle), read from the first method row: every method of a scenario shares them. */
function referenceCells(first: SummaryRow, who: 'teacher' | 'oracle', columns: readonly MetricColumn[]): Cell[] {
  return columns.map((c) => {
    const source = who === 'teacher' ? c.teacher : c.oracle;
    if (typeof source === 'number') return { text: fixed(source, c.digits), title: 'by definition' };
    if (source === undefined || first.mean[source] === undefined) return { text: '—' };
    const spread = first.ci95[source] !== undefined ? `±${fixed(first.ci95[source], c.digits)}` : undefined;
    return spread === undefined
      ? { text: fixed(first.mean[source], c.digits) }
      : { text: fixed(first.mean[source], c.digits), spread };
  });
}

/**
 * The table of one scenario: the teacher and the oracle as reference rows, then every method with its means
 * (± 95 % t-interval over seeds), colour-coded by distance to the oracle, whether it reached the forget target and
 * the epoch it returned. Methods are labelled by their `method_label`.
 */
export function scenarioTable(rows: readonly SummaryRow[], columns: readonly MetricColumn[] = SCENARIO_COLUMNS): Table {
  const header: Column[] = [
    { header: 'method', align: 'left' },
    ...columns.map((c): Column => {
      const title = columnTitle(c.key);
      return title === undefined ? { header: c.header, align: 'right' } : { header: c.header, align: 'right', title };
    }),
    {
      header: 'guarantee',
      align: 'left',
      title: 'what the method promises against retraining without the forget set: none, exact, or (ε, δ)-certified',
    },
  ];
  const table: Table = { columns: header, rows: [] };
  if (rows.length === 0) return table;
  const seeds = Math.max(...rows.map((r) => r.seeds));
  const starred = rows.some((r) => (r.mean.mia_low_confidence ?? 0) > 0)
    ? '; * membership-inference AUC on fewer than 10 members or non-members'
    : '';
  table.caption = `${seeds > 1 ? `mean ± half-width of the 95 % t-interval over ${seeds} seeds` : 'one seed'}${starred}`;
  table.rows.push({
    kind: 'reference',
    cells: [
      { text: 'Teacher', title: 'the model before unlearning' },
      ...referenceCells(rows[0], 'teacher', columns),
      { text: '—' },
    ],
  });
  table.rows.push({
    kind: 'reference',
    cells: [
      { text: 'Oracle', title: 'retrained from scratch without the forget set: the target' },
      ...referenceCells(rows[0], 'oracle', columns),
      { text: 'exact' },
    ],
  });
  for (const row of rows) {
    const guarantee: Cell = { text: row.guarantee || '—' };
    table.rows.push({
      kind: 'method',
      cells: [
        { text: row.method_label, title: row.method },
        ...columns.map((c) => valueCell(row, c.key, c.digits)),
        guarantee,
      ],
    });
  }
  return table;
}
