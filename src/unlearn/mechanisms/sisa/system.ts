import { QunlearnError } from '../../../core/errors.js';
import { Adam } from '../../../core/optim/adam.js';
import type { BlockModel } from '../../../models/block-model.js';
import { captureState, restoreState, type ModelState } from '../../../models/state.js';
import { crossEntropyPass } from '../../../train/classifier.js';
import type { Guarantee } from '../../guarantee.js';
import type { DeletionReport, MechanismEnv, SavedMechanism, TrainedMechanism } from '../../mechanism.js';
import { batchSizeFor } from '../batch-size.js';
import { cumulativeSlices, placeRow } from './assignment.js';
import { ensembleModel, ShardEnsemble, type Aggregation } from './ensemble.js';

/** SISA's settings: S shards, R slices per shard, epochs per slice stage, and how shard models are combined. */
export type SisaConfig = {
  shards: number;
  slices: number;
  epochsPerSlice: number;
  aggregation: Aggregation;
};

/** SISA's guarantee: exact, resting on the hash placement and on training that depends only on each shard's rows. */
export const SISA_GUARANTEE: Guarantee = {
  kind: 'exact',
  assumptions: [
    'with the same seeds, the system after deletion equals, bit for bit, one trained from scratch without the deleted rows',
    'rows are placed in shards and slices by a stable hash of their id, so a deletion moves no other row',
    'each shard model trains only on its own rows, slice by slice, from checkpoints that depend only on earlier slices',
  ],
};

const stream = (shard: number, stage: number): string => `sisa/shard-${shard}/slice-${stage}`;

/**
 * Trains stage k of one shard: a model built from the stage's own stream (dropout masks and shot noise restart
 * with each stage, so resuming from a checkpoint repeats them exactly), loaded with the previous stage's state,
 * trained with a fresh Adam for `epochsPerSlice` shuffled passes over the stage's cumulative rows. A stage with fewer
 * than two rows keeps the previous state (batch normalisation cannot train on one row).
 */
function trainStage(
  env: MechanismEnv,
  config: SisaConfig,
  shard: number,
  stage: number,
  start: ModelState,
  rows: Int32Array,
): ModelState {
  const model = env.freshModel(stream(shard, stage));
  restoreState(model, start);
  if (rows.length > 1) {
    const optimizer = new Adam(
      model.parameters().filter((p) => p.requiresGrad),
      { lr: env.lr },
    );
    const shuffles = env.rng.stream(`${stream(shard, stage)}/shuffle`);
    for (let epoch = 1; epoch <= config.epochsPerSlice; epoch++) {
      crossEntropyPass(model, optimizer, env.data, rows, batchSizeFor(rows.length, env.batchSize), shuffles, epoch);
    }
  }
  return captureState(model);
}

/**
 * A SISA system (Bourtoule et al., IEEE S&P 2021): S shard models, each trained slice by slice on its rows with a
 * checkpoint after every slice. `checkpoints[s][k]` is shard s's state before slice k (k = 0 is its initialisation);
 * `checkpoints[s][R]` is its final state, which the answering ensemble holds.
 */
export class SisaSystem implements TrainedMechanism {
  readonly model: BlockModel;
  readonly publicRows = new Int32Array(0);
  private readonly ensemble: ShardEnsemble;
  private readonly shardModels: BlockModel[];

  private constructor(
    private readonly env: MechanismEnv,
    private readonly config: SisaConfig,
    private readonly salt: number,
    private current: Int32Array,
    private readonly checkpoints: ModelState[][],
  ) {
    this.shardModels = checkpoints.map((_, s) => {
      const m = env.freshModel(`sisa/shard-${s}/answer`);
      restoreState(m, checkpoints[s][config.slices]);
      return m;
    });
    this.ensemble = new ShardEnsemble(this.shardModels, this.activeShards(), config.aggregation);
    this.model = ensembleModel(this.ensemble);
  }

  /** Trains every shard from its initialisation on `rows` (the salt of the placement comes from the env's stream). */
  static train(env: MechanismEnv, rows: Int32Array, config: SisaConfig): SisaSystem {
    const salt = env.rng.stream('sisa/placement').nextUint32();
    const stages = cumulativeSlices(rows, config.shards, config.slices, salt);
    if (stages.every((s) => s[config.slices - 1].length === 0))
      throw new QunlearnError('data', 'sisa: no training rows');
    const checkpoints = stages.map((cumulative, s) => {
      const states = [captureState(env.freshModel(`sisa/shard-${s}/init`))];
      for (let k = 0; k < config.slices; k++) states.push(trainStage(env, config, s, k, states[k], cumulative[k]));
      return states;
    });
    return new SisaSystem(env, config, salt, Int32Array.from(rows).sort(), checkpoints);
  }

  /** Restores a saved system: the final states from the model, the earlier checkpoints from the mechanism's tensors. */
  static load(env: MechanismEnv, saved: SavedMechanism, config: SisaConfig): SisaSystem {
    const state = saved.state as { salt: number; rows: number[] };
    const checkpoints = Array.from({ length: config.shards }, (_, s) => {
      const states: ModelState[] = [];
      for (let k = 0; k < config.slices; k++) states.push(subState(saved.tensors, `shard-${s}/stage-${k}/`));
      states.push(subState(saved.model, `sisa.shard-${s}.`));
      return states;
    });
    return new SisaSystem(env, config, state.salt, Int32Array.from(state.rows), checkpoints);
  }

  rows(): Int32Array {
    return this.current;
  }

  guarantee(): Guarantee {
    return SISA_GUARANTEE;
  }

  budget(): Record<string, number> {
    return {
      shards: this.config.shards,
      slices: this.config.slices,
      active_shards: this.activeShards().filter(Boolean).length,
    };
  }

  /**
   * Deletes rows: each shard that held one restarts from its checkpoint before the first slice that held a deleted
   * row and retrains that slice and every later one on its remaining rows; other shards are untouched.
   */
  forget(rows: Int32Array): DeletionReport {
    const { shards, slices, epochsPerSlice } = this.config;
    const drop = new Set(rows);
    const firstSlice = new Map<number, number>();
    for (const id of rows) {
      const { shard, slice } = placeRow(id, shards, slices, this.salt);
      firstSlice.set(shard, Math.min(firstSlice.get(shard) ?? slices, slice));
    }
    this.current = this.current.filter((r) => !drop.has(r));
    const stages = cumulativeSlices(this.current, shards, slices, this.salt);
    let redone = 0;
    for (const [shard, from] of firstSlice) {
      for (let k = from; k < slices; k++) {
        this.checkpoints[shard][k + 1] = trainStage(
          this.env,
          this.config,
          shard,
          k,
          this.checkpoints[shard][k],
          stages[shard][k],
        );
        redone += epochsPerSlice * stages[shard][k].length;
      }
      restoreState(this.shardModels[shard], this.checkpoints[shard][slices]);
    }
    this.ensemble.setActive(this.activeShards());
    const total = stages.reduce((sum, s) => sum + s.reduce((t, rowsK) => t + epochsPerSlice * rowsK.length, 0), 0);
    return {
      rows: rows.length,
      retrained: false,
      workRedone: total === 0 ? 0 : redone / total,
      budget: this.budget(),
      details: {
        shardsRetrained: [...firstSlice.keys()].sort((a, b) => a - b),
        fromSlice: Object.fromEntries(firstSlice),
        workUnitsRedone: redone,
        workUnitsTotal: total,
      },
    };
  }

  copyModel(): BlockModel {
    const models = this.checkpoints.map((states, s) => {
      const m = this.env.freshModel(`sisa/shard-${s}/answer`);
      restoreState(m, states[this.config.slices]);
      return m;
    });
    return ensembleModel(new ShardEnsemble(models, this.activeShards(), this.config.aggregation));
  }

  save(): SavedMechanism {
    const tensors: ModelState = { tensors: new Map() };
    this.checkpoints.forEach((states, s) => {
      for (let k = 0; k < this.config.slices; k++) {
        for (const [name, t] of states[k].tensors) tensors.tensors.set(`shard-${s}/stage-${k}/${name}`, t);
      }
    });
    return { model: captureState(this.model), tensors, state: { salt: this.salt, rows: Array.from(this.current) } };
  }

  /** Shards with at least two rows; a model that never trained (no stage had two rows) takes no part. */
  private activeShards(): boolean[] {
    const counts = new Array<number>(this.config.shards).fill(0);
    for (const id of this.current) counts[placeRow(id, this.config.shards, this.config.slices, this.salt).shard]++;
    return counts.map((c) => c > 1);
  }
}

/** The tensors of `state` whose names start with `prefix`, with the prefix removed. */
function subState(state: ModelState, prefix: string): ModelState {
  const out: ModelState = { tensors: new Map() };
  for (const [name, t] of state.tensors) if (name.startsWith(prefix)) out.tensors.set(name.slice(prefix.length), t);
  if (out.tensors.size === 0)
    throw new QunlearnError(
      'checkpoint',
      `saved SISA state has no tensors under '${prefix}'; was it saved with other shard or slice counts?`,
    );
  return out;
}
