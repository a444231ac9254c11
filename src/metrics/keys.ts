import { QunlearnError } from '../core/errors.js';

/**
 * The one table of metric names. These keys become CSV columns and JSON fields, so they are stable: rename one only
 * with a migration note. The report layer reads the description and direction from here to label tables and plots.
 */

/** How to read a metric when comparing methods. */
export type MetricDirection = 'higher' | 'lower' | 'closer_to_oracle' | 'closer_to_zero' | 'context';

/** Human wording of each direction, for table legends. */
export const DIRECTION_DESCRIPTIONS: Readonly<Record<MetricDirection, string>> = {
  higher: 'higher is better',
  lower: 'lower is better',
  closer_to_oracle: 'closer to the oracle (retrained from scratch) is better',
  closer_to_zero: 'closer to zero is better',
  context: 'reference value; no better direction',
};

/** Description and direction of one metric. */
export interface MetricInfo {
  readonly description: string;
  readonly direction: MetricDirection;
}

function info(description: string, direction: MetricDirection): MetricInfo {
  return { description, direction };
}

/** A per-model value reported with the oracle's own value and the gap (unlearned − oracle). */
function withOracle<K extends string>(key: K, description: string): Record<K | `${K}_oracle` | `${K}_gap`, MetricInfo> {
  return {
    [key]: info(description, 'closer_to_oracle'),
    [`${key}_oracle`]: info(`${description} (the oracle's own value)`, 'context'),
    [`${key}_gap`]: info(`${description}: unlearned minus oracle`, 'closer_to_zero'),
  } as Record<K | `${K}_oracle` | `${K}_gap`, MetricInfo>;
}

const MIA_AUC =
  'Membership-inference ROC-AUC, forget set (members) vs held-out rows of the same classes in the same mix (non-members), scored by';
const CAL_ADV =
  'Calibrated threshold attack: advantage (TPR − FPR) on forget set vs class-matched held-out rows, scored by';
const CAL_BACC =
  'Calibrated threshold attack: balanced accuracy on forget set vs class-matched held-out rows, scored by';

/** Every metric key qunlearn reports, with a human description and how to read it. */
export const METRIC_KEYS = {
  forget_acc: info('Accuracy of the unlearned model on the forget set', 'closer_to_oracle'),
  retain_acc: info('Accuracy of the unlearned model on the retain set', 'higher'),
  test_acc: info('Accuracy of the unlearned model on the test set', 'higher'),
  teacher_forget_acc: info('Accuracy of the original (teacher) model on the forget set', 'context'),
  teacher_retain_acc: info('Accuracy of the original (teacher) model on the retain set', 'context'),
  teacher_test_acc: info('Accuracy of the original (teacher) model on the test set', 'context'),
  oracle_forget_acc: info('Accuracy of the oracle (retrained on the retain set) on the forget set', 'context'),
  oracle_retain_acc: info('Accuracy of the oracle on the retain set', 'context'),
  oracle_test_acc: info('Accuracy of the oracle on the test set', 'context'),
  forget_drop: info(
    "Teacher minus unlearned accuracy on the forget set (reference reading; beyond the oracle's own drop it is over-forgetting)",
    'higher',
  ),
  retain_drop: info('Teacher minus unlearned accuracy on the retain set', 'lower'),
  test_drop: info('Teacher minus unlearned accuracy on the test set', 'lower'),
  uqi: info('Unlearning quality index (reference): forget_drop − 0.5·(retain_drop + test_drop)', 'higher'),
  kl_forget: info('Mean KL(unlearned ‖ oracle) of softmax outputs on the forget set, nats, clipped at 1e-8', 'lower'),
  js_forget: info(
    'Mean Jensen–Shannon divergence to the oracle on the forget set, nats (at most ln 2 ≈ 0.693)',
    'lower',
  ),
  kl_retain: info('Mean KL(unlearned ‖ oracle) on the retain set (aligned rows), nats, clipped at 1e-8', 'lower'),
  js_retain: info(
    'Mean Jensen–Shannon divergence to the oracle on the retain set (aligned rows), nats, at most ln 2',
    'lower',
  ),
  kl_test: info('Mean KL(unlearned ‖ oracle) on the test set, nats, clipped at 1e-8', 'lower'),
  js_test: info('Mean Jensen–Shannon divergence to the oracle on the test set, nats, at most ln 2', 'lower'),
  agree_forget: info('Fraction of forget samples where unlearned and oracle predict the same class', 'higher'),
  agree_retain: info('Fraction of retain samples where unlearned and oracle predict the same class', 'higher'),
  agree_test: info('Fraction of test samples where unlearned and oracle predict the same class', 'higher'),
  tow: info('Tug-of-War: Π over forget/retain/test of (1 − |acc_unlearned − acc_oracle|)', 'higher'),
  ...withOracle('mia_auc_confidence', `${MIA_AUC} max softmax probability`),
  ...withOracle('mia_auc_loss', `${MIA_AUC} negative cross-entropy loss`),
  ...withOracle('mia_auc_entropy', `${MIA_AUC} negative prediction entropy`),
  ...withOracle('mia_auc_modified_entropy', `${MIA_AUC} negative modified entropy (Song & Mittal 2021)`),
  ...withOracle('mia_cal_threshold_adv_confidence', `${CAL_ADV} confidence`),
  ...withOracle('mia_cal_threshold_adv_loss', `${CAL_ADV} negative loss`),
  ...withOracle('mia_cal_threshold_adv_entropy', `${CAL_ADV} negative entropy`),
  ...withOracle('mia_cal_threshold_adv_modified_entropy', `${CAL_ADV} negative modified entropy`),
  ...withOracle('mia_cal_threshold_bacc_confidence', `${CAL_BACC} confidence`),
  ...withOracle('mia_cal_threshold_bacc_loss', `${CAL_BACC} negative loss`),
  ...withOracle('mia_cal_threshold_bacc_entropy', `${CAL_BACC} negative entropy`),
  ...withOracle('mia_cal_threshold_bacc_modified_entropy', `${CAL_BACC} negative modified entropy`),
  ...withOracle(
    'mia_cal_logistic_auc',
    'Calibrated logistic-regression attack on [confidence, loss, entropy, modified entropy]: ROC-AUC on forget set vs held-out half',
  ),
  ...withOracle(
    'mia_cal_logistic_bacc',
    'Calibrated logistic-regression attack: balanced accuracy on forget set vs held-out half',
  ),
  ...withOracle(
    'mia_cal_logistic_adv',
    'Calibrated logistic-regression attack: advantage (TPR − FPR) on forget set vs held-out half',
  ),
  forget_loss: info(
    'Mean cross-entropy of the unlearned model on the forget set (probabilities floored at 1e-12)',
    'closer_to_oracle',
  ),
  forget_loss_oracle: info('Mean cross-entropy of the oracle on the forget set', 'context'),
  forget_loss_gap: info(
    "Forget-set cross-entropy minus the oracle's: below 0 the forget set is still better known than by a model that never saw it",
    'closer_to_zero',
  ),
  mia_members: info('Members attacked: the forget rows', 'context'),
  mia_non_members: info("Non-members attacked: held-out rows of the forget set's classes in its class mix", 'context'),
  mia_low_confidence: info(
    'True when members or non-members number fewer than 10: the AUC rests on too few rows',
    'context',
  ),
  mia_cal_non_members: info(
    "Non-members of the calibrated attack's target task (class-matched, disjoint from its calibration rows)",
    'context',
  ),
  relearn_steps: info(
    "Fine-tuning steps on the forget set until the teacher's forget accuracy returns (at the budget when censored); compare with the oracle's",
    'higher',
  ),
  relearn_censored: info('True when relearning ran out of budget: relearn_steps is then a lower bound', 'context'),
  relearn_steps_oracle: info('Relearn steps of the oracle (at the budget when censored)', 'context'),
  relearn_oracle_censored: info("True when the oracle's relearning ran out of budget", 'context'),
  selected_epoch: info('The epoch whose state the method returned (SCRUB+R: the rewound epoch)', 'context'),
  target: info(
    "Forget target: mean loss of held-out rows of the forget set's classes, or 0 accuracy for forgotten classes",
    'context',
  ),
  target_value: info(
    "The returned model's forget-set mean loss or forgotten-class accuracy, compared with target",
    'context',
  ),
  target_tolerance: info(
    'How far from target still counts as reached (2 standard errors of the gap, or 0.05 accuracy)',
    'context',
  ),
  target_reached: info(
    "True when the returned model's forget set is at the level of data it never saw (the oracle's state)",
    'higher',
  ),
  seconds: info('Wall-clock seconds the unlearning method took', 'lower'),
  retrain_seconds: info('Wall-clock seconds retraining from scratch (the oracle) took', 'context'),
  speedup: info('Speed-up over retraining: retrain_seconds / seconds', 'higher'),
  mechanism_test_acc: info(
    "Test accuracy of a guaranteed method's own mechanism (shard ensemble, certified head) before the deletion",
    'higher',
  ),
  mechanism_cost: info("Accuracy cost of the mechanism: the teacher's test accuracy minus mechanism_test_acc", 'lower'),
  mechanism_seconds: info(
    'Wall-clock seconds training the whole mechanism took (what retraining it from scratch costs)',
    'context',
  ),
  mechanism_speedup: info(
    'Speed-up of the deletion over retraining the whole mechanism: mechanism_seconds / seconds',
    'higher',
  ),
  work_redone: info(
    'Training work the deletion redid, as a fraction of training the whole mechanism from scratch',
    'lower',
  ),
  mechanism_retrained: info('True when a certified budget ran out and the mechanism retrained from scratch', 'context'),
  budget_used: info('Share of a certified removal budget spent after the deletion (1 = exhausted)', 'lower'),
} as const satisfies Record<string, MetricInfo>;

/** Name of a reported metric (a CSV column). */
export type MetricKey = keyof typeof METRIC_KEYS;

/** True when `key` names a known metric. */
export function isMetricKey(key: string): key is MetricKey {
  return Object.hasOwn(METRIC_KEYS, key);
}

/** Description and direction of a metric, or a QunlearnError listing the known keys. */
export function metricInfo(key: string): MetricInfo {
  if (!isMetricKey(key)) {
    throw new QunlearnError(
      'value',
      `metricInfo: unknown metric key '${key}'; known keys: ${Object.keys(METRIC_KEYS).join(', ')}`,
    );
  }
  return METRIC_KEYS[key];
}
