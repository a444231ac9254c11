import type { SummaryRow } from '../experiment/results.js';
import type { Block } from './document.js';
import { scenarioTable, type MetricColumn } from './scenario-table.js';

/** What a guaranteed method's mechanism costs and what a deletion redid, beside the teacher. */
export const MECHANISM_COLUMNS: readonly MetricColumn[] = [
  { key: 'mechanism_test_acc', header: 'mechanism test acc', digits: 3, teacher: 'teacher_test_acc' },
  { key: 'mechanism_cost', header: 'cost vs teacher', digits: 3, teacher: 0 },
  { key: 'work_redone', header: 'work redone', digits: 3 },
  { key: 'mechanism_speedup', header: 'speed-up vs mechanism', digits: 1 },
  { key: 'budget_used', header: 'budget used', digits: 3 },
  { key: 'mechanism_retrained', header: 'retrained', digits: 2 },
];

/**
 * The blocks on methods that train their own mechanism (SISA, the certified heads), when the scenario has any: the
 * mechanism's test accuracy before the deletion and its cost against the monolithic teacher, the fraction of
 * training work the deletion redid, its speed-up over retraining the whole mechanism, the certified budget spent and
 * how often the budget forced a retraining.
 */
export function mechanismBlocks(rows: readonly SummaryRow[]): Block[] {
  const withMechanism = rows.filter((r) => r.mean.mechanism_test_acc !== undefined);
  if (withMechanism.length === 0) return [];
  return [
    {
      kind: 'paragraph',
      text: 'Methods that train their own mechanism (docs/certified.md): what the mechanism costs against the teacher, and what a deletion redid.',
    },
    { kind: 'table', table: scenarioTable(withMechanism, MECHANISM_COLUMNS) },
  ];
}
