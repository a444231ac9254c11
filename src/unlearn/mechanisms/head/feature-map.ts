import { stratifiedHoldout } from '../../../data/split.js';
import { captureState, restoreState, type ModelState } from '../../../models/state.js';
import { trainClassifier } from '../../../train/classifier.js';
import type { MechanismEnv } from '../../mechanism.js';
import { batchSizeFor } from '../batch-size.js';
import { featureBlockCount, HeadModel, type FeatureLayer } from './features.js';

/** How a head mechanism gets its feature map: where it ends, and the public split it may train on. */
export type FeatureSettings = {
  features: FeatureLayer;
  /** Fraction of the training rows declared public (never deletable) to train the feature map on; 0 freezes it at its seeded initialisation. */
  publicFraction: number;
  /** Epochs of training on the public split (the last epoch is kept: no selection, no other rows involved). */
  featureEpochs: number;
};

/** The public split: a stratified `fraction` of `from` (empty when the fraction is 0), drawn from the env's stream. */
export function drawPublicRows(env: MechanismEnv, from: Int32Array, fraction: number): Int32Array {
  if (fraction === 0) return new Int32Array(0);
  return stratifiedHoldout(env.data.labels, from, fraction, env.rng.stream('head/public'), {
    what: 'public split',
    everyClassInBoth: false,
  }).held;
}

/**
 * The head model of a head mechanism: the run's architecture built from the env's `head/features` stream, trained
 * on the public rows when there are any (its feature map then depends on them alone), its feature blocks frozen,
 * under a fresh linear head. With `saved`, the feature map's (and head's) weights are restored instead of trained.
 */
export function buildHeadModel(
  env: MechanismEnv,
  settings: FeatureSettings,
  publicRows: Int32Array,
  saved?: ModelState,
): HeadModel {
  const base = env.freshModel('head/features');
  if (saved === undefined && publicRows.length > 0) {
    trainClassifier(base, env.data, {
      trainRows: publicRows,
      selectRows: null,
      classes: env.classes,
      epochs: settings.featureEpochs,
      patience: settings.featureEpochs,
      batchSize: batchSizeFor(publicRows.length, env.batchSize),
      lr: env.lr,
      rng: env.rng.stream('head/features/shuffle'),
    });
  }
  const head = HeadModel.on(
    base,
    featureBlockCount(base, settings.features),
    env.data,
    env.classes,
    env.rng.stream('head/linear'),
  );
  if (saved !== undefined) restoreState(head.model, saved, 'saved head model');
  return head;
}

/** An independent copy of a head model (same architecture, same weights). */
export function copyHeadModel(env: MechanismEnv, settings: FeatureSettings, head: HeadModel): HeadModel {
  return buildHeadModel(env, settings, new Int32Array(0), captureState(head.model));
}
