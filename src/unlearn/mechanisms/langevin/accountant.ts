import * as fdlibm from '../../../core/math.js';

/**
 * The privacy accounting of Langevin unlearning (Chien, Wang, Chen & Li, NeurIPS 2024, arXiv 2401.10371) in the
 * strongly convex case. Learning and unlearning are projected noisy gradient descent on
 * f_D(w) = (1/n) Σ f(w; d_i) with f(·; d) m-strongly convex, L-smooth and with gradients bounded by M, step η ≤ 1/L
 * and noise √(2ησ²)·N(0, I) per step. At stationarity the learning process is (α, ε₀)-Rényi-DP for datasets that
 * differ in S of n rows, ε₀(α) = 4αS²M²/(mσ²n²); K further steps on the new dataset contract the Rényi divergence to
 * the new stationary distribution by exp(−Kmη/α) (the LSI constant 2σ²/m is preserved by every step). See
 * docs/certified.md for the statement, the sequential composition and the conversion to (ε, δ).
 */
export interface LangevinConstants {
  /** Strong convexity m of every per-sample loss. */
  m: number;
  /** Step size η (≤ 1/L). */
  eta: number;
  /** Noise scale σ: each step adds √(2ησ²)·N(0, I). */
  sigma: number;
  /** Bound M on every per-sample gradient norm. */
  M: number;
}

/** One deletion request: S rows removed from a dataset of n, followed by K unlearning steps. */
export interface UnlearningRound {
  S: number;
  n: number;
  K: number;
}

/** ε₀(α) = 4αS²M²/(mσ²n²): the Rényi divergence of order α between the stationary distributions of the two datasets. */
export function initialRdp(alpha: number, S: number, n: number, c: LangevinConstants): number {
  return (4 * alpha * S * S * c.M * c.M) / (c.m * c.sigma * c.sigma * n * n);
}

/**
 * The Rényi divergence of order α between the current state and retraining on the current data, after `rounds`.
 * The first round starts from the learned state: exp(−K₁mη/α)·ε₀(α; S₁, n₁). A later round starts from a state
 * within E_{j−1} of the previous data's stationary distribution, so by the weak triangle inequality of Rényi
 * divergences (Mironov 2017, Proposition 11) its start is within ((α − ½)/(α − 1))·E_{j−1}(2α) + ε₀(2α − 1; S_j, n_j),
 * which K_j steps contract by exp(−K_j mη/α).
 */
export function roundsRdp(alpha: number, rounds: readonly UnlearningRound[], c: LangevinConstants): number {
  if (rounds.length === 0) return 0;
  const last = rounds[rounds.length - 1];
  const start =
    rounds.length === 1
      ? initialRdp(alpha, last.S, last.n, c)
      : ((alpha - 0.5) / (alpha - 1)) * roundsRdp(2 * alpha, rounds.slice(0, -1), c) +
        initialRdp(2 * alpha - 1, last.S, last.n, c);
  return fdlibm.exp((-last.K * c.m * c.eta) / alpha) * start;
}

/** (ε, δ)-DP from (α, ε_RDP)-RDP: ε = ε_RDP + ln(1/δ)/(α − 1) (Mironov 2017, Proposition 3). */
export function rdpToDp(rdp: number, alpha: number, delta: number): number {
  return rdp + fdlibm.log(1 / delta) / (alpha - 1);
}

const ALPHA_MIN = 1 + 1e-6;
const ALPHA_MAX = 1e6;

/** Minimises f over α ∈ (1, 10⁶]: a grid in log(α − 1), then golden-section search around the best grid point. */
function minimiseOverAlpha(f: (alpha: number) => number): { value: number; alpha: number } {
  const lo = fdlibm.log(ALPHA_MIN - 1);
  const hi = fdlibm.log(ALPHA_MAX - 1);
  const points = 400;
  const at = (t: number): number => 1 + fdlibm.exp(t);
  let best = 0;
  let bestValue = Infinity;
  for (let i = 0; i <= points; i++) {
    const v = f(at(lo + ((hi - lo) * i) / points));
    if (v < bestValue) {
      bestValue = v;
      best = i;
    }
  }
  let a = lo + ((hi - lo) * Math.max(0, best - 1)) / points;
  let b = lo + ((hi - lo) * Math.min(points, best + 1)) / points;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const x1 = b - ratio * (b - a);
    const x2 = a + ratio * (b - a);
    if (f(at(x1)) <= f(at(x2))) b = x2;
    else a = x1;
  }
  const alpha = at((a + b) / 2);
  const value = f(alpha);
  return value <= bestValue ? { value, alpha } : { value: bestValue, alpha: at(lo + ((hi - lo) * best) / points) };
}

/** The smallest (ε, δ)-DP ε the rounds achieve, over every order α, and the order that achieves it. */
export function bestEpsilon(
  rounds: readonly UnlearningRound[],
  c: LangevinConstants,
  delta: number,
): { epsilon: number; alpha: number } {
  const { value, alpha } = minimiseOverAlpha((a) => rdpToDp(roundsRdp(a, rounds, c), a, delta));
  return { epsilon: value, alpha };
}

/**
 * The smallest number of unlearning steps K ≥ 0 after which a request deleting S of n rows (following `prior`
 * rounds) meets the target ε at δ, or null when more than `maxK` would be needed. ε falls monotonically with K,
 * so a doubling search followed by bisection finds it.
 */
export function smallestK(
  prior: readonly UnlearningRound[],
  request: { S: number; n: number },
  c: LangevinConstants,
  delta: number,
  target: number,
  maxK: number,
): { K: number; epsilon: number; alpha: number } | null {
  const at = (K: number) => bestEpsilon([...prior, { ...request, K }], c, delta);
  const zero = at(0);
  if (zero.epsilon <= target) return { K: 0, ...zero };
  let hi = 1;
  while (at(hi).epsilon > target) {
    if (hi >= maxK) return null;
    hi = Math.min(maxK, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid).epsilon <= target) hi = mid;
    else lo = mid;
  }
  return { K: hi, ...at(hi) };
}
