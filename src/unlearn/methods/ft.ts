import { z } from 'zod';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/** Fine-tuning (Warnecke et al., 2023; Golatkar et al., 2020): keep training on the retain set only. */
export const ft = defineMethod({
  name: 'ft',
  label: 'FT',
  summary: 'Fine-tune the whole model on the retain set (a standard baseline the reference lacks).',
  needs: { retain: true, forget: false, original: false, validation: false },
  workload: (config, sizes) => config.epochs * sizes.retain,
  guarantee: noGuarantee,
  schema: z.object(epochFields).strict(),
  defaults: referenceBudget(15, 25),
  run(context, config) {
    const { model, data } = context;
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        epochBatches(context, context.retain, 'retain', epoch).map((rows) =>
          optimisationStep(optimizer, () => crossEntropyOn(model, data, rows)),
        ),
      ),
    );
    return { training };
  },
});
