import { QunlearnError } from '../core/errors.js';
import { checkScores } from './validate.js';

/**
 * A threshold membership attack: predict "member" when score ≥ threshold (scores oriented so that higher means
 * member, as the MIA scores are). The threshold is fitted on a calibration task and applied to a target task.
 */

/** How a fixed decision rule did on a labelled task. */
export interface AttackOutcome {
  /** Fraction of members predicted as members (true-positive rate). */
  readonly tpr: number;
  /** Fraction of non-members predicted as members (false-positive rate). */
  readonly fpr: number;
  /** Fraction of all samples classified correctly; depends on the task's member/non-member mix. */
  readonly accuracy: number;
  /** (TPR + 1 − FPR)/2: accuracy as if both classes were equally frequent. */
  readonly balancedAccuracy: number;
  /** TPR − FPR, the membership advantage (Yeom et al., 2018); 0 for guessing, 1 for a perfect attack. */
  readonly advantage: number;
}

/** A fitted threshold and the balanced accuracy it reached on the calibration task. */
export interface FittedThreshold {
  readonly threshold: number;
  readonly calibrationBalancedAccuracy: number;
}

/**
 * The threshold maximising balanced accuracy on calibration scores. Candidates are the distinct scores; the
 * reported threshold is the midpoint between the chosen score and the next lower one (the same split of the
 * calibration data, but a margin on both sides for unseen scores). Among equally good thresholds the highest wins.
 */
export function fitThreshold(memberScores: Float64Array, nonMemberScores: Float64Array): FittedThreshold {
  checkScores('fitThreshold', 'memberScores', memberScores);
  checkScores('fitThreshold', 'nonMemberScores', nonMemberScores);
  const nm = memberScores.length;
  const nn = nonMemberScores.length;
  const members = Float64Array.from(memberScores).sort().reverse();
  const nonMembers = Float64Array.from(nonMemberScores).sort().reverse();
  let i = 0;
  let j = 0;
  // Balanced accuracy times 2·nm·nn, an integer, so that equally good cuts compare equal despite rounding.
  let best = -1;
  let bestIndex = -1;
  const distinct: number[] = [];
  // Walk the distinct scores from the highest down; after each, i members and j non-members score ≥ it.
  while (i < nm || j < nn) {
    const v = Math.max(i < nm ? members[i] : -Infinity, j < nn ? nonMembers[j] : -Infinity);
    while (i < nm && members[i] >= v) i++;
    while (j < nn && nonMembers[j] >= v) j++;
    distinct.push(v);
    const scaled = i * nn + (nn - j) * nm;
    if (scaled > best) {
      best = scaled;
      bestIndex = distinct.length - 1;
    }
  }
  const chosen = distinct[bestIndex];
  let threshold = chosen;
  if (bestIndex + 1 < distinct.length) {
    const lower = distinct[bestIndex + 1];
    const mid = lower + 0.5 * (chosen - lower);
    // Adjacent doubles can round the midpoint onto the lower score, which would move that score across the rule.
    if (mid > lower) threshold = mid;
  }
  return { threshold, calibrationBalancedAccuracy: best / (2 * nm * nn) };
}

/** Outcome of the rule "member iff score ≥ threshold" on members and non-members. */
export function attackOutcome(
  memberScores: Float64Array,
  nonMemberScores: Float64Array,
  threshold: number,
): AttackOutcome {
  checkScores('attackOutcome', 'memberScores', memberScores);
  checkScores('attackOutcome', 'nonMemberScores', nonMemberScores);
  if (Number.isNaN(threshold)) throw new QunlearnError('value', 'attackOutcome: threshold is NaN');
  let tp = 0;
  for (let i = 0; i < memberScores.length; i++) if (memberScores[i] >= threshold) tp++;
  let fp = 0;
  for (let i = 0; i < nonMemberScores.length; i++) if (nonMemberScores[i] >= threshold) fp++;
  const tpr = tp / memberScores.length;
  const fpr = fp / nonMemberScores.length;
  return {
    tpr,
    fpr,
    accuracy: (tp + nonMemberScores.length - fp) / (memberScores.length + nonMemberScores.length),
    balancedAccuracy: 0.5 * (tpr + 1 - fpr),
    advantage: tpr - fpr,
  };
}
