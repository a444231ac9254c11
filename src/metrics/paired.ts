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
  /** The paired t-interval of the mean difference at the requested level (95 % by default). */
  low: number;
  high: number;
  /** The interval's confidence level. */
  level: number;
  /**
   * The smallest true mean difference this many seeds detect with 80 % power at the interval's level (two-sided
   * paired t): (t_{1−α/2, n−1} + t_{0.80, n−1})·sd/√n. Infinity with fewer than 2 seeds or no spread estimate.
   */
  detectable: number;
}

/**
 * The paired effect of going from setting a to setting b, seed by seed (the same split and forget rows per seed):
 * differences b_i − a_i over seeds present in both maps, with a paired t-interval at `level` (a Bonferroni-adjusted
 * level keeps a family of comparisons at 95 % jointly).
 */
export function pairedEffect(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
  level = 0.95,
): PairedEffect {
  const diffs: number[] = [];
  for (const [seed, va] of a) {
    const vb = b.get(seed);
    if (vb !== undefined && Number.isFinite(va) && Number.isFinite(vb)) diffs.push(vb - va);
  }
  if (diffs.length === 0)
    throw new QunlearnError(
      'value',
      'pairedEffect: the two settings share no seed with a value; a paired comparison needs at least one',
    );
  if (!(level > 0 && level < 1))
    throw new QunlearnError('value', `pairedEffect: level must be in (0, 1), got ${level}`);
  const { n, mean, sd } = meanInterval(diffs);
  if (n < 2) return { n, mean, sd: Number.NaN, low: -Infinity, high: Infinity, level, detectable: Infinity };
  const t = studentTQuantile(1 - (1 - level) / 2, n - 1);
  const half = (t * sd) / Math.sqrt(n);
  const detectable = sd === 0 ? 0 : ((t + studentTQuantile(0.8, n - 1)) * sd) / Math.sqrt(n);
  return { n, mean, sd, low: mean - half, high: mean + half, level, detectable };
}

/**
 * The verdict on a claimed direction from an effect's interval: supported when the whole interval lies on the
 * claimed side of zero, contradicted when it lies on the other side, inconclusive when it contains zero. A claimed
 * `difference` (either sign) is supported when the interval excludes zero, and contradicted when it lies within
 * ±`margin`, the smallest effect that would matter (equivalence).
 */
export function verdictOf(
  effect: Pick<PairedEffect, 'low' | 'high'>,
  claimed: ClaimedDirection | 'difference',
  margin = 0,
): Verdict {
  if (claimed === 'difference') {
    if (effect.low > 0 || effect.high < 0) return 'supported';
    return effect.low >= -margin && effect.high <= margin ? 'contradicted' : 'inconclusive';
  }
  const [low, high] = claimed === 'positive' ? [effect.low, effect.high] : [-effect.high, -effect.low];
  if (low > 0) return 'supported';
  if (high < 0) return 'contradicted';
  return 'inconclusive';
}
