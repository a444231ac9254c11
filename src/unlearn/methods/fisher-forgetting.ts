import { PER_SAMPLE } from '../workload.js';
import { z } from 'zod';
import type { Tensor } from '../../core/tensor.js';
import { layerGroups } from '../../models/groups.js';
import { inEvalMode } from '../../models/mode.js';
import type { UnlearnContext } from '../context.js';
import { crossEntropyOn } from '../losses.js';
import { defineMethod } from '../method.js';
import { forgottenClasses } from '../selection.js';
import { noGuarantee } from '../guarantee.js';
import * as fdlibm from '../../core/math.js';
import { stepScope } from '../../core/workspace.js';

const schema = z
  .object({
    /** α: the noise scale, variance = α / F (Golatkar et al.'s code uses 1e-6). */
    alpha: z.number().positive(),
    /** Clipping of 1 / F before scaling (1e3 in the paper's code; 1e2 for the output layer). */
    clip: z.number().positive(),
    outputClip: z.number().positive(),
    /** Retain rows used to estimate the Fisher (a seeded random subset beyond it). */
    maxSamples: z.number().int().positive(),
    /** In class forgetting, zero the output row of each forgotten class (mean 0, variance 1e-4), as the paper does. */
    classHead: z.boolean(),
  })
  .strict();

type Config = z.infer<typeof schema>;

/** The paper's fixed constants: output-layer and one-dimensional parameters get 10x the variance. */
const OUTPUT_SCALE = 10;
const VECTOR_SCALE = 10;
const FORGOTTEN_ROW_VARIANCE = 1e-4;

/**
 * The retain set's diagonal Fisher information, in evaluation mode: F_j = mean_x Σ_y p(y|x)·(∂CE(x, y)/∂θ_j)², the
 * expectation over the model's own predictive distribution (the true Fisher, as in the paper), one row at a time;
 * p(y|x) is exp(−CE(x, y)), so each class costs one forward and one backward pass of a single row.
 */
export function retainFisher(context: UnlearnContext, params: readonly Tensor[], maxSamples: number): Float64Array[] {
  const { model, data, classes } = context;
  const rows =
    context.retain.length > maxSamples
      ? context.rng
          .stream('fisher-subset')
          .choice(context.retain.length, maxSamples)
          .map((i) => context.retain[i])
      : context.retain;
  const fisher = params.map((p) => new Float64Array(p.size));
  inEvalMode(model, () => {
    const labels = new Int32Array(1);
    for (const r of rows) {
      const row = Int32Array.of(r);
      for (let y = 0; y < classes; y++) {
        for (const p of params) p.grad = null;
        labels[0] = y;
        const weight = stepScope(() => {
          const loss = crossEntropyOn(model, data, row, labels);
          loss.backward();
          return fdlibm.exp(-loss.item());
        });
        params.forEach((p, k) => {
          const g = p.grad;
          if (g === null) return;
          const f = fisher[k];
          for (let i = 0; i < f.length; i++) f[i] += weight * g[i] * g[i];
        });
      }
    }
  });
  for (const p of params) p.grad = null;
  for (const f of fisher) for (let i = 0; i < f.length; i++) f[i] /= rows.length;
  return fisher;
}

/**
 * The per-parameter standard deviation and mean of the injected noise: variance α·min(1/(F + 1e-8), clip), averaged
 * over axis 1 for parameters of rank ≥ 2 (one variance per output unit, as the paper's code does), with output-layer
 * variances clipped at `outputClip` and, like one-dimensional parameters (biases, batch norm), multiplied by 10. In
 * class forgetting the forgotten classes' output rows are centred at 0 with variance 1e-4 (before the 10x).
 */
export function noiseDistribution(
  context: UnlearnContext,
  params: readonly Tensor[],
  fisher: readonly Float64Array[],
  config: Config,
): { mean: Float64Array[]; std: Float64Array[] } {
  const groups = layerGroups(context.model);
  const output = new Set(groups[groups.length - 1].params.map(([, p]) => p));
  const forgotten = forgottenClasses(context.data.labels, context.retain, context.forget);
  const zeroRows = config.classHead && forgotten.wholeClasses ? forgotten.classes : [];
  const mean: Float64Array[] = [];
  const std: Float64Array[] = [];
  params.forEach((p, k) => {
    const isOutput = output.has(p);
    const clip = isOutput ? Math.min(config.clip, config.outputClip) : config.clip;
    const variance = Float64Array.from(fisher[k], (f) => config.alpha * Math.min(1 / (f + 1e-8), clip));
    if (p.rank >= 2) averageOverAxis1(variance, p.shape);
    const mu = Float64Array.from(p.data);
    if (isOutput) {
      const width = p.size / p.shape[0];
      for (const c of zeroRows) {
        mu.fill(0, c * width, (c + 1) * width);
        variance.fill(FORGOTTEN_ROW_VARIANCE, c * width, (c + 1) * width);
      }
    }
    const scale = isOutput ? OUTPUT_SCALE : p.rank === 1 ? VECTOR_SCALE : 1;
    mean.push(mu);
    std.push(variance.map((v) => Math.sqrt(v * scale)));
  });
  return { mean, std };
}

/** Replaces each value of a [d0, d1, rest...] array by the mean over axis 1 at its (d0, rest) position. */
function averageOverAxis1(values: Float64Array, shape: readonly number[]): void {
  const [d0, d1] = shape;
  const inner = values.length / (d0 * d1);
  for (let a = 0; a < d0; a++) {
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      for (let b = 0; b < d1; b++) sum += values[(a * d1 + b) * inner + i];
      for (let b = 0; b < d1; b++) values[(a * d1 + b) * inner + i] = sum / d1;
    }
  }
}

/**
 * Fisher forgetting (Golatkar, Achille & Soatto, CVPR 2020, "Eternal Sunshine of the Spotless Net"): one-shot noise
 * injection θ ← μ + σ·n with n ~ N(0, I), where the noise is shaped by the inverse diagonal Fisher of the retain set,
 * so weights the retain set does not constrain are scrambled (erasing what only the forget set needed) and weights
 * it depends on barely move. No training, so no epoch selection applies.
 */
export const fisherForgetting = defineMethod({
  name: 'fisher-forgetting',
  label: 'Fisher forgetting',
  summary: "Inject Gaussian noise shaped by the inverse of the retain set's diagonal Fisher (Golatkar et al. 2020).",
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => config.maxSamples * sizes.classes * PER_SAMPLE,
  guarantee: noGuarantee,
  schema,
  defaults: (family) => ({
    alpha: 1e-6,
    clip: 1e3,
    outputClip: 1e2,
    maxSamples: family === 'tabular' ? 1000 : 256,
    classHead: true,
  }),
  run(context, config) {
    const params = context.model.parameters();
    const fisher = retainFisher(context, params, config.maxSamples);
    const { mean, std } = noiseDistribution(context, params, fisher, config);
    const noise = context.rng.stream('fisher-noise');
    params.forEach((p, k) => {
      for (let i = 0; i < p.size; i++) p.data[i] = mean[k][i] + std[k][i] * noise.normal();
    });
    const spread = std.reduce((s, a) => s + a.reduce((x, y) => x + y, 0), 0) / params.reduce((n, p) => n + p.size, 0);
    return { details: { meanNoiseStd: spread, fisherSamples: Math.min(config.maxSamples, context.retain.length) } };
  },
});
