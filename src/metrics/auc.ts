import { ShapeError } from '../core/errors.js';
import { checkScores } from './validate.js';

/**
 * Exact ROC-AUC of scores where `positives` should score higher than `negatives`: the Mann–Whitney U statistic
 * divided by n_pos·n_neg, counting a tie as one half. This equals scikit-learn's `roc_auc_score` (the trapezoidal
 * area under the ROC curve, whose tied segments are diagonals) with label 1 for positives, without its rounding.
 * 1 means every positive outscores every negative, 0 the reverse, and 0.5 no separation (e.g. all scores tied).
 */
export function rocAuc(positives: Float64Array, negatives: Float64Array): number {
  if (positives.length === 0 || negatives.length === 0) {
    throw new ShapeError(
      `rocAuc: AUC needs both classes, got ${positives.length} positives (label 1) and ${negatives.length} negatives (label 0)`,
    );
  }
  checkScores('rocAuc', 'positives (label 1)', positives);
  checkScores('rocAuc', 'negatives (label 0)', negatives);
  const pos = Float64Array.from(positives).sort();
  const neg = Float64Array.from(negatives).sort();
  // For each positive (in increasing order) count the negatives below it and the negatives at or below it; their sum
  // is twice its U contribution (below counts 1, equal counts 1/2), so the total stays an exact integer.
  let below = 0;
  let atOrBelow = 0;
  let twiceU = 0;
  for (let i = 0; i < pos.length; i++) {
    const v = pos[i];
    while (below < neg.length && neg[below] < v) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < neg.length && neg[atOrBelow] <= v) atOrBelow++;
    twiceU += below + atOrBelow;
  }
  return twiceU / (2 * pos.length * neg.length);
}
