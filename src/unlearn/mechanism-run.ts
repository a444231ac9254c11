import type { BlockModel } from '../models/block-model.js';
import { mechanismEnv, type Mechanism } from './mechanism.js';
import type { UnlearnContext } from './context.js';
import type { MethodOutcome } from './method.js';
import { unionRows } from './relabel.js';

/**
 * The `run` of a guaranteed method: it trains its own mechanism on the training rows (retain ∪ forget; a public
 * split, if the config declares one, is drawn from the retain set, since the forget set may never touch it), then
 * deletes the forget set. The teacher is not used: a guarantee needs the mechanism to control training. The
 * reported seconds are the deletion's alone; training is the original model's cost, reported beside it.
 */
export function runMechanism<C>(mechanism: Mechanism<C>, context: UnlearnContext, config: C): MethodOutcome {
  const env = mechanismEnv(context);
  const t0 = performance.now();
  const trained = mechanism.train(env, unionRows(context.retain, context.forget).sort(), config, {
    publicFrom: context.retain,
  });
  const trainingSeconds = (performance.now() - t0) / 1000;
  const before = trained.copyModel();
  const t1 = performance.now();
  const deletion = trained.forget(context.forget);
  const seconds = (performance.now() - t1) / 1000;
  return {
    seconds,
    replacement: { model: trained.model, copy: () => trained.copyModel() },
    mechanism: { before, trainingSeconds, deletion },
    details: {
      trainingSeconds,
      workRedone: deletion.workRedone,
      retrained: deletion.retrained,
      budget: deletion.budget,
      ...deletion.details,
    },
  };
}

/**
 * Retraining of the same mechanism without the forget set, in the same context (the same streams): what a guarantee
 * compares `runMechanism`'s output with, and the retrained population of an audit of a guaranteed method. For SISA
 * the two are bit-identical; for the certified methods they are (ε, δ)-close over the mechanism's noise.
 */
export function retrainMechanism<C>(mechanism: Mechanism<C>, context: UnlearnContext, config: C): BlockModel {
  return mechanism.train(mechanismEnv(context), context.retain, config).model;
}
