import { pairedRows } from '../workload.js';
import { z } from 'zod';
import { add, mul } from '../../core/ops/binary.js';
import { Tensor } from '../../core/tensor.js';
import { scratch } from '../../core/workspace.js';
import { withMode } from '../../models/mode.js';
import { gatherFeatures } from '../../train/labeled-data.js';
import type { UnlearnContext } from '../context.js';
import { crossEntropyOn, klToUniform } from '../losses.js';
import { defineMethod } from '../method.js';
import { pairBatches } from '../pairing.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod, withOnlyTrainable } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * One FGSM step from the forget inputs *up* the KL to the uniform distribution (towards the most confident
 * nearby inputs), clipped to the valid input range. The reference's comment calls this minimising; the code, and
 * this function, ascend. Computed in evaluation mode unless `trainMode` (the reference's choice, which updates
 * batch-norm statistics and applies dropout while attacking).
 */
export function adversarialInputs(
  context: UnlearnContext,
  rows: Int32Array,
  epsilon: number,
  trainMode: boolean,
): Tensor {
  const { model, data, base } = context;
  const clean = gatherFeatures(data, rows);
  const x = new Tensor(clean.data, clean.shape, { requiresGrad: true });
  withMode(model, trainMode, () => withOnlyTrainable(model, [], () => klToUniform(model.forward(x)).backward()));
  const [low, high] = base.inputRange;
  const g = x.grad!;
  const adv = scratch(Float64Array, x.size);
  for (let i = 0; i < adv.length; i++) {
    const v = clean.data[i] + epsilon * Math.sign(g[i]);
    adv[i] = v < low ? low : v > high ? high : v;
  }
  return new Tensor(adv, clean.shape);
}

/**
 * ADV-UNIFORM (the reference's adversarial method): push the model's predictions on adversarially perturbed
 * forget inputs towards the uniform distribution while keeping the retain set: CE_r + λ·KL(p(x_adv) ‖ U).
 * Perturbations live in input space: rotation angles for tabular models, pixels for image models.
 */
export const advUniform = defineMethod({
  name: 'adv-uniform',
  label: 'ADV-UNIFORM',
  summary: 'Make predictions uniform on FGSM-perturbed forget inputs while training on the retain set.',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.epochs * pairedRows(sizes) * 1.5,
  guarantee: noGuarantee,
  schema: z
    .object({
      ...epochFields,
      epsilon: z.number().nonnegative(),
      lambda: z.number().nonnegative(),
      fgsmMode: z.enum(['eval', 'train']),
    })
    .strict(),
  defaults: (family) => ({ ...referenceBudget(10, 15)(family), epsilon: 0.1, lambda: 1, fgsmMode: 'eval' as const }),
  referenceBehaviour: { fgsmMode: 'train' },
  run(context, config) {
    const { model, data, base } = context;
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        pairBatches(context.retain, context.forget, base.batchSize, base.pairing, context.rng, epoch).map(
          ({ first, second }) =>
            optimisationStep(optimizer, () => {
              const adv = adversarialInputs(context, second, config.epsilon, config.fgsmMode === 'train');
              return add(crossEntropyOn(model, data, first), mul(klToUniform(model.forward(adv)), config.lambda));
            }),
        ),
      ),
    );
    return { training };
  },
});
