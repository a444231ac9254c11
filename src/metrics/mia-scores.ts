import type { FloatArray } from '../core/dtype.js';
import { checkLabels, checkProbabilities } from './validate.js';
import * as fdlibm from '../core/math.js';

/**
 * Per-sample membership-inference scores computed from a model's softmax output. Every score is oriented so that
 * a HIGHER score means "more likely a member" (a training sample): models are more confident, have lower loss and
 * lower entropy on data they were trained on. Hence loss, entropy and modified entropy are returned negated.
 */

/** The score-based attacks, in the order of the columns of `membershipFeatures`. */
export const MIA_ATTACKS = ['confidence', 'loss', 'entropy', 'modified_entropy'] as const;

/** Name of a score-based membership-inference attack. */
export type MiaAttack = (typeof MIA_ATTACKS)[number];

/** Probability rows of one model on a set of samples, with the samples' true labels. */
export interface LabelledProbabilities {
  /** n × classes softmax rows, row-major. */
  readonly probs: FloatArray;
  /** n true labels. */
  readonly labels: Int32Array;
}

/**
 * Floor applied inside logarithms so that a probability of exactly 0 (or 1 in ln(1 − p)) gives a large finite
 * value instead of ±Infinity; −ln(1e-12) ≈ 27.6 is far beyond any loss a trained model produces.
 */
export const LOG_FLOOR = 1e-12;

function safeLog(v: number): number {
  return fdlibm.log(v < LOG_FLOOR ? LOG_FLOOR : v);
}

/** Confidence score: max_c p_c (the reference's MIA score). */
export function confidenceScores(probs: FloatArray, classes: number): Float64Array {
  const rows = checkProbabilities('confidenceScores', 'probs', probs, classes);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = confidence(probs, i * classes, classes);
  return out;
}

/** Loss score: −CE = ln max(p_y, 1e-12), i.e. the negated cross-entropy of the true label. */
export function lossScores(probs: FloatArray, classes: number, labels: Int32Array): Float64Array {
  const rows = checkProbabilities('lossScores', 'probs', probs, classes);
  checkLabels('lossScores', 'labels', labels, rows, 'probs', classes);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = negLoss(probs, i * classes, labels[i]);
  return out;
}

/** Entropy score: −H(p) = Σ_c p_c ln p_c (0 ln 0 = 0). */
export function entropyScores(probs: FloatArray, classes: number): Float64Array {
  const rows = checkProbabilities('entropyScores', 'probs', probs, classes);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = negEntropy(probs, i * classes, classes);
  return out;
}

/**
 * Modified-entropy score (Song & Mittal, USENIX Security 2021): −Mentr(p, y) with
 * Mentr(p, y) = −(1 − p_y) ln p_y − Σ_{c≠y} p_c ln(1 − p_c). Unlike plain entropy it uses the label, so a
 * confidently wrong prediction gets a large Mentr (a non-member signal) instead of a small one.
 */
export function modifiedEntropyScores(probs: FloatArray, classes: number, labels: Int32Array): Float64Array {
  const rows = checkProbabilities('modifiedEntropyScores', 'probs', probs, classes);
  checkLabels('modifiedEntropyScores', 'labels', labels, rows, 'probs', classes);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = negModifiedEntropy(probs, i * classes, classes, labels[i]);
  return out;
}

/** Scores of the named attack (higher = more likely a member); the labels are ignored by label-free attacks. */
export function miaScores(attack: MiaAttack, probs: FloatArray, classes: number, labels: Int32Array): Float64Array {
  return SCORERS[attack](probs, classes, labels);
}

const SCORERS: Record<MiaAttack, (probs: FloatArray, classes: number, labels: Int32Array) => Float64Array> = {
  confidence: (probs, classes) => confidenceScores(probs, classes),
  loss: lossScores,
  entropy: (probs, classes) => entropyScores(probs, classes),
  modified_entropy: modifiedEntropyScores,
};

/**
 * Per-sample feature vectors [confidence, −loss, −entropy, −modified entropy] (n × 4, row-major, columns in
 * MIA_ATTACKS order), the input of the learned (logistic-regression) attack.
 */
export function membershipFeatures(probs: FloatArray, classes: number, labels: Int32Array): Float64Array {
  const rows = checkProbabilities('membershipFeatures', 'probs', probs, classes);
  checkLabels('membershipFeatures', 'labels', labels, rows, 'probs', classes);
  const dims = MIA_ATTACKS.length;
  const out = new Float64Array(rows * dims);
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    out[i * dims] = confidence(probs, base, classes);
    out[i * dims + 1] = negLoss(probs, base, labels[i]);
    out[i * dims + 2] = negEntropy(probs, base, classes);
    out[i * dims + 3] = negModifiedEntropy(probs, base, classes, labels[i]);
  }
  return out;
}

function confidence(probs: FloatArray, base: number, classes: number): number {
  let m = probs[base];
  for (let c = 1; c < classes; c++) if (probs[base + c] > m) m = probs[base + c];
  return m;
}

// The helpers below compute the oriented (negated) quantities directly, summing from +0, so that a perfect
// prediction scores +0 rather than -0.

function negLoss(probs: FloatArray, base: number, label: number): number {
  return safeLog(probs[base + label]);
}

function negEntropy(probs: FloatArray, base: number, classes: number): number {
  let s = 0;
  for (let c = 0; c < classes; c++) {
    const p = probs[base + c];
    if (p > 0) s += p * fdlibm.log(p);
  }
  return s;
}

function negModifiedEntropy(probs: FloatArray, base: number, classes: number, label: number): number {
  let s = 0;
  for (let c = 0; c < classes; c++) {
    const p = probs[base + c];
    s += c === label ? (1 - p) * safeLog(p) : p * safeLog(1 - p);
  }
  return s;
}
