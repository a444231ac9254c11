import { QunlearnError, ShapeError } from '../core/errors.js';
import * as fdlibm from '../core/math.js';

/**
 * The per-example ε estimator of the NeurIPS 2023 unlearning competition (Triantafillou et al. 2024), as fixed in
 * docs/audit.md: for one forget example, the N values of φ under the unlearned models against the N under the
 * retrained models, attacked by every rule of two families (a single threshold, an interval); each rule's false
 * positive and negative rates give an ε at δ = 1e-5, and the example's ε is the largest. A lower bound on the true
 * ε whose resolution grows with N (about ln(N − 1)).
 */

/** δ of the (ε, δ) statements. */
export const AUDIT_DELTA = 1e-5;
/** ε is capped here (and a spike against a spread gets it outright). */
export const EPSILON_CAP = 50;
/** Density of the threshold grids, per unit of φ. */
export const THRESHOLDS_PER_UNIT = 100;
/** Half-width of the interval rule's search around the peakier population. */
const BUFFER = 2;
/** A population whose spread is under this fraction of the other's is a spike. */
const SPIKE_RATIO = 0.01;

/** Which decision rules the estimator tries: both families (the competition), or single thresholds only. */
export type DecisionRules = 'all' | 'single-threshold';

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Number of values below `x` (`strict`) or at most `x` in a sorted array. */
function countUpTo(sorted: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid] < x : sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Evenly spaced values from `lo` to `hi`, both included (numpy's linspace; one value is `lo`). */
function gridPoint(lo: number, hi: number, count: number, k: number): number {
  return count === 1 ? lo : lo + ((hi - lo) * k) / (count - 1);
}

/** The decision rule that gave an example's ε (for reports, and to judge its sampling error). */
export interface EpsilonRule {
  /** `threshold`: predict the positive population when φ ≥ lower; `interval`: when lower ≤ φ ≤ upper. */
  kind: 'threshold' | 'interval';
  lower: number;
  upper: number;
  /** The population the rule predicts ("positive"). */
  predicts: 'unlearned' | 'retrained';
  falseNegatives: number;
  falsePositives: number;
  /** Sizes of the predicted population and of the other one. */
  positives: number;
  negatives: number;
}

/** An example's ε with the rule that gave it (null for a spike, or when no rule was kept). */
export interface EpsilonEstimate {
  epsilon: number;
  rule: EpsilonRule | null;
  /** One population's spread was under 1 % of the other's (ε = 50 outright). */
  spike: boolean;
}

/** Options of the estimator; the defaults are the competition's. */
export interface EstimatorOptions {
  rules?: DecisionRules;
  /**
   * Smallest number of false negatives and of false positives a rule needs to be kept (perfect separation aside).
   * 1 is the competition's rule ("exactly one rate zero: discarded"); larger values keep only rules whose rates are
   * estimated from enough samples, which is what a check against the true rates needs.
   */
  minErrors?: number;
}

/**
 * The ε of every rule, as a function of its error counts: precomputed logarithms of the rates of both populations,
 * so that a rule costs two lookups. `NaN` means the rule is discarded.
 */
class RuleEpsilon {
  private readonly logPos: Float64Array;
  private readonly logOneMinusPos: Float64Array;
  private readonly logNeg: Float64Array;
  private readonly logOneMinusNeg: Float64Array;

  constructor(
    readonly nPos: number,
    readonly nNeg: number,
    private readonly minErrors: number,
  ) {
    const table = (n: number, f: (rate: number) => number): Float64Array =>
      Float64Array.from({ length: n + 1 }, (_, k) => f(k / n));
    this.logPos = table(nPos, fdlibm.log);
    this.logOneMinusPos = table(nPos, (r) => fdlibm.log(1 - AUDIT_DELTA - r));
    this.logNeg = table(nNeg, fdlibm.log);
    this.logOneMinusNeg = table(nNeg, (r) => fdlibm.log(1 - AUDIT_DELTA - r));
  }

  /**
   * Step 3 of the estimator for a rule with `fn` false negatives and `fp` false positives: both zero is perfect
   * separation (∞); exactly one zero is too few samples to say (discarded); otherwise the larger of the two
   * hypothesis-test bounds, floored at 0 (a rule whose two bounds are both undefined is discarded too).
   */
  of(fn: number, fp: number): number {
    if (fn === 0 && fp === 0) return Infinity;
    if (fn < this.minErrors || fp < this.minErrors) return NaN;
    const a = this.logOneMinusNeg[fp] - this.logPos[fn];
    const b = this.logOneMinusPos[fn] - this.logNeg[fp];
    if (Number.isNaN(a) && Number.isNaN(b)) return NaN;
    const e = Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
    return e > 0 ? e : 0;
  }
}

/** The best rule so far; NaN (no kept rule yet) loses to any number. */
class BestRule {
  epsilon = NaN;
  rule: EpsilonRule | null = null;

  constructor(private readonly names: Map<Float64Array, 'unlearned' | 'retrained'>) {}

  consider(
    e: number,
    kind: EpsilonRule['kind'],
    lower: number,
    upper: number,
    pos: Float64Array,
    neg: Float64Array,
    fn: number,
    fp: number,
  ): void {
    if (Number.isNaN(e) || !(Number.isNaN(this.epsilon) || e > this.epsilon)) return;
    this.epsilon = e;
    this.rule = {
      kind,
      lower,
      upper,
      predicts: this.names.get(pos)!,
      falseNegatives: fn,
      falsePositives: fp,
      positives: pos.length,
      negatives: neg.length,
    };
  }
}

/** Single-threshold rules: predict positive when φ ≥ t, t on a grid over all values. Stops at perfect separation. */
function singleThresholds(pos: Float64Array, neg: Float64Array, rule: RuleEpsilon, best: BestRule): void {
  const lo = Math.min(pos[0], neg[0]);
  const hi = Math.max(pos[pos.length - 1], neg[neg.length - 1]);
  const count = Math.ceil((hi - lo) * THRESHOLDS_PER_UNIT);
  let posBelow = 0;
  let negBelow = 0;
  for (let k = 0; k < count; k++) {
    const t = gridPoint(lo, hi, count, k);
    while (posBelow < pos.length && pos[posBelow] < t) posBelow++;
    while (negBelow < neg.length && neg[negBelow] < t) negBelow++;
    const fp = neg.length - negBelow;
    const e = rule.of(posBelow, fp);
    best.consider(e, 'threshold', t, Infinity, pos, neg, posBelow, fp);
    if (e === Infinity) return;
  }
}

/**
 * Interval rules: predict the peakier population (`peaky`) when l ≤ φ ≤ r. Right ends on a grid from (min + w − 2)
 * to (max + 2) of the peakier population, and for each, 400 left ends from r − w − 2 to r − w + 2, where w is the
 * peakier population's spread. Stops at perfect separation.
 */
function intervals(peaky: Float64Array, other: Float64Array, rule: RuleEpsilon, best: BestRule): void {
  const width = peaky[peaky.length - 1] - peaky[0];
  const rightLo = peaky[0] + width - BUFFER;
  const rightHi = peaky[peaky.length - 1] + BUFFER;
  const rights = Math.ceil((rightHi - rightLo) * THRESHOLDS_PER_UNIT);
  const lefts = Math.ceil(2 * BUFFER * THRESHOLDS_PER_UNIT);
  for (let i = 0; i < rights; i++) {
    const r = gridPoint(rightLo, rightHi, rights, i);
    const peakyUpTo = countUpTo(peaky, r, false);
    const otherUpTo = countUpTo(other, r, false);
    const leftLo = r - width - BUFFER;
    const leftHi = r - width + BUFFER;
    let peakyBelow = countUpTo(peaky, leftLo, true);
    let otherBelow = countUpTo(other, leftLo, true);
    for (let k = 0; k < lefts; k++) {
      const l = gridPoint(leftLo, leftHi, lefts, k);
      while (peakyBelow < peaky.length && peaky[peakyBelow] < l) peakyBelow++;
      while (otherBelow < other.length && other[otherBelow] < l) otherBelow++;
      const fn = peaky.length - Math.max(0, peakyUpTo - peakyBelow);
      const fp = Math.max(0, otherUpTo - otherBelow);
      const e = rule.of(fn, fp);
      best.consider(e, 'interval', l, r, peaky, other, fn, fp);
      if (e === Infinity) return;
    }
  }
}

function sortedCopy(fn: string, arg: string, values: ArrayLike<number>): Float64Array {
  if (values.length === 0) throw new ShapeError(`${fn}: ${arg} is empty; each population needs at least one model`);
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new QunlearnError('value', `${fn}: ${arg}[${i}] = ${out[i]} is not finite`);
  }
  return out.sort();
}

/**
 * The ε of one forget example from its φ under each unlearned and each retrained model, with the rule that gave it.
 * "Positive" is the population with the larger median (the unlearned one on a tie, as in the competition's scorer).
 * A population whose spread is under 1 % of the other's is a spike: ε = 50. Otherwise the largest ε of the kept
 * rules, clipped to [0, 50]; when no rule is kept (two identical spikes: nothing tells them apart) ε = 0.
 */
export function estimateEpsilon(
  unlearned: ArrayLike<number>,
  retrained: ArrayLike<number>,
  options: EstimatorOptions = {},
): EpsilonEstimate {
  const minErrors = options.minErrors ?? 1;
  if (!Number.isInteger(minErrors) || minErrors < 1)
    throw new QunlearnError('value', `estimateEpsilon: minErrors must be an integer >= 1, got ${minErrors}`);
  const u = sortedCopy('estimateEpsilon', 'unlearned', unlearned);
  const r = sortedCopy('estimateEpsilon', 'retrained', retrained);
  const [pos, neg] = median(r) > median(u) ? [r, u] : [u, r];
  const posSpread = pos[pos.length - 1] - pos[0];
  const negSpread = neg[neg.length - 1] - neg[0];
  const largest = Math.max(posSpread, negSpread);
  if (largest > 0 && Math.min(posSpread, negSpread) / largest < SPIKE_RATIO)
    return { epsilon: EPSILON_CAP, rule: null, spike: true };
  const best = new BestRule(
    new Map([
      [u, 'unlearned'],
      [r, 'retrained'],
    ]),
  );
  singleThresholds(pos, neg, new RuleEpsilon(pos.length, neg.length, minErrors), best);
  if ((options.rules ?? 'all') === 'all' && best.epsilon !== Infinity) {
    const [peaky, other] = posSpread < negSpread ? [pos, neg] : [neg, pos];
    intervals(peaky, other, new RuleEpsilon(peaky.length, other.length, minErrors), best);
  }
  const epsilon = Number.isNaN(best.epsilon) ? 0 : Math.min(Math.max(best.epsilon, 0), EPSILON_CAP);
  return { epsilon, rule: best.rule, spike: false };
}

/** The competition's per-example ε (see {@link estimateEpsilon}). */
export function perExampleEpsilon(unlearned: ArrayLike<number>, retrained: ArrayLike<number>): number {
  return estimateEpsilon(unlearned, retrained).epsilon;
}
