import { QunlearnError, ShapeError } from '../core/errors.js';
import { rocAuc } from './auc.js';
import * as fdlibm from '../core/math.js';

/**
 * A per-example likelihood-ratio attack in the style of U-LiRA (Hayes et al. 2024), run on the audit's two
 * populations: for each model and forget example, Gaussians are fitted to φ of the *other* unlearned and the
 * *other* retrained models (the model itself is left out of its own population), and the held-out model is scored by
 * the log-likelihood ratio log N(φ; unlearned) − log N(φ; retrained). Label 1 = unlearned.
 */

/** Variance floor of the fitted Gaussians: a population of identical models (a spike) stays a valid density. */
export const VARIANCE_FLOOR = 1e-12;

/** How well the attack tells unlearned from retrained models, over all (model, example) pairs. */
export interface PopulationAttackResult {
  /** ROC-AUC of the log-likelihood ratio (0.5 = chance). */
  auc: number;
  /** Mean of the true positive and true negative rates when predicting "unlearned" for a positive ratio. */
  balancedAccuracy: number;
  /** The largest true positive rate at a false positive rate of at most 1 %, and 5 %. */
  tprAt1Fpr: number;
  tprAt5Fpr: number;
  /** Pairs scored per class (models × examples). */
  pairs: { unlearned: number; retrained: number };
}

/** φ of one population: `models[m][j]` is example j under model m. */
export type PhiMatrix = readonly ArrayLike<number>[];

interface Moments {
  sum: Float64Array;
  /** Sum of squared deviations from the mean, per example. */
  squares: Float64Array;
  count: number;
}

function moments(models: PhiMatrix, examples: number): Moments {
  const sum = new Float64Array(examples);
  const squares = new Float64Array(examples);
  for (const m of models) for (let j = 0; j < examples; j++) sum[j] += m[j];
  for (const m of models) {
    for (let j = 0; j < examples; j++) {
      const d = m[j] - sum[j] / models.length;
      squares[j] += d * d;
    }
  }
  return { sum, squares, count: models.length };
}

/** Log-density at x of the Gaussian fitted to a population's values of example j, with `x` itself removed when `leaveOut`. */
function logDensity(p: Moments, j: number, x: number, leaveOut: boolean): number {
  let n = p.count;
  let mean = p.sum[j] / n;
  let squares = p.squares[j];
  if (leaveOut) {
    // Removing one value from a sum of squared deviations: Q' = Q − (x − mean)² · n / (n − 1).
    squares = Math.max(0, squares - ((x - mean) ** 2 * n) / (n - 1));
    mean = (p.sum[j] - x) / (n - 1);
    n -= 1;
  }
  const variance = Math.max(squares / n, VARIANCE_FLOOR);
  return -0.5 * (fdlibm.log(2 * Math.PI * variance) + (x - mean) ** 2 / variance);
}

/** The largest true positive rate among thresholds whose false positive rate is at most `fpr`. */
function tprAtFpr(positives: Float64Array, negatives: Float64Array, fpr: number): number {
  const pos = Float64Array.from(positives).sort().reverse();
  const neg = Float64Array.from(negatives).sort().reverse();
  // Predicting positive for scores >= t: walk t down through the distinct scores.
  let best = 0;
  let p = 0;
  let n = 0;
  while (p < pos.length || n < neg.length) {
    const t = Math.max(p < pos.length ? pos[p] : -Infinity, n < neg.length ? neg[n] : -Infinity);
    while (p < pos.length && pos[p] >= t) p++;
    while (n < neg.length && neg[n] >= t) n++;
    if (n / neg.length <= fpr) best = Math.max(best, p / pos.length);
    else break;
  }
  return best;
}

/**
 * The leave-one-out likelihood-ratio attack on two populations of φ (each `models × examples`, at least two models
 * each). Scores are log-likelihood ratios; their AUC, balanced accuracy at ratio 0 and TPR at 1 % and 5 % FPR are
 * taken over all (model, example) pairs.
 */
export function populationAttack(unlearned: PhiMatrix, retrained: PhiMatrix): PopulationAttackResult {
  if (unlearned.length < 2 || retrained.length < 2) {
    throw new QunlearnError(
      'value',
      `populationAttack: each population needs at least 2 models (leave-one-out), got ${unlearned.length} unlearned and ${retrained.length} retrained`,
    );
  }
  const examples = unlearned[0].length;
  if (examples === 0) throw new ShapeError('populationAttack: no forget example; each model needs at least one φ');
  for (const [name, pop] of [
    ['unlearned', unlearned],
    ['retrained', retrained],
  ] as const) {
    pop.forEach((m, i) => {
      if (m.length !== examples)
        throw new ShapeError(
          `populationAttack: ${name}[${i}] has ${m.length} examples, expected ${examples} like unlearned[0]`,
        );
      for (let j = 0; j < examples; j++) {
        if (!Number.isFinite(m[j]))
          throw new QunlearnError('value', `populationAttack: ${name}[${i}][${j}] = ${m[j]} is not finite`);
      }
    });
  }
  const u = moments(unlearned, examples);
  const r = moments(retrained, examples);
  const scores = (models: PhiMatrix, isUnlearned: boolean): Float64Array => {
    const out = new Float64Array(models.length * examples);
    models.forEach((m, i) => {
      for (let j = 0; j < examples; j++)
        out[i * examples + j] = logDensity(u, j, m[j], isUnlearned) - logDensity(r, j, m[j], !isUnlearned);
    });
    return out;
  };
  const positives = scores(unlearned, true);
  const negatives = scores(retrained, false);
  let truePositives = 0;
  let trueNegatives = 0;
  for (const s of positives) if (s > 0) truePositives++;
  for (const s of negatives) if (s <= 0) trueNegatives++;
  return {
    auc: rocAuc(positives, negatives),
    balancedAccuracy: (truePositives / positives.length + trueNegatives / negatives.length) / 2,
    tprAt1Fpr: tprAtFpr(positives, negatives, 0.01),
    tprAt5Fpr: tprAtFpr(positives, negatives, 0.05),
    pairs: { unlearned: positives.length, retrained: negatives.length },
  };
}
