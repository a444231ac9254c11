import { z } from 'zod';
import { captureState, restoreState } from '../../models/state.js';
import { defineMethod } from '../method.js';
import type { Guarantee } from '../guarantee.js';

/**
 * Retraining from scratch on the retain set: exact unlearning, the gold standard. The scenario's oracle is exactly
 * that model, so this row is the oracle itself (trained once, not twice): its accuracies and membership-inference
 * values are the targets, its time is the oracle's training time, and its divergence to the oracle is zero by
 * construction. The spread of the oracle across seeds is the noise floor of the other methods' distances.
 */
export const retrain = defineMethod({
  name: 'retrain',
  label: 'Retrain',
  summary: "Train a fresh model on the retain set only (exact unlearning): the scenario's oracle.",
  needs: { retain: true, forget: false, original: false, validation: false, oracle: true },
  workload: () => 0,
  guarantee: (): Guarantee => ({
    kind: 'exact',
    assumptions: ['the returned model is the oracle: trained from scratch on the retain set'],
  }),
  schema: z.object({}).strict(),
  defaults: () => ({}),
  run(context) {
    restoreState(context.model, captureState(context.oracle.model));
    return { seconds: context.oracle.seconds, details: { sameAsOracle: true } };
  },
});
