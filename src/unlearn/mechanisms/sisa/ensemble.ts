import { QunlearnError } from '../../../core/errors.js';
import { add, mul } from '../../../core/ops/binary.js';
import { clamp, log } from '../../../core/ops/unary.js';
import { rowArgmax } from '../../../core/argmax.js';
import { softmax } from '../../../core/ops/softmax.js';
import { Tensor } from '../../../core/tensor.js';
import { BlockModel } from '../../../models/block-model.js';
import { Module } from '../../../models/module.js';

/** How SISA combines its shard models: the mean of their probabilities, or a majority vote. */
export const AGGREGATIONS = ['mean', 'vote'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Probabilities are floored before the logarithm so that a class no shard predicts keeps a finite log-probability. */
const FLOOR = 1e-300;

/**
 * The shard models as one model whose output is the log of the aggregated class probabilities, so that a softmax of
 * it gives them back. `mean`: the average of the shard models' softmax outputs. `vote`: each shard's vote for its
 * most probable class, with half the mean probability added to break ties (it can never overturn a vote, since vote
 * counts differ by whole numbers), normalised by (shards + 1/2); the tie-breaker also keeps it differentiable.
 * Shards without rows are inactive and take no part.
 */
export class ShardEnsemble extends Module {
  private active: boolean[];

  constructor(
    readonly shards: readonly BlockModel[],
    active: readonly boolean[],
    readonly aggregation: Aggregation,
  ) {
    super();
    shards.forEach((m, s) => this.addChild(`shard-${s}`, m));
    this.active = [...active];
  }

  /** Marks which shards take part (a shard whose rows were all deleted drops out). */
  setActive(active: readonly boolean[]): void {
    this.active = [...active];
  }

  forward(x: Tensor): Tensor {
    const voters = this.shards.filter((_, s) => this.active[s]);
    if (voters.length === 0)
      throw new QunlearnError(
        'data',
        'sisa: no shard holds two or more rows, so no shard model is trained; keep more rows or use fewer shards',
      );
    const probs = voters.map((m) => softmax(m.forward(x)));
    let total = probs[0];
    for (let i = 1; i < probs.length; i++) total = add(total, probs[i]);
    if (this.aggregation === 'mean') return log(clamp(mul(total, 1 / voters.length), FLOOR, 1));
    const [rows, classes] = probs[0].shape;
    const votes = new Float64Array(rows * classes);
    for (const p of probs) rowArgmax(p.data, classes).forEach((c, r) => (votes[r * classes + c] += 1));
    const mixed = add(new Tensor(votes, [rows, classes]), mul(total, 0.5 / voters.length));
    return log(clamp(mul(mixed, 1 / (voters.length + 0.5)), FLOOR, 1));
  }
}

/** The ensemble as a one-block model (block `sisa`), the shape the evaluation code takes. */
export function ensembleModel(ensemble: ShardEnsemble): BlockModel {
  return new BlockModel([{ name: 'sisa', kind: 'layer', module: ensemble }]);
}
