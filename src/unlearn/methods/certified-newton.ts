import { z } from 'zod';
import type { Mechanism } from '../mechanism.js';
import { runMechanism } from '../mechanism-run.js';
import { defineMethod } from '../method.js';
import {
  CertifiedHead,
  certifiedNewtonGuarantee,
  type CertifiedNewtonConfig,
} from '../mechanisms/head/certified-newton.js';
import { FEATURE_LAYERS } from '../mechanisms/head/features.js';

/** The settings every head mechanism shares: where its feature map ends and what it may train on. */
export const featureFields = {
  features: z.enum(FEATURE_LAYERS),
  publicFraction: z.number().min(0).lt(1),
  featureEpochs: z.number().int().positive(),
};

const schema = z
  .object({
    epsilon: z.number().positive(),
    delta: z.number().gt(0).lt(1),
    lambda: z.number().positive(),
    residualBudget: z.number().positive(),
    ...featureFields,
  })
  .strict();

const mechanism: Mechanism<CertifiedNewtonConfig> = {
  train: (env, rows, config, options) => CertifiedHead.train(env, rows, config, options?.publicFrom),
  load: (env, saved, config) => CertifiedHead.load(env, saved, config),
};

/**
 * Certified removal (Guo, Goldstein, Hannun & van der Maaten, ICML 2020) on the hybrid model's head: the feature
 * map (by default the quantum layer's expectation values) is frozen at its seeded initialisation or trained on a
 * declared public split; an L2-regularised softmax head with objective perturbation is trained to its exact
 * minimum; deletions are Newton steps whose accumulated gradient-residual bound is kept within a budget, past which
 * the head is retrained. (ε, δ)-certified against retraining the same mechanism (docs/certified.md).
 */
export const certifiedNewton = defineMethod({
  name: 'certified-newton',
  label: 'Certified Newton',
  summary:
    'Certified removal (Guo et al. 2020): perturbed softmax head on fixed features, one Newton step per deletion, (ε, δ) budget.',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) =>
    config.featureEpochs * config.publicFraction * (sizes.retain + sizes.forget) +
    (sizes.retain + sizes.forget) * sizes.classes,
  guarantee: (config) => certifiedNewtonGuarantee(config),
  schema,
  defaults: (family): CertifiedNewtonConfig => ({
    epsilon: 1,
    delta: 1e-5,
    lambda: family === 'tabular' ? 0.05 : 0.01,
    residualBudget: 0.1,
    features: 'core',
    publicFraction: family === 'tabular' ? 0 : 0.3,
    featureEpochs: family === 'tabular' ? 50 : 10,
  }),
  mechanism,
  run: (context, config) => runMechanism(mechanism, context, config),
});
