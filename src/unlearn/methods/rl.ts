import { z } from 'zod';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { labelsWithOverrides, randomWrongLabels, unionRows } from '../relabel.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * Random labelling (Golatkar et al., 2020; as in SalUn's baselines): fine-tune on the retain set together with the
 * forget set relabelled to random wrong classes, re-drawn every epoch.
 */
export const rl = defineMethod({
  name: 'rl',
  label: 'RL',
  summary: 'Fine-tune on the retain set plus the forget set with random wrong labels.',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.epochs * (sizes.retain + sizes.forget),
  guarantee: noGuarantee,
  schema: z.object(epochFields).strict(),
  defaults: referenceBudget(15, 25),
  run(context, config) {
    const { model, data } = context;
    const rows = unionRows(context.retain, context.forget);
    const training = trainMethod(context, config, (epoch, optimizer) => {
      const labels = randomWrongLabels(data, context.forget, context.classes, context.rng.stream(`labels-${epoch}`));
      return passStats(
        epochBatches(context, rows, 'union', epoch).map((batch) =>
          optimisationStep(optimizer, () =>
            crossEntropyOn(model, data, batch, labelsWithOverrides(data, batch, labels)),
          ),
        ),
      );
    });
    return { training };
  },
});
