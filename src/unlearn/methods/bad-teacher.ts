import { FORWARD_ONLY } from '../workload.js';
import { z } from 'zod';
import { where } from '../../core/ops/binary.js';
import { Tensor } from '../../core/tensor.js';
import { scratch } from '../../core/workspace.js';
import { gatherFeatures } from '../../train/labeled-data.js';
import { epochBatches } from '../batches.js';
import { distillationKl, targetProbabilities } from '../losses.js';
import { defineMethod } from '../method.js';
import { unionRows } from '../relabel.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * Bad Teacher (Chundawat et al., AAAI 2023): the student distils the competent teacher (the original model) on
 * retain samples and an incompetent teacher (a randomly initialised model of the same architecture) on forget
 * samples, over a mixed loader; as in the paper, only a random fraction of the retain set is used.
 */
export const badTeacher = defineMethod({
  name: 'bad-teacher',
  label: 'BadTeacher',
  summary: 'Distil the original model on retain samples and a random (incompetent) model on forget samples.',
  needs: { retain: true, forget: true, original: true, validation: false },
  workload: (config, sizes) =>
    config.epochs * (Math.round(config.retainFraction * sizes.retain) + sizes.forget) * (1 + 2 * FORWARD_ONLY),
  guarantee: noGuarantee,
  schema: z
    .object({ ...epochFields, temperature: z.number().positive(), retainFraction: z.number().gt(0).lte(1) })
    .strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), temperature: 1, retainFraction: 0.3 }),
  run(context, config) {
    const { model, original, data } = context;
    const incompetent = context.freshModel('incompetent-teacher');
    const keep = Math.max(1, Math.round(config.retainFraction * context.retain.length));
    const retainSubset = context.rng
      .stream('retain-subset')
      .choice(context.retain.length, keep)
      .map((i) => context.retain[i]);
    const forgetSet = new Set(context.forget);
    const rows = unionRows(retainSubset, context.forget);
    const T = config.temperature;
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        epochBatches(context, rows, 'mixed', epoch).map((batch) =>
          optimisationStep(optimizer, () => {
            const mask = scratch(Float64Array, batch.length);
            batch.forEach((r, i) => (mask[i] = forgetSet.has(r) ? 1 : 0));
            const isForget = new Tensor(mask, [batch.length, 1]);
            const target = where(
              isForget,
              targetProbabilities(incompetent, data, batch, T),
              targetProbabilities(original, data, batch, T),
            );
            return distillationKl(target, model.forward(gatherFeatures(data, batch)), T);
          }),
        ),
      ),
    );
    return { training, details: { retainUsed: keep } };
  },
});
