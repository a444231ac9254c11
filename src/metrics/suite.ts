import type { FloatArray } from '../core/dtype.js';
import { rowArgmax } from '../core/argmax.js';
import { matchRate, type SetAccuracies } from './accuracy.js';
import { meanJsDivergence, meanKlDivergence } from './divergence.js';
import type { MetricKey } from './keys.js';
import { tugOfWar } from './tug-of-war.js';
import { accuracyDrops } from './uqi.js';
import { checkAligned, checkLabels, checkProbabilities } from './validate.js';

/** The three sets of an unlearning scenario. */
export const SETS = ['forget', 'retain', 'test'] as const;

/** Name of one of the three sets. */
export type SetName = (typeof SETS)[number];

/** One model's softmax rows on each set (row i of every model's array for a set is the same sample). */
export type SetProbabilities = Readonly<Record<SetName, FloatArray>>;

/** Inputs of unlearningSuite. */
export interface UnlearningSuiteInput {
  readonly classes: number;
  /** True labels of each set, one per row. */
  readonly labels: Readonly<Record<SetName, Int32Array>>;
  /** The unlearned model u. */
  readonly unlearned: SetProbabilities;
  /** The original model o (the teacher), against which drops are measured. */
  readonly teacher: SetProbabilities;
  /** The oracle: a model retrained from scratch on the retain set. */
  readonly oracle: SetProbabilities;
}

/** The keys unlearningSuite fills, in column order. */
export const SUITE_KEYS = [
  'forget_acc',
  'retain_acc',
  'test_acc',
  'teacher_forget_acc',
  'teacher_retain_acc',
  'teacher_test_acc',
  'oracle_forget_acc',
  'oracle_retain_acc',
  'oracle_test_acc',
  'forget_drop',
  'retain_drop',
  'test_drop',
  'uqi',
  'kl_forget',
  'js_forget',
  'agree_forget',
  'kl_retain',
  'js_retain',
  'agree_retain',
  'kl_test',
  'js_test',
  'agree_test',
  'tow',
] as const satisfies readonly MetricKey[];

/** Values of the suite's metrics. */
export type SuiteMetrics = Record<(typeof SUITE_KEYS)[number], number>;

/**
 * The reference's evaluate_suite on aligned rows, plus forget-set divergences and Tug-of-War: accuracies of the
 * unlearned model, teacher and oracle, drops and UQI against the teacher, and KL/JS/agreement against the oracle.
 * Membership inference is separate (miaAucs, calibratedAttack) because it needs held-out data.
 */
export function unlearningSuite(input: UnlearningSuiteInput): SuiteMetrics {
  const { classes, labels } = input;
  const acc = {} as Record<'unlearned' | 'teacher' | 'oracle', Record<SetName, number>>;
  for (const model of ['unlearned', 'teacher', 'oracle'] as const) {
    acc[model] = {} as Record<SetName, number>;
    for (const set of SETS) {
      const probs = input[model][set];
      const rows = checkProbabilities('unlearningSuite', `${model}.${set}`, probs, classes);
      checkLabels('unlearningSuite', `labels.${set}`, labels[set], rows, `${model}.${set}`, classes);
      acc[model][set] = matchRate(rowArgmax(probs, classes), labels[set]);
    }
  }
  const u: SetAccuracies = acc.unlearned;
  const drops = accuracyDrops(acc.teacher, u);
  const divergence = {} as Record<SetName, { kl: number; js: number; agree: number }>;
  for (const set of SETS) {
    const p = input.unlearned[set];
    const q = input.oracle[set];
    checkAligned('unlearningSuite', `unlearned.${set}`, p, `oracle.${set}`, q, classes);
    divergence[set] = {
      kl: meanKlDivergence(p, q, classes),
      js: meanJsDivergence(p, q, classes),
      agree: matchRate(rowArgmax(p, classes), rowArgmax(q, classes)),
    };
  }
  return {
    forget_acc: u.forget,
    retain_acc: u.retain,
    test_acc: u.test,
    teacher_forget_acc: acc.teacher.forget,
    teacher_retain_acc: acc.teacher.retain,
    teacher_test_acc: acc.teacher.test,
    oracle_forget_acc: acc.oracle.forget,
    oracle_retain_acc: acc.oracle.retain,
    oracle_test_acc: acc.oracle.test,
    ...drops,
    kl_forget: divergence.forget.kl,
    js_forget: divergence.forget.js,
    agree_forget: divergence.forget.agree,
    kl_retain: divergence.retain.kl,
    js_retain: divergence.retain.js,
    agree_retain: divergence.retain.agree,
    kl_test: divergence.test.kl,
    js_test: divergence.test.js,
    agree_test: divergence.test.agree,
    tow: tugOfWar(u, acc.oracle),
  };
}
