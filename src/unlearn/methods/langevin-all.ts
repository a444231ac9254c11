import { PER_SAMPLE } from '../workload.js';
import { z } from 'zod';
import type { Mechanism } from '../mechanism.js';
import { runMechanism } from '../mechanism-run.js';
import { defineMethod } from '../method.js';
import { LANGEVIN_ALL_GUARANTEE, LangevinAll, type LangevinAllConfig } from '../mechanisms/langevin/langevin-all.js';

const schema = z
  .object({
    epsilon: z.number().positive(),
    delta: z.number().gt(0).lt(1),
    lambda: z.number().positive(),
    sigma: z.number().positive(),
    steps: z.number().int().positive(),
    stepSize: z.number().positive(),
    clip: z.number().positive(),
    radius: z.number().positive(),
  })
  .strict();

const mechanism: Mechanism<LangevinAllConfig> = {
  train: (env, rows, config) => LangevinAll.train(env, rows, config),
  load: (env, saved, config) => LangevinAll.load(env, saved, config),
};

/**
 * The Langevin mechanism on every parameter of the hybrid model (non-convex, so no theorem applies): the same
 * projected noisy gradient descent with per-sample clipping, and the K the strongly convex bound would give. It
 * reports `guarantee: none`, so that tables show what the certified head buys against the whole model.
 */
export const langevinAll = defineMethod({
  name: 'langevin-all',
  label: 'Langevin (all params)',
  summary:
    'The Langevin mechanism on all parameters of the hybrid model; non-convex, so no guarantee (for comparison).',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => 2 * config.steps * (sizes.retain + sizes.forget) * PER_SAMPLE,
  guarantee: () => LANGEVIN_ALL_GUARANTEE,
  schema,
  defaults: (family): LangevinAllConfig => ({
    epsilon: 1,
    delta: 1e-5,
    lambda: 0.05,
    sigma: 0.01,
    steps: family === 'tabular' ? 50 : 10,
    stepSize: 0.05,
    clip: 1,
    radius: 1000,
  }),
  mechanism,
  run: (context, config) => runMechanism(mechanism, context, config),
});
