import { rankAuditRows, type AuditRow } from '../experiment/audit/score.js';
import { fmt, renderTable, type Column } from './table.js';

const COLUMNS: Column<{ rank: string; row: AuditRow }>[] = [
  { header: 'rank', value: (r) => r.rank },
  {
    header: 'method',
    value: (r) =>
      r.row.role === 'chance'
        ? `chance level (N = ${r.row.models} vs ${r.row.models})`
        : `${r.row.method_label}${r.row.reference === 'same mechanism' ? ' †' : ''}`,
    align: 'left',
  },
  { header: 'F', value: (r) => fmt(r.row.forgetting_quality) },
  { header: 'score', value: (r) => fmt(r.row.score) },
  { header: 'ε median', value: (r) => fmt(r.row.epsilon_median, 2) },
  { header: 'ε max', value: (r) => fmt(r.row.epsilon_max, 2) },
  { header: 'attack AUC', value: (r) => fmt(r.row.attack_auc) },
  { header: 'bal. acc', value: (r) => fmt(r.row.attack_balanced_accuracy) },
  { header: 'TPR@1%', value: (r) => fmt(r.row.attack_tpr_at_1_fpr) },
  { header: 'TPR@5%', value: (r) => fmt(r.row.attack_tpr_at_5_fpr) },
  { header: 'forget', value: (r) => fmt(r.row.forget_acc) },
  { header: 'retain', value: (r) => fmt(r.row.retain_acc) },
  { header: 'test', value: (r) => fmt(r.row.test_acc) },
  { header: 'ε ≥ (95 %)', value: (r) => fmt(r.row.epsilon_bound, 2) },
  { header: 'claim', value: (r) => claimText(r.row) },
];

/** The method's claimed ε and whether the audit refutes it (`ε ≤ 1: kept`, `exact: REFUTED`). */
function claimText(row: AuditRow): string {
  if (row.claimed_epsilon === null || row.claimed_epsilon === undefined) return '';
  const claim = row.claimed_epsilon === 0 ? 'exact' : `ε ≤ ${row.claimed_epsilon}`;
  const beyond = row.claimed_epsilon >= (row.epsilon_resolution ?? Infinity) ? ' (beyond resolution)' : '';
  return `${claim}: ${row.claim_refuted === true ? 'REFUTED' : 'kept'}${beyond}`;
}

/**
 * One table per scenario: methods ranked by score, the chance level (the retrained pool's halves against each
 * other) marked in its place, failures listed below.
 */
export function auditTables(rows: readonly AuditRow[]): string {
  const first = rows[0];
  if (first === undefined) return 'Audit: no rows';
  const header = `Audit: ${first.dataset} · ${first.model} · ${first.preset} · N = ${rows.find((r) => r.role === 'method')?.models ?? '?'} models per population · original ${first.original} · data seed ${first.seed}`;
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  const tables = scenarios.map((scenario) => {
    const ranked = rankAuditRows(rows.filter((r) => r.scenario === scenario));
    let rank = 0;
    const shown = ranked
      .filter((r) => r.status === 'ok')
      .map((row) => ({ rank: row.role === 'chance' ? '·' : String(++rank), row }));
    const failed = ranked
      .filter((r) => r.status !== 'ok')
      .map((r) => `  FAILED ${r.method_label}: ${r.error ?? 'failed'}`);
    const n = ranked[0]?.n_forget ?? 0;
    const mechanisms = shown.some((r) => r.row.reference === 'same mechanism')
      ? ['† compared with the same mechanism retrained without the forget set (what its guarantee promises)']
      : [];
    const resolution = shown.find((r) => r.row.epsilon_resolution !== undefined)?.row.epsilon_resolution;
    const note =
      resolution === undefined
        ? []
        : [`ε ≥: a lower bound holding with 95 % confidence; at this N it cannot exceed ${fmt(resolution, 2)}`];
    return [
      `Scenario ${scenario} (${n} forget example${n === 1 ? '' : 's'})`,
      renderTable(shown, COLUMNS),
      ...mechanisms,
      ...note,
      ...failed,
    ].join('\n');
  });
  return [header, ...tables].join('\n\n');
}
