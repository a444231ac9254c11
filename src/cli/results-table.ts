import type { TrainingSummary } from '../experiment/jobs.js';
import type { SummaryRow } from '../experiment/results.js';
import { fmt, renderTable, type Column } from './table.js';

/** `mean±half-width of the 95 % t-interval` when two or more seeds gave a value; `≥` marks a censored mean. */
const metric = (key: string, header: string, digits = 3): Column<SummaryRow> => ({
  header,
  value: (r) => {
    const bound = (r.censored[key] ?? 0) > 0 ? '≥' : '';
    return `${bound}${fmt(r.mean[key], digits)}${key in r.ci95 ? `±${fmt(r.ci95[key], digits)}` : ''}`;
  },
});

/** An AUC, starred when some seed attacked fewer than 10 members or non-members. */
const auc = (key: string, header: string): Column<SummaryRow> => ({
  header,
  value: (r) => `${metric(key, header).value(r)}${(r.mean.mia_low_confidence ?? 0) > 0 ? '*' : ''}`,
});

/** How many seeds reached the forget target (blank when the scenario has none, e.g. a subset under `paper`). */
const target: Column<SummaryRow> = {
  header: 'target',
  value: (r) =>
    r.n.target_reached === undefined
      ? ''
      : `${Math.round(r.mean.target_reached * r.n.target_reached)}/${r.n.target_reached}`,
};

/** The columns of the results table: what a reader compares first. */
const COLUMNS: Column<SummaryRow>[] = [
  { header: 'method', value: (r) => r.method_label, align: 'left' },
  metric('forget_acc', 'forget'),
  metric('retain_acc', 'retain'),
  metric('test_acc', 'test'),
  metric('uqi', 'UQI'),
  metric('js_test', 'JS→oracle'),
  metric('agree_test', 'agree'),
  auc('mia_auc_confidence', 'MIA AUC'),
  auc('mia_auc_confidence_oracle', 'oracle MIA'),
  target,
  metric('selected_epoch', 'epoch', 1),
  metric('seconds', 'time (s)', 2),
  { header: 'guarantee', value: (r) => r.guarantee || '—', align: 'left' },
];

/**
 * One table per scenario, methods as rows (mean ± half-width of the 95 % t-interval over seeds when several ran),
 * with a note on starred (low-confidence) membership-inference AUCs.
 */
export function resultsTables(summary: readonly SummaryRow[]): string {
  const scenarios = [...new Set(summary.map((s) => s.scenario))];
  return scenarios
    .map((scenario) => {
      const rows = summary.filter((s) => s.scenario === scenario);
      const seeds = Math.max(...rows.map((r) => r.seeds));
      const head = `Scenario ${scenario}${seeds > 1 ? ` (mean ± 95 % t-interval over ${seeds} seeds)` : ''}`;
      const starred = rows.some((r) => (r.mean.mia_low_confidence ?? 0) > 0);
      const note = starred ? '\n* fewer than 10 members or non-members: the AUC is low-confidence' : '';
      return `${head}\n${renderTable(rows, COLUMNS)}${note}`;
    })
    .join('\n\n');
}

/** Teacher and oracle accuracies, one line each. */
export function referenceLines(references: readonly TrainingSummary[]): string {
  return references
    .map((r) => {
      const who = r.kind === 'teacher' ? 'teacher' : `oracle (${r.scenario})`;
      const select = r.selectScore === null ? '' : `, selection score ${fmt(r.selectScore)}`;
      return `seed ${r.seed} ${who}: test accuracy ${fmt(r.testAccuracy)}, train ${fmt(r.trainAccuracy)}${select}, best epoch ${r.bestEpoch}/${r.epochs}, ${fmt(r.seconds, 1)} s`;
    })
    .join('\n');
}
