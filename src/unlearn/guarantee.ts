/**
 * What a method promises about the model it returns, compared with the model that retraining without the forget
 * set would give. `exact`: the same distribution (SISA: bit for bit with the same seeds). `certified`: (ε, δ)-close in
 * the sense of differential privacy, under the stated assumptions. `none`: no statement (every approximate method).
 */
export type Guarantee =
  | { readonly kind: 'none'; readonly assumptions: readonly string[] }
  | { readonly kind: 'exact'; readonly assumptions: readonly string[] }
  | {
      readonly kind: 'certified';
      readonly epsilon: number;
      readonly delta: number;
      readonly assumptions: readonly string[];
    };

/** The kinds of guarantee, weakest first. */
export const GUARANTEE_KINDS = ['none', 'exact', 'certified'] as const;

/** No guarantee: what every approximate method declares. */
export const NO_GUARANTEE: Guarantee = Object.freeze({
  kind: 'none',
  assumptions: Object.freeze([]) as readonly string[],
});

/** The declaration of methods without a guarantee (`guarantee: noGuarantee`). */
export function noGuarantee(): Guarantee {
  return NO_GUARANTEE;
}

/** A number as written by hand: `1e-5` rather than `0.00001`. */
function compact(v: number): string {
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential() : String(v);
}

/** A short label for tables: `none`, `exact`, or `ε=1, δ=1e-5`. */
export function guaranteeLabel(g: Guarantee): string {
  return g.kind === 'certified' ? `ε=${compact(g.epsilon)}, δ=${compact(g.delta)}` : g.kind;
}

/** The label of a results row's guarantee columns (empty for rows written before guarantees were recorded). */
export function guaranteeLabelOfRow(row: Record<string, unknown>): string {
  const kind = row.guarantee;
  if (kind === 'certified')
    return guaranteeLabel({
      kind,
      epsilon: Number(row.guarantee_epsilon),
      delta: Number(row.guarantee_delta),
      assumptions: [],
    });
  return typeof kind === 'string' ? kind : '';
}

/** The result columns of a guarantee: its kind, ε and δ (blank unless certified) and its assumptions. */
export function guaranteeColumns(g: Guarantee): Record<string, string | number | null> {
  return {
    guarantee: g.kind,
    guarantee_epsilon: g.kind === 'certified' ? g.epsilon : null,
    guarantee_delta: g.kind === 'certified' ? g.delta : null,
    guarantee_assumptions: g.assumptions.join('; '),
  };
}
