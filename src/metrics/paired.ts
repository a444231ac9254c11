import { QunlearnError } from '../core/errors.js';
import { meanInterval, studentTQuantile } from './student-t.js';

/** The direction a claim predicts for an effect (a paired difference `b − a`). */
export type ClaimedDirection = 'positive' | 'negative';

/** What the data say about a claim. */
export type Verdict = 'supported' | 'contradicted' | 'inconclusive';

/** A paired comparison of two settings over the same seeds. */
export interface PairedEffect {
  /** Seeds that produced both values. */
  n: number;
  /** Mean of the per-seed differences b − a. */
  mean: number;
  sd: number;
  /** The 95 % paired t-interval of the mean difference. */
  low: number;
  high: number;
  /**
   * The smallest true mean difference this many seeds detect with 80 % power at the 5 % level (two-sided paired t):
   * (t_{0.975, n−1} + t_{0.80, n−1})·sd/√n. Infinity with fewer than 2 seeds or no spread estimate.
   */
  detectable: number;
}

/**
 * The paired effect of going from setting a to setting b, seed by seed (the same split and forget rows per seed):
 * differences b_i − a_i over seeds present in both maps, with a 95 % paired t-interval.
 */
export function pairedEffect(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): PairedEffect {
  const diffs: number[] = [];
  for (const [seed, va] of a) {
    const vb = b.get(seed);
    if (vb !== undefined && Number.isFinite(va) && Number.isFinite(vb)) diffs.push(vb - va);
  }
  if (diffs.length === 0) throw new QunlearnError('value', 'pairedEffect: the two settings share no seed with a value; a paired comparison needs at least one');
  const { n, mean, sd, ci95 } = meanInterval(diffs);
  if (n < 2) return { n, mean, sd: Number.NaN, low: -Infinity, high: Infinity, detectable: Infinity };
  const detectable = sd === 0 ? 0 : ((studentTQuantile(0.975, n - 1) + studentTQuantile(0.8, n - 1)) * sd) / Math.sqrt(n);
  return { n, mean, sd, low: mean - ci95, high: mean + ci95, detectable };
}

/**
 * The verdict on a claim from its effect's interval: supported when the whole interval lies on the claimed side of
 * zero, contradicted when it lies on the other side, inconclusive when it contains zero.
 */
export function verdictOf(effect: Pick<PairedEffect, 'low' | 'high'>, claimed: ClaimedDirection): Verdict {
  const [low, high] = claimed === 'positive' ? [effect.low, effect.high] : [-effect.high, -effect.low];
  if (low > 0) return 'supported';
  if (high < 0) return 'contradicted';
  return 'inconclusive';
}
