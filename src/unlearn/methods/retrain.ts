import { z } from 'zod';
import { captureState, restoreState } from '../../models/state.js';
import { trainClassifier } from '../../train/classifier.js';
import { defineMethod } from '../method.js';
import { epochFields } from '../schema.js';

/**
 * Retraining from scratch on the retain set: exact unlearning, and the gold standard. It uses its own
 * initialisation stream, so it is a second, independent retrained model: its distance to the oracle is the noise
 * floor of every divergence and agreement metric (a method cannot be expected to get closer than that).
 */
export const retrain = defineMethod({
  name: 'retrain',
  label: 'Retrain',
  summary: 'Train a fresh model on the retain set only (exact unlearning; an independent twin of the oracle).',
  needs: { retain: true, forget: false, original: false, validation: false },
  schema: z.object(epochFields).strict(),
  defaults: (family) => (family === 'tabular' ? { epochs: 100, patience: 15 } : { epochs: 60, patience: 8 }),
  run(context, config) {
    const fresh = context.freshModel('retrain');
    const training = trainClassifier(fresh, context.data, {
      trainRows: context.retain,
      selectRows: context.base.selectRows,
      selectMetric: context.base.selectMetric,
      classes: context.classes,
      epochs: config.epochs,
      patience: config.patience,
      batchSize: context.base.batchSize,
      lr: context.base.lr,
      rng: context.rng.stream('shuffle'),
      onEpoch: context.onEpoch,
    });
    restoreState(context.model, captureState(fresh));
    return { training };
  },
});
