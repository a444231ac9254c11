import type { Band } from './document.js';

/**
 * The colour code of the tables: how far a method's value is from the oracle's (the model retrained from scratch
 * without the forget set, which is what perfect unlearning would produce). Distances of accuracies and AUCs live in
 * [0, 1], so fixed limits read the same in every table and every run.
 */

/** Upper limits of bands 0-3; anything above the last limit is band 4. */
export const BAND_LIMITS = [0.02, 0.05, 0.1, 0.2] as const;

/**
 * Cell backgrounds of bands 0-4 (ColorBrewer RdBu, light end): blue = as the oracle, red = far from it. A diverging
 * blue-red scale stays distinguishable with the common colour-vision deficiencies, and black text keeps at least
 * 4.5:1 contrast on every band.
 */
export const BAND_COLOURS = ['#92c5de', '#d1e5f0', '#fddbc7', '#f4a582', '#d6604d'] as const;

/** Human wording of each band, for the legend. */
export const BAND_LABELS = [
  '≤ 0.02: as the oracle',
  '0.02 – 0.05',
  '0.05 – 0.10',
  '0.10 – 0.20',
  '> 0.20: far from the oracle',
] as const;

/** The band of a distance to the oracle. */
export function bandOf(distance: number): Band {
  const i = BAND_LIMITS.findIndex((limit) => distance <= limit);
  return (i < 0 ? 4 : i) as Band;
}

/** How a metric's distance to the oracle is computed from a row's means. */
interface DistanceRule {
  distance: (mean: Readonly<Record<string, number>>) => number | undefined;
  /** True when the metric is itself the distance (printing Δ beside it would repeat the value). */
  isDistance?: boolean;
}

const gap = (key: string, oracleKey: string): DistanceRule => ({
  distance: (m) => (m[key] === undefined || m[oracleKey] === undefined ? undefined : Math.abs(m[key] - m[oracleKey])),
});
const complement = (key: string): DistanceRule => ({
  distance: (m) => (m[key] === undefined ? undefined : 1 - m[key]),
});

/**
 * The colour-coded metrics and their distance to the oracle. Accuracies and the MIA AUC are compared with the
 * oracle's own value; JS divergence already measures the distance to the oracle's outputs; agreement and Tug-of-War
 * are 1 for a model that behaves as the oracle, so 1 − value is their distance.
 */
export const ORACLE_DISTANCES: Readonly<Record<string, DistanceRule>> = {
  forget_acc: gap('forget_acc', 'oracle_forget_acc'),
  retain_acc: gap('retain_acc', 'oracle_retain_acc'),
  test_acc: gap('test_acc', 'oracle_test_acc'),
  mia_auc_confidence: gap('mia_auc_confidence', 'mia_auc_confidence_oracle'),
  js_forget: { distance: (m) => m.js_forget, isDistance: true },
  js_test: { distance: (m) => m.js_test, isDistance: true },
  agree_test: complement('agree_test'),
  tow: complement('tow'),
};

/** Distance of a metric's mean to the oracle, or undefined when the metric is not colour-coded or is missing. */
export function oracleDistance(key: string, mean: Readonly<Record<string, number>>): number | undefined {
  const d = ORACLE_DISTANCES[key]?.distance(mean);
  return d === undefined || !Number.isFinite(d) ? undefined : d;
}

/** True when a metric is itself its distance to the oracle. */
export function isOwnDistance(key: string): boolean {
  return ORACLE_DISTANCES[key]?.isDistance === true;
}

/** The paragraph that explains the colour code (under the legend in both formats). */
export const COLOUR_EXPLANATION =
  'Cells are coloured by their distance to the oracle, the model retrained from scratch without the forget set: what ' +
  'perfect unlearning would produce. For forget, retain and test accuracy and for the membership-inference AUC the ' +
  'distance is |value − oracle value|; JS divergence is already a distance to the oracle and is used as it is; for ' +
  'agreement and Tug-of-War it is 1 − value. With several seeds the distance is taken between the means. The distance ' +
  'is printed under each value (Δ, except for JS divergence, which is its own distance), so the colour is never the only cue.';
