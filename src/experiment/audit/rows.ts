/** The rows of an audit (audit.csv / audit.json) and their ranking: what reports read, free of file access. */

/** One forget example's two φ populations, for the report's histograms. */
export interface ExposedExample {
  /** Position in the scenario's forget set, and the dataset row. */
  example: number;
  row: number;
  label: number;
  epsilon: number;
  phi_unlearned: number[];
  phi_retrained: number[];
}

/**
 * One row of audit.csv / audit.json: a method's unlearned population against the retrained one on a scenario, or
 * (role `chance`) the retrained pool's two halves against each other. The arrays (`epsilons`, `exposed`) are in
 * audit.json only.
 */
export interface AuditRow {
  seed: number;
  dataset: string;
  model: string;
  preset: string;
  scenario: string;
  scenario_kind: string;
  method: string;
  method_label: string;
  role: 'method' | 'chance';
  /** Models per population compared (N; ⌊N/2⌋ for the chance level's halves). */
  models: number;
  original: string;
  n_forget: number;
  status: 'ok' | 'failed';
  error?: string;
  forgetting_quality?: number;
  score?: number | null;
  epsilon_median?: number;
  epsilon_mean?: number;
  epsilon_max?: number;
  retain_acc?: number;
  forget_acc?: number;
  test_acc?: number;
  retain_acc_retrained?: number;
  forget_acc_retrained?: number;
  test_acc_retrained?: number;
  attack_auc?: number;
  attack_balanced_accuracy?: number;
  attack_tpr_at_1_fpr?: number;
  attack_tpr_at_5_fpr?: number;
  /** What the unlearned models are compared with: models retrained from scratch, or the same mechanism retrained. */
  reference?: 'retrained' | 'same mechanism';
  /** A lower bound on ε holding with 95 % confidence over the forget examples (DP-auditing style; 0: nothing shown). */
  epsilon_bound?: number;
  /** The largest bound this N can show: claims above it cannot be refuted by this audit. */
  epsilon_resolution?: number;
  /** The method's claim: ε of a certified guarantee, 0 for an exact one; null without a guarantee. */
  claimed_epsilon?: number | null;
  /** True when epsilon_bound exceeds the claim: the guarantee does not hold for these models. Null without a claim. */
  claim_refuted?: boolean | null;
  epsilons?: number[];
  exposed?: ExposedExample[];
}

/**
 * Rows of one scenario ranked by score, best first (ties keep their order), failed rows last; the chance level takes
 * its place by its own score, which marks where "indistinguishable at this N" lies in the ranking.
 */
export function rankAuditRows(rows: readonly AuditRow[]): AuditRow[] {
  const score = (r: AuditRow): number => (r.status === 'ok' && typeof r.score === 'number' ? r.score : -Infinity);
  return [...rows].sort((a, b) => score(b) - score(a));
}
