import type { FloatArray } from '../core/dtype.js';
import { QunlearnError } from '../core/errors.js';
import { checkAligned } from './validate.js';
import * as fdlibm from '../core/math.js';

/**
 * Divergences between the unlearned model's and the oracle's predictive distributions, on aligned rows: row i of
 * both arrays must be the same sample. (The reference compared differently shuffled retain rows; equal shapes are
 * required here, and the caller guarantees the order by evaluating both models on one array of inputs.)
 *
 * Both distributions are clipped to [eps, 1] before taking logs, as the reference does (eps = 1e-8), and are not
 * renormalised afterwards. A term with P_ic = 0 (possible only with eps = 0) contributes 0, the limit of p ln p.
 */

/** The reference's clipping floor for probabilities. */
export const DIVERGENCE_EPS = 1e-8;

function checkEps(fn: string, eps: number): void {
  if (!(eps >= 0 && eps < 1)) throw new QunlearnError('value', `${fn}: eps must be in [0, 1), got ${eps}`);
}

function clip(v: number, eps: number): number {
  return v < eps ? eps : v;
}

/** KL(P‖Q) = mean_i Σ_c P_ic (ln P_ic − ln Q_ic), natural log, P = unlearned and Q = oracle, both clipped to [eps, 1]. */
export function meanKlDivergence(p: FloatArray, q: FloatArray, classes: number, eps = DIVERGENCE_EPS): number {
  checkEps('meanKlDivergence', eps);
  const rows = checkAligned('meanKlDivergence', 'p', p, 'q', q, classes);
  let total = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = clip(p[k], eps);
    if (pk > 0) total += pk * (fdlibm.log(pk) - fdlibm.log(clip(q[k], eps)));
  }
  return total / rows;
}

/**
 * JS(P, Q) = 0.5·KL(P‖M) + 0.5·KL(Q‖M) with M = (P + Q)/2, averaged over rows, on the clipped P and Q.
 * Natural log, so 0 ≤ JS ≤ ln 2 ≈ 0.693 (the reference's docstring claims a maximum of 1, which holds only in bits);
 * ln 2 is approached by rows whose mass sits on disjoint classes, and reached exactly when eps = 0.
 */
export function meanJsDivergence(p: FloatArray, q: FloatArray, classes: number, eps = DIVERGENCE_EPS): number {
  checkEps('meanJsDivergence', eps);
  const rows = checkAligned('meanJsDivergence', 'p', p, 'q', q, classes);
  let total = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = clip(p[k], eps);
    const qk = clip(q[k], eps);
    const lnM = fdlibm.log(0.5 * (pk + qk));
    if (pk > 0) total += 0.5 * pk * (fdlibm.log(pk) - lnM);
    if (qk > 0) total += 0.5 * qk * (fdlibm.log(qk) - lnM);
  }
  return total / rows;
}
