import type { Rng } from '../core/random.js';
import type { BlockModel } from '../models/block-model.js';
import type { ModelState } from '../models/state.js';
import type { LabeledData } from '../train/labeled-data.js';
import type { DataFamily, UnlearnContext } from './context.js';
import type { Guarantee } from './guarantee.js';

/**
 * What a mechanism trains with: the data, a factory of freshly initialised models of the run's architecture (each
 * from its own named stream), the base learning rate and batch size, and the mechanism's own random stream. The same
 * env (the same seed) trains the same mechanism, which is what "retraining of the same mechanism" means.
 */
export interface MechanismEnv {
  data: LabeledData;
  classes: number;
  freshModel: (stream: string) => BlockModel;
  lr: number;
  batchSize: number;
  family: DataFamily;
  rng: Rng;
}

/** Where a mechanism stands after training or a deletion: numbers for reports and the ledger. */
export type MechanismBudget = Record<string, number | boolean>;

/** What one deletion request did. */
export interface DeletionReport {
  /** Rows deleted. */
  rows: number;
  /** True when the mechanism retrained from scratch because its certified budget ran out. */
  retrained: boolean;
  /** Training work the deletion did, as a fraction of training the whole mechanism from scratch (null if not counted). */
  workRedone: number | null;
  /** The budget after the deletion. */
  budget: MechanismBudget;
  /** Mechanism-specific facts (shards retrained, Newton step norm, unlearning steps K, ...). */
  details: Record<string, unknown>;
}

/** A mechanism's state as tensors and JSON: what is saved beside its model's checkpoint. */
export interface SavedMechanism {
  /** The answering model's parameters (saved as the model's checkpoint). */
  model: ModelState;
  /** Further tensors the mechanism needs (slice checkpoints, the noise vector, Hessian statistics, ...). */
  tensors: ModelState;
  /** JSON-serialisable state (rows, budget spent, history, ...). */
  state: Record<string, unknown>;
}

/** A trained mechanism: the model it answers with, the rows it holds, and how it deletes rows. */
export interface TrainedMechanism {
  /** The model that answers queries (an ensemble of shard models, a head on frozen features, ...). */
  readonly model: BlockModel;
  /** The rows the mechanism is currently trained on (sorted dataset row ids). */
  rows(): Int32Array;
  /** Rows a deletion request may never name (a declared public split), sorted. */
  readonly publicRows: Int32Array;
  /** The guarantee in force now. */
  guarantee(): Guarantee;
  /** The budget spent and left. */
  budget(): MechanismBudget;
  /** Deletes rows (a subset of `rows()` disjoint from `publicRows`; callers validate), in place. */
  forget(rows: Int32Array): DeletionReport;
  /** An independent copy of the answering model (for measurements that train on it). */
  copyModel(): BlockModel;
  save(): SavedMechanism;
}

/** How a guaranteed method trains its mechanism and restores a saved one. */
export interface Mechanism<C> {
  /**
   * Trains the mechanism from scratch on `rows` with the env's seeds: the same call without the forget set is the
   * "retraining of the same mechanism" a guarantee compares with. `publicFrom` is where a public split (if the
   * config declares one) is drawn from; default `rows`.
   */
  train(env: MechanismEnv, rows: Int32Array, config: C, options?: { publicFrom?: Int32Array }): TrainedMechanism;
  /** Restores a saved mechanism (the env must be the one it was trained with). */
  load(env: MechanismEnv, saved: SavedMechanism, config: C): TrainedMechanism;
}

/** The env of a method run: the context's data, fresh models and base training, and the method's stream. */
export function mechanismEnv(context: UnlearnContext): MechanismEnv {
  return {
    data: context.data,
    classes: context.classes,
    freshModel: context.freshModel,
    lr: context.base.lr,
    batchSize: context.base.batchSize,
    family: context.family,
    rng: context.rng.stream('mechanism'),
  };
}
