import { QunlearnError } from '../core/errors.js';
import { rocAuc } from './auc.js';
import { MIA_ATTACKS, miaScores, type LabelledProbabilities, type MiaAttack } from './mia-scores.js';
import { checkLabels, checkProbabilities } from './validate.js';

/** ROC-AUC of each score-based attack. */
export type MiaAucs = Record<MiaAttack, number>;

/** A value for the unlearned model next to the oracle's own value and their gap (value − oracle). */
export interface OracleComparison {
  readonly value: number;
  readonly oracle: number;
  readonly gap: number;
}

/**
 * Membership-inference ROC-AUC of every score-based attack for one model: members (label 1) are the forget set,
 * non-members (label 0) must be held-out data the model never trained on, e.g. the test set. Drawing non-members
 * from training data (as the reference did with retain samples) compares members with members and is meaningless.
 * An AUC of 0.5 means the attack cannot tell the forget set from unseen data; compare it with the oracle's value,
 * which is the target an exact unlearner reaches (not necessarily 0.5).
 */
export function miaAucs(members: LabelledProbabilities, nonMembers: LabelledProbabilities, classes: number): MiaAucs {
  for (const [arg, set] of [
    ['members', members],
    ['nonMembers', nonMembers],
  ] as const) {
    const rows = checkProbabilities('miaAucs', `${arg}.probs`, set.probs, classes);
    checkLabels('miaAucs', `${arg}.labels`, set.labels, rows, `${arg}.probs`, classes);
  }
  const out = {} as MiaAucs;
  for (const attack of MIA_ATTACKS) {
    out[attack] = rocAuc(
      miaScores(attack, members.probs, classes, members.labels),
      miaScores(attack, nonMembers.probs, classes, nonMembers.labels),
    );
  }
  return out;
}

/** Pairs every value of the unlearned model with the oracle's and their gap (unlearned − oracle). */
export function compareWithOracle<K extends string>(
  value: Record<K, number>,
  oracle: Record<K, number>,
): Record<K, OracleComparison> {
  const keys = Object.keys(value) as K[];
  const oracleKeys = Object.keys(oracle);
  const missing = keys.filter((k) => !(k in oracle)).concat(oracleKeys.filter((k) => !(k in value)) as K[]);
  if (missing.length > 0) {
    throw new QunlearnError(
      'value',
      `compareWithOracle: value and oracle must have the same keys; unmatched: ${missing.join(', ')}`,
    );
  }
  const out = {} as Record<K, OracleComparison>;
  for (const k of keys) {
    if (!Number.isFinite(value[k]) || !Number.isFinite(oracle[k])) {
      throw new QunlearnError(
        'value',
        `compareWithOracle: ${k} must be finite, got value ${value[k]} and oracle ${oracle[k]}`,
      );
    }
    out[k] = { value: value[k], oracle: oracle[k], gap: value[k] - oracle[k] };
  }
  return out;
}

/** CSV column name of an attack's AUC for the unlearned model. */
export type MiaAucKey = `mia_auc_${MiaAttack}`;

/** Flattens per-attack comparisons into the columns mia_auc_<attack>, mia_auc_<attack>_oracle, mia_auc_<attack>_gap. */
export function miaColumns(
  comparison: Record<MiaAttack, OracleComparison>,
): Record<MiaAucKey | `${MiaAucKey}_oracle` | `${MiaAucKey}_gap`, number> {
  const out = {} as Record<MiaAucKey | `${MiaAucKey}_oracle` | `${MiaAucKey}_gap`, number>;
  for (const attack of MIA_ATTACKS) {
    const c = comparison[attack];
    out[`mia_auc_${attack}`] = c.value;
    out[`mia_auc_${attack}_oracle`] = c.oracle;
    out[`mia_auc_${attack}_gap`] = c.gap;
  }
  return out;
}
