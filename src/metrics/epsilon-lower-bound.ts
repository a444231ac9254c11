import { QunlearnError } from '../core/errors.js';
import { regularizedBeta } from './student-t.js';
import * as fdlibm from '../core/math.js';

/** The p-quantile of the Beta(a, b) distribution (bisection on the regularized incomplete beta to 1e-12). */
export function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper–Pearson two-sided interval of a binomial rate with `k` successes in `n` trials at level 1 − alpha. */
export function clopperPearson(k: number, n: number, alpha: number): { low: number; high: number } {
  if (!(n > 0) || k < 0 || k > n)
    throw new QunlearnError('value', `clopperPearson: need 0 <= k <= n and n > 0, got k = ${k}, n = ${n}`);
  return {
    low: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    high: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
  };
}

/** A high-confidence lower bound on the ε of one example, with the rule it came from. */
export interface EpsilonBound {
  epsilon: number;
  threshold: number;
  /** Which population the rule calls positive (at or above the threshold). */
  positive: 'first' | 'second';
}

/**
 * The empirical ε of a rule, by the competition's conventions for choosing rules: both error rates zero is perfect
 * separation (∞); exactly one zero says too little and the rule is discarded (−1); else the larger of the two ratios.
 */
function empiricalEpsilon(tpr: number, fpr: number, delta: number): number {
  const fnr = 1 - tpr;
  if (fpr === 0 && fnr === 0) return Infinity;
  if (fpr === 0 || fnr === 0) return -1;
  return Math.max(0, fdlibm.log(Math.max(tpr - delta, 0) / fpr), fdlibm.log(Math.max(1 - fpr - delta, 0) / fnr));
}

/** A threshold rule: "positive" when φ ≥ threshold, with one of the two populations as the positive one. */
interface Rule {
  threshold: number;
  positive: 'first' | 'second';
}

/** The models used to choose a rule (the first half) and those used to test it (the rest). */
function halves(v: ArrayLike<number>): [number[], number[]] {
  const all = Array.from(v);
  const cut = Math.floor(all.length / 2);
  return [all.slice(0, cut), all.slice(cut)];
}

const rateAbove = (values: readonly number[], t: number): number => values.filter((v) => v >= t).length / values.length;

/**
 * The threshold rule with the largest empirical ε on two samples, over thresholds halfway between neighbouring values
 * (a rule that separates the samples then sits in the middle of the gap, where it generalises best).
 */
function chooseRule(first: readonly number[], second: readonly number[], delta: number): Rule & { epsilon: number } {
  const values = [...new Set([...first, ...second])].sort((a, b) => a - b);
  let best: Rule & { epsilon: number } = { epsilon: -1, threshold: Infinity, positive: 'first' };
  for (let i = 1; i < values.length; i++) {
    const t = (values[i - 1] + values[i]) / 2;
    for (const positive of ['first', 'second'] as const) {
      const [pos, neg] = positive === 'first' ? [first, second] : [second, first];
      const e = empiricalEpsilon(rateAbove(pos, t), rateAbove(neg, t), delta);
      if (e > best.epsilon) best = { epsilon: e, threshold: t, positive };
    }
  }
  return best;
}

/**
 * The ε a rule shows on fresh samples with confidence 1 − alpha: Clopper–Pearson intervals of its rates, and
 * ε ≥ max(log((TPR_low − δ)/FPR_high), log((TNR_low − δ)/FNR_high)).
 */
function testRule(
  rule: Rule,
  first: readonly number[],
  second: readonly number[],
  delta: number,
  alpha: number,
): number {
  const [pos, neg] = rule.positive === 'first' ? [first, second] : [second, first];
  const tpr = clopperPearson(pos.filter((v) => v >= rule.threshold).length, pos.length, alpha / 2);
  const fpr = clopperPearson(neg.filter((v) => v >= rule.threshold).length, neg.length, alpha / 2);
  return Math.max(
    0,
    tpr.low - delta > 0 ? fdlibm.log((tpr.low - delta) / fpr.high) : 0,
    1 - fpr.high - delta > 0 ? fdlibm.log((1 - fpr.high - delta) / (1 - tpr.low)) : 0,
  );
}

function requireHalves(first: ArrayLike<number>, second: ArrayLike<number>): void {
  if (first.length < 2 || second.length < 2) {
    throw new QunlearnError(
      'value',
      'epsilonLowerBound: each population needs at least 2 models (one to choose the rule, one to test it)',
    );
  }
}

/**
 * A lower bound on ε that holds with confidence 1 − alpha, in the manner of DP auditing (Jagielski et al. 2020):
 * each population is split in two halves (models 0..⌊n/2⌋−1 and the rest); the threshold rule with the largest
 * empirical ε is chosen on the first halves only, and tested on the second. Any (ε, δ) guarantee between the two
 * model distributions must satisfy the bound (up to the stated confidence), so a bound above a claimed ε refutes the
 * claim. Unlike the competition's estimator, it does not grow with the number of rules tried.
 */
export function epsilonLowerBound(
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  delta: number,
  alpha: number,
): EpsilonBound {
  requireHalves(first, second);
  const [fitFirst, testFirst] = halves(first);
  const [fitSecond, testSecond] = halves(second);
  const rule = chooseRule(fitFirst, fitSecond, delta);
  return {
    epsilon: testRule(rule, testFirst, testSecond, delta, alpha),
    threshold: rule.threshold,
    positive: rule.positive,
  };
}

/**
 * The largest bound {@link epsilonLowerBound} can give with populations of `n` models each (complete separation of
 * the test halves): claims of a larger ε cannot be refuted at this N and confidence.
 */
export function epsilonResolution(n: number, delta: number, alpha: number): number {
  const test = n - Math.floor(n / 2);
  const tprLow = clopperPearson(test, test, alpha / 2).low;
  const fprHigh = clopperPearson(0, test, alpha / 2).high;
  return Math.max(0, tprLow - delta > 0 ? fdlibm.log((tprLow - delta) / fprHigh) : 0);
}

/** What an audit can say about a claimed (ε, δ) from two populations of per-example φ. */
export interface ClaimCheck {
  /** The lower bound on ε, holding with confidence 1 − alpha. */
  bound: number;
  /** The forget example it was measured on (chosen on the first halves of the populations). */
  example: number;
  /** The largest bound this N could give: claims of a larger ε cannot be refuted here. */
  resolution: number;
  /** True when the bound exceeds the claimed ε: the guarantee does not hold for these models. */
  refuted: boolean;
}

/**
 * Checks a claimed ε against populations of models (per model, φ of each forget example): the forget example and the
 * rule with the largest empirical ε are chosen on the first halves of both populations, then tested once on the
 * second halves (see {@link epsilonLowerBound}), so "refuted" is wrong at most alpha of the time for a mechanism that
 * keeps its promise, however many examples there are.
 */
export function checkClaim(
  unlearned: readonly ArrayLike<number>[],
  retrained: readonly ArrayLike<number>[],
  claimedEpsilon: number,
  delta: number,
  alpha = 0.05,
): ClaimCheck {
  const examples = unlearned[0]?.length ?? 0;
  if (examples === 0) throw new QunlearnError('value', 'checkClaim: no forget example to check the claim on');
  const column = (models: readonly ArrayLike<number>[], j: number): number[] => models.map((m) => m[j]);
  requireHalves(column(unlearned, 0), column(retrained, 0));
  let chosen = { example: 0, rule: { epsilon: -1, threshold: Infinity, positive: 'first' as 'first' | 'second' } };
  for (let j = 0; j < examples; j++) {
    const rule = chooseRule(halves(column(unlearned, j))[0], halves(column(retrained, j))[0], delta);
    if (rule.epsilon > chosen.rule.epsilon) chosen = { example: j, rule };
  }
  const bound = testRule(
    chosen.rule,
    halves(column(unlearned, chosen.example))[1],
    halves(column(retrained, chosen.example))[1],
    delta,
    alpha,
  );
  const resolution = epsilonResolution(Math.min(unlearned.length, retrained.length), delta, alpha);
  return { bound, example: chosen.example, resolution, refuted: bound > claimedEpsilon };
}
