import { QunlearnError } from '../core/errors.js';
import type { Rng } from '../core/random.js';

/** A method's rank by mean score over seeds (1 = best) and its 95 % bootstrap interval. */
export interface RankInterval {
  name: string;
  mean: number;
  rank: number;
  low: number;
  high: number;
}

/** Ranks (1 = best, ties share the average rank) of `values`; higher is better. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function percentile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/**
 * Methods ranked by their mean score over seeds (higher is better), each with the 2.5–97.5 % percentiles of its rank
 * over `resamples` bootstrap resamples of the seeds (the same resampled seeds for every method, so comparisons stay
 * paired). Every method must have a score for every seed.
 */
export function rankIntervals(
  scores: ReadonlyMap<string, readonly number[]>,
  rng: Rng,
  resamples = 2000,
): RankInterval[] {
  const names = [...scores.keys()];
  if (names.length === 0) throw new QunlearnError('value', 'rankIntervals: no methods to rank');
  const seeds = scores.get(names[0])!.length;
  for (const [name, values] of scores) {
    if (values.length !== seeds)
      throw new QunlearnError(
        'value',
        `rankIntervals: '${name}' has ${values.length} scores, '${names[0]}' has ${seeds}; every method needs one per seed`,
      );
  }
  if (seeds === 0) throw new QunlearnError('value', 'rankIntervals: no seeds');
  const meanOf = (values: readonly number[], picks: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < picks.length; i++) s += values[picks[i]];
    return s / picks.length;
  };
  const all = Int32Array.from({ length: seeds }, (_v, i) => i);
  const means = names.map((n) => meanOf(scores.get(n)!, all));
  const observed = ranks(means);
  const samples = names.map(() => [] as number[]);
  const draw = rng.stream('rank-bootstrap');
  const picks = new Int32Array(seeds);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < seeds; i++) picks[i] = draw.int(seeds);
    ranks(names.map((n) => meanOf(scores.get(n)!, picks))).forEach((r, k) => samples[k].push(r));
  }
  return names
    .map((name, k) => {
      const sorted = samples[k].sort((x, y) => x - y);
      return {
        name,
        mean: means[k],
        rank: observed[k],
        low: percentile(sorted, 0.025),
        high: percentile(sorted, 0.975),
      };
    })
    .sort((a, b) => a.rank - b.rank);
}
