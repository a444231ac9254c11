import type { TrainingSummary } from '../experiment/jobs.js';
import type { SummaryRow } from '../experiment/results.js';
import { fmt, renderTable, type Column } from './table.js';

const metric = (key: string, header: string, digits = 3): Column<SummaryRow> => ({
  header,
  value: (r) => (r.seeds > 1 && key in r.std ? `${fmt(r.mean[key], digits)}±${fmt(r.std[key], digits)}` : fmt(r.mean[key], digits)),
});

/** The columns of the results table: what a reader compares first. */
const COLUMNS: Column<SummaryRow>[] = [
  { header: 'method', value: (r) => r.method_label, align: 'left' },
  metric('forget_acc', 'forget'),
  metric('retain_acc', 'retain'),
  metric('test_acc', 'test'),
  metric('uqi', 'UQI'),
  metric('js_test', 'JS→oracle'),
  metric('agree_test', 'agree'),
  metric('mia_auc_confidence', 'MIA AUC'),
  metric('mia_auc_confidence_oracle', 'oracle MIA'),
  metric('seconds', 'time (s)', 2),
];

/** One table per scenario, methods as rows (mean ± sd over seeds when several ran). */
export function resultsTables(summary: readonly SummaryRow[]): string {
  const scenarios = [...new Set(summary.map((s) => s.scenario))];
  return scenarios
    .map((scenario) => {
      const rows = summary.filter((s) => s.scenario === scenario);
      const seeds = rows[0]?.seeds ?? 0;
      return `Scenario ${scenario}${seeds > 1 ? ` (mean ± sd over ${seeds} seeds)` : ''}\n${renderTable(rows, COLUMNS)}`;
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
