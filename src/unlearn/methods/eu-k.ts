import { z } from 'zod';
import { layerGroups, pickGroups, resetGroups } from '../../models/groups.js';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod, withOnlyTrainable } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * Exact unlearning of the last k layers (Goel et al., 2022): re-initialise the last k layer groups and retrain
 * only them on the retain set, so nothing of the forget set can survive in them. The reference re-initialises the
 * last k but then fine-tunes every parameter (`trainAll: true`).
 */
export const euK = defineMethod({
  name: 'eu-k',
  label: 'EU-k',
  summary: 'Re-initialise the last k layer groups and retrain them on the retain set (exact unlearning of k layers).',
  needs: { retain: true, forget: false, original: false, validation: false },
  workload: (config, sizes) => config.epochs * sizes.retain,
  guarantee: noGuarantee,
  schema: z.object({ ...epochFields, k: z.number().int().positive(), trainAll: z.boolean() }).strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), k: 1, trainAll: false }),
  referenceBehaviour: { trainAll: true },
  check: (config, { model }) => void pickGroups(layerGroups(model), config.k, 'last'),
  run(context, config) {
    const { model, data } = context;
    const groups = pickGroups(layerGroups(model), config.k, 'last');
    resetGroups(model, groups);
    const trainable = config.trainAll ? model.parameters() : groups.flatMap((g) => g.params.map(([, p]) => p));
    const training = withOnlyTrainable(model, trainable, () =>
      trainMethod(context, config, (epoch, optimizer) =>
        passStats(
          epochBatches(context, context.retain, 'retain', epoch).map((rows) =>
            optimisationStep(optimizer, () => crossEntropyOn(model, data, rows)),
          ),
        ),
      ),
    );
    return { training, details: { reinitialised: groups.map((g) => g.name) } };
  },
});
