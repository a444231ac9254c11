import { pairedRows } from '../workload.js';
import { z } from 'zod';
import { mul, sub } from '../../core/ops/binary.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { pairBatches } from '../pairing.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/** NegGrad+ (Kurmanji et al., 2023): descend on the retain set while ascending on the forget set, CE_r − α·CE_f. */
export const neggradPlus = defineMethod({
  name: 'neggrad-plus',
  label: 'NegGrad+',
  summary: 'Joint descent on the retain set and ascent on the forget set: CE(retain) − α·CE(forget).',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.epochs * pairedRows(sizes),
  guarantee: noGuarantee,
  schema: z.object({ ...epochFields, alpha: z.number().nonnegative() }).strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), alpha: 1 }),
  run(context, config) {
    const { model, data, base } = context;
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        pairBatches(context.retain, context.forget, base.batchSize, base.pairing, context.rng, epoch).map(
          ({ first, second }) =>
            optimisationStep(optimizer, () =>
              sub(crossEntropyOn(model, data, first), mul(crossEntropyOn(model, data, second), config.alpha)),
            ),
        ),
      ),
    );
    return { training };
  },
});
