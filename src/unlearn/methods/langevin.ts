import { HEAD_STEP } from '../workload.js';
import { z } from 'zod';
import type { Mechanism } from '../mechanism.js';
import { runMechanism } from '../mechanism-run.js';
import { defineMethod } from '../method.js';
import { LangevinHead, langevinGuarantee, type LangevinConfig } from '../mechanisms/langevin/langevin-head.js';
import { featureFields } from './certified-newton.js';

const schema = z
  .object({
    epsilon: z.number().positive(),
    delta: z.number().gt(0).lt(1),
    lambda: z.number().positive(),
    sigma: z.number().positive(),
    steps: z.number().int().positive(),
    ...featureFields,
  })
  .strict();

const mechanism: Mechanism<LangevinConfig> = {
  train: (env, rows, config, options) => LangevinHead.train(env, rows, config, options?.publicFrom),
  load: (env, saved, config) => LangevinHead.load(env, saved, config),
};

/**
 * Langevin unlearning (Chien, Wang, Chen & Li, NeurIPS 2024, arXiv 2401.10371) on the hybrid model's head: the same
 * fixed feature map and L2-regularised softmax head as `certified-newton`, trained by projected noisy gradient
 * descent with per-sample clipping; a deletion runs the smallest number K of further noisy steps on the remaining
 * rows that meets the target ε under the paper's Rényi bound for the strongly convex case (docs/certified.md).
 */
export const langevin = defineMethod({
  name: 'langevin',
  label: 'Langevin',
  summary:
    'Langevin unlearning (Chien et al. 2024): noisy GD on a softmax head over fixed features; K more noisy steps per deletion.',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) =>
    config.featureEpochs * config.publicFraction * (sizes.retain + sizes.forget) +
    config.steps * (sizes.retain + sizes.forget) * HEAD_STEP,
  guarantee: (config) => langevinGuarantee(config),
  schema,
  defaults: (family): LangevinConfig => ({
    epsilon: 1,
    delta: 1e-5,
    lambda: 0.05,
    sigma: 0.1,
    steps: 2000,
    features: 'core',
    publicFraction: family === 'tabular' ? 0 : 0.3,
    featureEpochs: family === 'tabular' ? 50 : 10,
  }),
  mechanism,
  run: (context, config) => runMechanism(mechanism, context, config),
});
