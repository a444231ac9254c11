import type { SummaryRow } from '../experiment/results.js';
import { fixed } from './format.js';
import { oracleDistance } from './oracle-distance.js';

/** A method counts as matching the oracle when all three accuracies are within this distance of the oracle's. */
export const MATCH_TOLERANCE = 0.05;

const ACCURACIES = ['forget_acc', 'retain_acc', 'test_acc'] as const;

/** Largest distance to the oracle over forget, retain and test accuracy (undefined when one is missing). */
export function accuracyGap(row: SummaryRow): number | undefined {
  const gaps = ACCURACIES.map((k) => oracleDistance(k, row.mean));
  return gaps.some((g) => g === undefined) ? undefined : Math.max(...(gaps as number[]));
}

/**
 * The few numbers a reader wants first about one scenario: what the teacher and oracle score, which methods come
 * closest to the oracle, and the fastest method that matches it. Each is a sentence, for a list in either format.
 */
export function keyNumbers(rows: readonly SummaryRow[]): string[] {
  if (rows.length === 0) return ['No method finished in this scenario.'];
  const m = rows[0].mean;
  const lines = [
    `Teacher → oracle accuracy: forget ${fixed(m.teacher_forget_acc)} → ${fixed(m.oracle_forget_acc)}, retain ${fixed(m.teacher_retain_acc)} → ${fixed(m.oracle_retain_acc)}, test ${fixed(m.teacher_test_acc)} → ${fixed(m.oracle_test_acc)}.`,
  ];
  const byTow = rows
    .filter((r) => r.mean.tow !== undefined)
    .sort((a, b) => b.mean.tow - a.mean.tow)
    .slice(0, 3);
  if (byTow.length > 0)
    lines.push(
      `Closest to the oracle by Tug-of-War: ${byTow.map((r) => `${r.method_label} ${fixed(r.mean.tow)}`).join(', ')}.`,
    );
  if (m.mia_auc_confidence_oracle !== undefined) {
    const byMia = rows
      .filter((r) => oracleDistance('mia_auc_confidence', r.mean) !== undefined)
      .sort((a, b) => oracleDistance('mia_auc_confidence', a.mean)! - oracleDistance('mia_auc_confidence', b.mean)!);
    const closest = byMia[0];
    lines.push(
      `Membership-inference AUC of the oracle: ${fixed(m.mia_auc_confidence_oracle)}${closest === undefined ? '' : `; closest: ${closest.method_label} ${fixed(closest.mean.mia_auc_confidence)}`}.`,
    );
  }
  const matching = rows.filter((r) => (accuracyGap(r) ?? Infinity) <= MATCH_TOLERANCE);
  const fastest = [...matching].sort((a, b) => (a.mean.seconds ?? Infinity) - (b.mean.seconds ?? Infinity))[0];
  lines.push(
    fastest === undefined
      ? `No method is within ${MATCH_TOLERANCE} of the oracle on all three accuracies.`
      : `${matching.length} of ${rows.length} methods are within ${MATCH_TOLERANCE} of the oracle on all three accuracies; the fastest is ${fastest.method_label} (${fixed(fastest.mean.seconds, 2)} s${fastest.mean.retrain_seconds !== undefined ? `; retraining the oracle took ${fixed(fastest.mean.retrain_seconds, 2)} s` : ''}).`,
  );
  return lines;
}
