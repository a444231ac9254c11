import { z } from 'zod';
import type { Tensor } from '../../core/tensor.js';
import { toBatches } from '../../train/labeled-data.js';
import type { UnlearnContext } from '../context.js';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { labelsWithOverrides, randomWrongLabels, unionRows } from '../relabel.js';
import { epochFields, referenceBudget } from '../schema.js';
import { passStats, trainMethod } from '../training.js';

/**
 * Saliency mask of SalUn: the fraction `keep` of parameters (over the whole model) with the largest
 * |∂CE(forget)/∂θ|, computed in evaluation mode at the original weights. 1 = may change, 0 = frozen.
 */
export function saliencyMask(context: UnlearnContext, params: readonly Tensor[], keep: number): Float64Array[] {
  const { model, data } = context;
  for (const p of params) p.grad = null;
  const wasTraining = model.training;
  model.eval();
  for (const rows of toBatches(context.forget, context.base.batchSize)) crossEntropyOn(model, data, rows).backward();
  model.train(wasTraining);
  const magnitudes = params.map((p) => Float64Array.from(p.grad ?? new Float64Array(p.size), Math.abs));
  for (const p of params) p.grad = null;
  const all = Float64Array.from(magnitudes.flatMap((m) => Array.from(m))).sort();
  const cut = Math.min(all.length - 1, Math.max(0, Math.floor((1 - keep) * all.length)));
  const threshold = all[cut];
  return magnitudes.map((m) => m.map((v) => (v >= threshold ? 1 : 0)));
}

/**
 * SalUn (Fan et al., ICLR 2024): random-label unlearning restricted to the salient weights — those whose forget
 * loss gradient is largest — so the rest of the model, and with it the retain performance, is left alone.
 */
export const salun = defineMethod({
  name: 'salun',
  label: 'SalUn',
  summary: 'Random-label unlearning that only updates the weights most salient for the forget set.',
  needs: { retain: true, forget: true, original: false, validation: false },
  schema: z.object({ ...epochFields, keep: z.number().gt(0).lte(1) }).strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), keep: 0.5 }),
  run(context, config) {
    const { model, data } = context;
    const params = model.parameters().filter((p) => p.requiresGrad);
    const mask = saliencyMask(context, params, config.keep);
    const rows = unionRows(context.retain, context.forget);
    const training = trainMethod(context, config, (epoch, optimizer) => {
      const labels = randomWrongLabels(data, context.forget, context.classes, context.rng.stream(`labels-${epoch}`));
      return passStats(epochBatches(context, rows, 'union', epoch).map((batch) => {
        optimizer.zeroGrad();
        const loss = crossEntropyOn(model, data, batch, labelsWithOverrides(data, batch, labels));
        loss.backward();
        params.forEach((p, k) => {
          if (p.grad === null) return;
          for (let i = 0; i < p.grad.length; i++) p.grad[i] *= mask[k][i];
        });
        optimizer.step();
        return loss.item();
      }));
    }, params);
    const kept = mask.reduce((s, m) => s + m.reduce((a, b) => a + b, 0), 0);
    return { training, details: { salientParameters: kept } };
  },
});
