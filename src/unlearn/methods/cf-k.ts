import { z } from 'zod';
import { QunlearnError } from '../../core/errors.js';
import { neg } from '../../core/ops/unary.js';
import { layerGroups, pickGroups } from '../../models/groups.js';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod, withOnlyTrainable } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * Catastrophic forgetting of the last k layers (Goel et al., 2022): fine-tune only the last k layer groups on the
 * retain set, letting the forget set's traces fade. The reference instead freezes the *first* k groups and runs
 * gradient ascent on the forget set with the rest (`mode: 'ascent'`).
 */
export const cfK = defineMethod({
  name: 'cf-k',
  label: 'CF-k',
  summary: 'Fine-tune only the last k layer groups on the retain set (catastrophic forgetting).',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.epochs * (config.mode === 'finetune' ? sizes.retain : sizes.forget),
  guarantee: noGuarantee,
  schema: z.object({ ...epochFields, k: z.number().int().positive(), mode: z.enum(['finetune', 'ascent']) }).strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), k: 1, mode: 'finetune' as const }),
  referenceBehaviour: { mode: 'ascent' },
  check(config, { model }) {
    const layers = layerGroups(model);
    pickGroups(layers, config.k, config.mode === 'finetune' ? 'last' : 'first');
    if (config.mode === 'ascent' && config.k === layers.length) {
      throw new QunlearnError(
        'config',
        `k = ${config.k} freezes every layer group (${layers.map((g) => g.name).join(', ')}) in ascent mode, leaving nothing to train; use k below ${layers.length}`,
      );
    }
  },
  run(context, config) {
    const { model, data } = context;
    const layers = layerGroups(model);
    if (config.mode === 'finetune') {
      const trainable = pickGroups(layers, config.k, 'last').flatMap((g) => g.params.map(([, p]) => p));
      const training = withOnlyTrainable(model, trainable, () =>
        trainMethod(context, config, (epoch, optimizer) =>
          passStats(
            epochBatches(context, context.retain, 'retain', epoch).map((rows) =>
              optimisationStep(optimizer, () => crossEntropyOn(model, data, rows)),
            ),
          ),
        ),
      );
      return { training, details: { trained: pickGroups(layers, config.k, 'last').map((g) => g.name) } };
    }
    const frozen = new Set(pickGroups(layers, config.k, 'first').flatMap((g) => g.params.map(([, p]) => p)));
    const trainable = model.parameters().filter((p) => !frozen.has(p));
    const training = withOnlyTrainable(model, trainable, () =>
      trainMethod(context, config, (epoch, optimizer) =>
        passStats(
          epochBatches(context, context.forget, 'forget', epoch).map((rows) =>
            optimisationStep(optimizer, () => neg(crossEntropyOn(model, data, rows))),
          ),
        ),
      ),
    );
    return { training, details: { frozen: pickGroups(layers, config.k, 'first').map((g) => g.name) } };
  },
});
