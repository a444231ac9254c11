import { PER_SAMPLE } from '../workload.js';
import { z } from 'zod';
import { add, mul, sub } from '../../core/ops/binary.js';
import { sum } from '../../core/ops/reduce.js';
import { neg, square } from '../../core/ops/unary.js';
import { Tensor } from '../../core/tensor.js';
import { stepScope } from '../../core/workspace.js';
import { inEvalMode } from '../../models/mode.js';
import { toBatches } from '../../train/labeled-data.js';
import { epochBatches } from '../batches.js';
import type { UnlearnContext } from '../context.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { epochFields, referenceBudget } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

const schema = z
  .object({
    ...epochFields,
    lambda: z.number().nonnegative(),
    /** Which set the Fisher information is estimated on: `retain` protects what must be kept (sound). */
    fisherSet: z.enum(['retain', 'forget']),
    /** `per-sample`: the empirical Fisher E[g²] over samples; `per-batch`: squared batch-mean gradients (reference). */
    estimate: z.enum(['per-sample', 'per-batch']),
    /** Cap on the samples used for the per-sample estimate (a seeded random subset beyond it). */
    maxSamples: z.number().int().positive(),
    /**
     * How the penalty acts. `proximal` (sound): after each Adam step, the exact minimiser of the penalty plus a
     * proximity term, θ ← (θ + ηλF⊙θ⁰)/(1 + ηλF), so weights the retain set relies on are held back from the first
     * step; `gradient` (reference): the penalty's gradient added to the loss, which is zero at the start and, after
     * Adam's per-coordinate normalisation, leaves the first step exactly GA's.
     */
    penalty: z.enum(['proximal', 'gradient']),
  })
  .strict();

/** Diagonal Fisher information of the trainable parameters, computed in evaluation mode (as the reference does). */
function diagonalFisher(
  context: UnlearnContext,
  rows: Int32Array,
  estimate: 'per-sample' | 'per-batch',
  maxSamples: number,
): Float64Array[] {
  const { model, data } = context;
  const params = model.parameters().filter((p) => p.requiresGrad);
  const fisher = params.map((p) => new Float64Array(p.size));
  const sampled =
    rows.length > maxSamples
      ? context.rng
          .stream('fisher-subset')
          .choice(rows.length, maxSamples)
          .map((i) => rows[i])
      : rows;
  const groups =
    estimate === 'per-sample'
      ? Array.from(sampled, (r) => Int32Array.of(r))
      : toBatches(sampled, context.base.batchSize);
  inEvalMode(model, () => {
    for (const group of groups) {
      for (const p of params) p.grad = null;
      stepScope(() => crossEntropyOn(model, data, group).backward());
      params.forEach((p, k) => {
        const g = p.grad!;
        const f = fisher[k];
        for (let i = 0; i < f.length; i++) f[i] += g[i] * g[i];
      });
    }
  });
  for (const p of params) p.grad = null;
  for (const f of fisher) for (let i = 0; i < f.length; i++) f[i] /= groups.length;
  return fisher;
}

/**
 * The reference's "Fisher" method, honestly named: gradient ascent on the forget set under an EWC penalty
 * (λ/2)·Σ F_j (θ_j − θ⁰_j)² that anchors the parameters important for the retain set (sound). The reference adds the
 * penalty's gradient to the loss; that gradient is zero at the start, so its first step is exactly GA's (defect 2.2
 * of the reference), which is why the sound default applies the penalty as a proximal step. It is not Golatkar et
 * al.'s Fisher forgetting (that is `fisher-forgetting`). The reference also estimates F on the *forget* set from
 * squared batch-mean gradients, so its penalty protects exactly what should be forgotten; that behaviour is
 * available as `fisherSet: 'forget', estimate: 'per-batch', penalty: 'gradient'`.
 */
export const fisher = defineMethod({
  name: 'fisher',
  label: 'EWC ascent',
  summary:
    "Gradient ascent on the forget set with an EWC penalty weighted by the diagonal Fisher (the reference's 'Fisher').",
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.maxSamples * PER_SAMPLE + config.epochs * sizes.forget,
  guarantee: noGuarantee,
  schema,
  defaults: (family) => ({
    ...referenceBudget(15, 25)(family),
    lambda: 10,
    fisherSet: 'retain' as const,
    estimate: 'per-sample' as const,
    maxSamples: 1000,
    penalty: 'proximal' as const,
  }),
  referenceBehaviour: { fisherSet: 'forget', estimate: 'per-batch', penalty: 'gradient' },
  run(context, config) {
    const { model, data } = context;
    const params = model.parameters().filter((p) => p.requiresGrad);
    const rows = config.fisherSet === 'retain' ? context.retain : context.forget;
    const diagonal = diagonalFisher(context, rows, config.estimate, config.maxSamples);
    const weights = diagonal.map((f, k) => new Tensor(f, params[k].shape));
    const anchors = params.map((p) => new Tensor(Float64Array.from(p.data), p.shape));
    const penalty = (): Tensor =>
      params.map((p, k) => sum(mul(weights[k], square(sub(p, anchors[k]))))).reduce((a, b) => add(a, b));
    const shrink = context.base.lr * config.lambda;
    const proximal = (): void => {
      params.forEach((p, k) => {
        const f = diagonal[k];
        const anchor = anchors[k].data;
        for (let i = 0; i < p.size; i++) p.data[i] = (p.data[i] + shrink * f[i] * anchor[i]) / (1 + shrink * f[i]);
      });
    };
    const training = trainMethod(context, config, (epoch, optimizer) =>
      passStats(
        epochBatches(context, context.forget, 'forget', epoch).map((batch) => {
          const ascent = (): Tensor => neg(crossEntropyOn(model, data, batch));
          if (config.penalty === 'gradient')
            return optimisationStep(optimizer, () => add(ascent(), mul(penalty(), config.lambda / 2)));
          const loss = optimisationStep(optimizer, ascent);
          proximal();
          return loss;
        }),
      ),
    );
    const trace = diagonal.reduce((s, f) => s + f.reduce((a, b) => a + b, 0), 0);
    return { training, details: { fisherTrace: trace } };
  },
});
