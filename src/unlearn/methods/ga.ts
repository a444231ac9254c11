import { z } from 'zod';
import { neg } from '../../core/ops/unary.js';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/** Gradient ascent on the forget set: maximise its cross-entropy (Thudi et al., 2022; the reference's GA). */
export const ga = defineMethod({
  name: 'ga',
  label: 'GA',
  summary: 'Gradient ascent on the forget set (maximise its cross-entropy).',
  needs: { retain: false, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.epochs * sizes.forget,
  guarantee: noGuarantee,
  schema: z.object(epochFields).strict(),
  defaults: referenceBudget(15, 25),
  run(context, config) {
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        epochBatches(context, context.forget, 'forget', epoch).map((rows) =>
          optimisationStep(optimizer, () => neg(crossEntropyOn(context.model, context.data, rows))),
        ),
      ),
    );
    return { training };
  },
});
