import { z } from 'zod';
import { defineMethod } from '../method.js';
import { runMechanism } from '../mechanism-run.js';
import { AGGREGATIONS } from '../mechanisms/sisa/ensemble.js';
import type { Mechanism } from '../mechanism.js';
import { SISA_GUARANTEE, SisaSystem, type SisaConfig } from '../mechanisms/sisa/system.js';

const schema = z
  .object({
    shards: z.number().int().positive(),
    slices: z.number().int().positive(),
    epochsPerSlice: z.number().int().positive(),
    aggregation: z.enum(AGGREGATIONS),
  })
  .strict();

const mechanism: Mechanism<SisaConfig> = {
  train: (env, rows, config) => SisaSystem.train(env, rows, config),
  load: (env, saved, config) => SisaSystem.load(env, saved, config),
};

/**
 * SISA, exact unlearning by sharding (Bourtoule et al., IEEE S&P 2021, "Machine Unlearning"): S models of the run's
 * architecture, each trained slice by slice on the rows a stable hash of their ids gives its shard; predictions average
 * the shard models' probabilities (or take a majority vote). Deleting rows retrains only the shards that held them,
 * from the checkpoint before the first slice that did. Works with every model preset.
 */
export const sisa = defineMethod({
  name: 'sisa',
  label: 'SISA',
  summary:
    'Exact unlearning by sharding: shard models trained slice by slice; deletion retrains affected shards from a checkpoint.',
  needs: { retain: true, forget: true, original: false, validation: false },
  workload: (config, sizes) => 2 * config.epochsPerSlice * (sizes.retain + sizes.forget) * ((config.slices + 1) / 2),
  guarantee: () => SISA_GUARANTEE,
  schema,
  defaults: (family): SisaConfig => ({
    shards: 5,
    slices: 4,
    epochsPerSlice: family === 'tabular' ? 20 : 5,
    aggregation: 'mean',
  }),
  mechanism,
  run: (context, config) => runMechanism(mechanism, context, config),
});
