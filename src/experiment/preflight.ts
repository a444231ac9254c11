import { isQunlearnError, QunlearnError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { buildModel, type ModelConfig } from '../models/presets.js';
import { getMethod } from '../unlearn/registry.js';
import type { ResolvedExperiment } from './config.js';

/**
 * Checks every method's settings against the run's model before anything trains, so that e.g. `eu-k.k=99` on a
 * model with two layer groups fails in a second, not after the teacher and oracles have trained (the schemas
 * check everything that does not depend on the model when the experiment is resolved).
 */
export function checkMethodSettings(experiment: ResolvedExperiment, model: ModelConfig): void {
  const built = buildModel(model, new Rng(0).stream('preflight'));
  for (const spec of experiment.methods) {
    try {
      getMethod(spec.name).check?.(spec.config, { model: built });
    } catch (e) {
      if (!isQunlearnError(e)) throw e;
      throw new QunlearnError(
        'config',
        `method '${spec.name}': ${e.message} (checked before training: nothing was trained)`,
      );
    }
  }
}
