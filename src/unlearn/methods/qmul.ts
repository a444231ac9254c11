import { pairedRows } from '../workload.js';
import { z } from 'zod';
import type { Optimizer } from '../../core/optim/optimizer.js';
import { noGrad, type Tensor } from '../../core/tensor.js';
import { scratch, stepScope } from '../../core/workspace.js';
import { inEvalMode } from '../../models/mode.js';
import { gatherFeatures } from '../../train/labeled-data.js';
import type { UnlearnContext } from '../context.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { pairBatches } from '../pairing.js';
import { unionRows } from '../relabel.js';
import { epochFields, referenceBudget } from '../schema.js';
import { passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

/**
 * Maps each class to its most similar other class: the cosine similarity of class centroids of the original
 * model's logits (PyTorch's cosine_similarity, eps 1e-8, so an empty class has similarity 0 to all and maps to the
 * first other class, as in the reference).
 */
export function similarLabelMap(context: UnlearnContext, rows: Int32Array): Int32Array {
  const { original, data, classes } = context;
  const centroids = Array.from({ length: classes }, () => new Float64Array(classes));
  const counts = new Float64Array(classes);
  const logits = inEvalMode(original, () => noGrad(() => original.forward(gatherFeatures(data, rows)))).data;
  rows.forEach((r, i) => {
    const c = data.labels[r];
    counts[c]++;
    for (let d = 0; d < classes; d++) centroids[c][d] += logits[i * classes + d];
  });
  centroids.forEach((mu, c) => mu.forEach((_v, d) => (mu[d] = counts[c] > 0 ? mu[d] / counts[c] : 0)));
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const map = new Int32Array(classes);
  for (let c = 0; c < classes; c++) {
    let best = -1;
    let bestSim = -Infinity;
    for (let d = 0; d < classes; d++) {
      if (d === c) continue;
      const dot = centroids[c].reduce((s, x, i) => s + x * centroids[d][i], 0);
      const sim = dot / Math.max(norm(centroids[c]) * norm(centroids[d]), 1e-8);
      if (sim > bestSim) {
        bestSim = sim;
        best = d;
      }
    }
    map[c] = best;
  }
  return map;
}

/**
 * ∇ of a loss over the optimizer's parameters, as flat float64 copies (valid until the enclosing step ends), its
 * global L2 norm, and the loss's value.
 */
function gradientOf(optimizer: Optimizer, loss: Tensor): { grads: Float64Array[]; norm: number; loss: number } {
  optimizer.zeroGrad();
  loss.backward();
  const grads = optimizer.params.map((p) => {
    const copy = scratch(Float64Array, p.size);
    if (p.grad !== null) copy.set(p.grad);
    return copy;
  });
  const norm = Math.sqrt(grads.reduce((s, g) => s + g.reduce((a, x) => a + x * x, 0), 0));
  return { grads, norm, loss: loss.item() };
}

/**
 * Q-MUL-style similar-label unlearning (after Q-MUL, the reference's adaptation): forget samples are relabelled to
 * their class's most similar class and the model descends on CE_r + w·CE_f(similar labels), with
 * w = α·‖∇CE_r‖/‖∇CE_f‖ balancing the two gradients. The reference *ascends* on the similar-label loss
 * (a sign error against its own docstring) and builds centroids from the retain set only, which leaves an absent
 * class (scenario B) with a zero centroid; both are available as `direction: 'ascend'`, `centroids: 'retain'`.
 * The combined gradient is formed from the two backward passes instead of a third one.
 */
export const qmul = defineMethod({
  name: 'qmul',
  label: 'Q-MUL',
  summary:
    'Relabel forget samples to the most similar class and train on retain + relabelled forget, gradient-balanced.',
  needs: { retain: true, forget: true, original: true, validation: false },
  workload: (config, sizes) => config.epochs * pairedRows(sizes),
  guarantee: noGuarantee,
  schema: z
    .object({
      ...epochFields,
      alpha: z.number().nonnegative(),
      direction: z.enum(['descend', 'ascend']),
      centroids: z.enum(['train', 'retain']),
    })
    .strict(),
  defaults: (family) => ({
    ...referenceBudget(5, 12)(family),
    alpha: 1,
    direction: 'descend' as const,
    centroids: 'train' as const,
  }),
  referenceBehaviour: { direction: 'ascend', centroids: 'retain' },
  run(context, config) {
    const { model, data, base } = context;
    const map = similarLabelMap(
      context,
      config.centroids === 'train' ? unionRows(context.retain, context.forget) : context.retain,
    );
    const sign = config.direction === 'descend' ? 1 : -1;
    const training = trainMethod(context, config, (epoch, optimizer) => {
      const losses: number[] = [];
      // The combined gradients handed to Adam, in float64 whatever the model's dtype. Not from a step's workspace:
      // a parameter's gradient outlives the step.
      const combined = optimizer.params.map((p) => new Float64Array(p.size));
      for (const { first, second } of pairBatches(
        context.retain,
        context.forget,
        base.batchSize,
        base.pairing,
        context.rng,
        epoch,
      )) {
        const loss = stepScope(() => {
          const similar = scratch(Int32Array, second.length);
          second.forEach((r, i) => (similar[i] = map[data.labels[r]]));
          const retain = gradientOf(optimizer, crossEntropyOn(model, data, first));
          const forget = gradientOf(optimizer, crossEntropyOn(model, data, second, similar));
          const w = (config.alpha * retain.norm) / (forget.norm + 1e-12);
          optimizer.params.forEach((p, k) => {
            const g = combined[k];
            for (let i = 0; i < g.length; i++) g[i] = retain.grads[k][i] + sign * w * forget.grads[k][i];
            p.grad = g;
          });
          optimizer.step();
          return retain.loss + sign * w * forget.loss;
        });
        losses.push(loss);
      }
      return passStats(losses);
    });
    return { training, details: { similarLabel: Array.from(map) } };
  },
});
