import { z } from 'zod';
import type { Tensor } from '../../core/tensor.js';
import { stepScope } from '../../core/workspace.js';
import { inEvalMode } from '../../models/mode.js';
import { toBatches } from '../../train/labeled-data.js';
import type { UnlearnContext } from '../context.js';
import { epochBatches } from '../batches.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { labelsWithOverrides, randomWrongLabels, unionRows } from '../relabel.js';
import { epochFields, referenceBudget } from '../schema.js';
import { passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * Saliency mask of SalUn: exactly round(keep × #parameters) entries (over the whole model) with the largest
 * |∂CE(forget)/∂θ|, computed in evaluation mode at the original weights; ties are broken by position, so equal
 * magnitudes (e.g. the zero gradients of unused weights) can never inflate the mask. 1 = may change, 0 = frozen.
 */
export function saliencyMask(context: UnlearnContext, params: readonly Tensor[], keep: number): Float64Array[] {
  const { model, data } = context;
  for (const p of params) p.grad = null;
  inEvalMode(model, () => {
    for (const rows of toBatches(context.forget, context.base.batchSize))
      stepScope(() => crossEntropyOn(model, data, rows).backward());
  });
  const magnitudes = new Float64Array(params.reduce((n, p) => n + p.size, 0));
  let at = 0;
  for (const p of params) {
    for (let i = 0; i < p.size; i++) magnitudes[at + i] = Math.abs(p.grad?.[i] ?? 0);
    at += p.size;
    p.grad = null;
  }
  const order = Int32Array.from(magnitudes, (_v, i) => i).sort((a, b) => magnitudes[b] - magnitudes[a] || a - b);
  const flat = new Float64Array(magnitudes.length);
  const count = Math.round(keep * magnitudes.length);
  for (let i = 0; i < count; i++) flat[order[i]] = 1;
  at = 0;
  return params.map((p) => {
    const mask = flat.slice(at, at + p.size);
    at += p.size;
    return mask;
  });
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
  workload: (config, sizes) => sizes.forget + config.epochs * (sizes.retain + sizes.forget),
  guarantee: noGuarantee,
  schema: z.object({ ...epochFields, keep: z.number().gt(0).lte(1) }).strict(),
  defaults: (family) => ({ ...referenceBudget(15, 25)(family), keep: 0.5 }),
  run(context, config) {
    const { model, data } = context;
    const params = model.parameters().filter((p) => p.requiresGrad);
    const mask = saliencyMask(context, params, config.keep);
    const rows = unionRows(context.retain, context.forget);
    const training = trainMethod(
      context,
      config,
      (epoch, optimizer) => {
        const labels = randomWrongLabels(data, context.forget, context.classes, context.rng.stream(`labels-${epoch}`));
        return passStats(
          epochBatches(context, rows, 'union', epoch).map((batch) =>
            stepScope(() => {
              optimizer.zeroGrad();
              const loss = crossEntropyOn(model, data, batch, labelsWithOverrides(data, batch, labels));
              loss.backward();
              params.forEach((p, k) => {
                if (p.grad === null) return;
                for (let i = 0; i < p.grad.length; i++) p.grad[i] *= mask[k][i];
              });
              optimizer.step();
              return loss.item();
            }),
          ),
        );
      },
      params,
    );
    const kept = mask.reduce((s, m) => s + m.reduce((a, b) => a + b, 0), 0);
    return { training, details: { salientParameters: kept } };
  },
});
