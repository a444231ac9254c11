import { z } from 'zod';
import { add, mul } from '../../core/ops/binary.js';
import { scratch } from '../../core/workspace.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { pairBatches } from '../pairing.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/** Each forget row replicated C−1 times, once with every class but its own: the complement set LCA trains on. */
export function complementSet(
  trueLabels: Int32Array,
  forget: Int32Array,
  classes: number,
): { rows: Int32Array; labels: Int32Array } {
  const rows = new Int32Array(forget.length * (classes - 1));
  const labels = new Int32Array(rows.length);
  let at = 0;
  for (const r of forget) {
    for (let c = 0; c < classes; c++) {
      if (c === trueLabels[r]) continue;
      rows[at] = r;
      labels[at++] = c;
    }
  }
  return { rows, labels };
}

/**
 * Learning with complementary labels (LCA, as the reference implements it): each forget sample is replicated
 * C−1 times, once with every wrong label, so its target becomes uniform over the wrong classes; the model trains
 * on CE_r + β·CE(complement) over the full retain loader, cycling the complement loader.
 */
export const lca = defineMethod({
  name: 'lca',
  label: 'LCA',
  summary: 'Train on the retain set plus every forget sample with each wrong label (complementary labels).',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.epochs * 2 * sizes.retain,
  guarantee: noGuarantee,
  schema: z.object({ ...epochFields, beta: z.number().nonnegative() }).strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), beta: 1 }),
  run(context, config) {
    const { model, data, classes, base } = context;
    const { rows, labels } = complementSet(data.labels, context.forget, classes);
    const positions = Int32Array.from(rows, (_v, i) => i);
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        pairBatches(context.retain, positions, base.batchSize, 'first', context.rng, epoch).map(({ first, second }) =>
          optimisationStep(optimizer, () => {
            const complementRows = scratch(Int32Array, second.length);
            const complementLabels = scratch(Int32Array, second.length);
            second.forEach((i, k) => {
              complementRows[k] = rows[i];
              complementLabels[k] = labels[i];
            });
            return add(
              crossEntropyOn(model, data, first),
              mul(crossEntropyOn(model, data, complementRows, complementLabels), config.beta),
            );
          }),
        ),
      ),
    );
    return { training };
  },
});
