import { QunlearnError } from '../core/errors.js';
import type { Rng } from '../core/random.js';

/** The two parts of a stratified holdout, as sorted dataset row ids. */
export interface Holdout {
  /** The rows that stay (e.g. training rows of a train/test split). */
  kept: Int32Array;
  /** The rows held out (e.g. the test rows): ceil(fraction · n) of them. */
  held: Int32Array;
}

/** Options of {@link stratifiedHoldout}. */
export interface HoldoutOptions {
  /** Names the split in errors, e.g. 'test split'. */
  what: string;
  /** Require both parts to hold at least one row per class present, as scikit-learn's stratified splitter does. */
  everyClassInBoth: boolean;
  /** Hold out exactly this many rows instead of ceil(fraction · n) (when the fraction refers to a larger set). */
  heldCount?: number;
}

/**
 * Stratified holdout of `rows` with scikit-learn's sizing (`StratifiedShuffleSplit`, as `train_test_split(...,
 * stratify=y)` uses it): n_held = ceil(fraction · n), n_kept = n − n_held; the kept part is allocated over the
 * classes first by {@link approximateMode}, then the held part from what remains of each class, and each class's
 * rows are permuted to pick them. The sizes and the per-class allocation match scikit-learn's; the rows chosen
 * cannot be bit-identical, because the draws come from our seeded xoshiro stream, not numpy's Mersenne Twister.
 * Both parts are returned sorted.
 */
export function stratifiedHoldout(
  labels: Int32Array,
  rows: Int32Array,
  fraction: number,
  rng: Rng,
  options: HoldoutOptions,
): Holdout {
  checkFraction(options.what, fraction);
  const n = rows.length;
  const nHeld = options.heldCount ?? Math.ceil(fraction * n);
  const nKept = n - nHeld;
  if (nKept <= 0) {
    throw new QunlearnError(
      'config',
      `${options.what}: a fraction of ${fraction} of ${n} rows holds out ${nHeld}, leaving none; use a smaller fraction`,
    );
  }
  const byClass = new Map<number, number[]>();
  for (const r of rows) {
    const y = labels[r];
    let list = byClass.get(y);
    if (list === undefined) byClass.set(y, (list = []));
    list.push(r);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const groups = classes.map((c) => (byClass.get(c) as number[]).sort((a, b) => a - b));
  if (options.everyClassInBoth && Math.min(nKept, nHeld) < classes.length) {
    throw new QunlearnError(
      'config',
      `${options.what}: ${n} rows split into ${nKept} + ${nHeld} cannot give each part one row of each of the ${classes.length} classes; change the fraction`,
    );
  }
  const counts = groups.map((g) => g.length);
  const keptPerClass = approximateMode(counts, nKept, rng);
  const heldPerClass = approximateMode(
    counts.map((c, i) => c - keptPerClass[i]),
    nHeld,
    rng,
  );
  const kept: number[] = [];
  const held: number[] = [];
  groups.forEach((group, i) => {
    const perm = rng.permutation(group.length);
    for (let j = 0; j < keptPerClass[i]; j++) kept.push(group[perm[j]]);
    for (let j = keptPerClass[i]; j < keptPerClass[i] + heldPerClass[i]; j++) held.push(group[perm[j]]);
  });
  return { kept: sortedIds(kept), held: sortedIds(held) };
}

/**
 * scikit-learn's `_approximate_mode`: the per-class counts of `draws` items allocated in proportion to `counts`,
 * floored, with the remaining items given to the classes with the largest remainders (largest-remainder rounding);
 * classes tied on a remainder are chosen at random from `rng`.
 */
export function approximateMode(counts: readonly number[], draws: number, rng: Rng): Int32Array {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const out = Int32Array.from(continuous, Math.floor);
  let need = draws - out.reduce((a, b) => a + b, 0);
  if (need <= 0) return out;
  const remainder = continuous.map((c, i) => c - out[i]);
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const value of values) {
    const tied = remainder.flatMap((r, i) => (r === value ? [i] : []));
    const take = Math.min(tied.length, need);
    for (const pick of rng.choice(tied.length, take)) out[tied[pick]]++;
    need -= take;
    if (need === 0) break;
  }
  return out;
}

/** Checks that a split or subset fraction lies strictly between 0 and 1. */
export function checkFraction(what: string, fraction: number): void {
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new QunlearnError('config', `${what}: fraction must be a number strictly between 0 and 1, got ${fraction}`);
  }
}

/** Row ids as a sorted Int32Array. */
export function sortedIds(ids: Iterable<number>): Int32Array {
  return Int32Array.from(ids).sort();
}
