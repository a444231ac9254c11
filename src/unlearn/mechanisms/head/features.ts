import { QunlearnError } from '../../../core/errors.js';
import { div, maximum } from '../../../core/ops/binary.js';
import { sum } from '../../../core/ops/reduce.js';
import { sqrt, square } from '../../../core/ops/unary.js';
import type { Rng } from '../../../core/random.js';
import { noGrad, type Tensor } from '../../../core/tensor.js';
import { BlockModel, type Block } from '../../../models/block-model.js';
import { Linear } from '../../../models/layers/linear.js';
import { inEvalMode } from '../../../models/mode.js';
import { Module } from '../../../models/module.js';
import { gatherFeatures, toBatches, type LabeledData } from '../../../train/labeled-data.js';
import type { HeadData } from './softmax-head.js';

/**
 * Where the feature map of a linear head ends: after the width-n core (`core`: the quantum layer's expectation
 * values, or its classical twin's outputs) or just before the model's last linear layer (`penultimate`).
 */
export const FEATURE_LAYERS = ['core', 'penultimate'] as const;
export type FeatureLayer = (typeof FEATURE_LAYERS)[number];

/** How many leading blocks of `model` make up its feature map. */
export function featureBlockCount(model: BlockModel, layer: FeatureLayer): number {
  const { blocks } = model;
  if (layer === 'core') {
    const core = blocks.findIndex((b) => b.name === 'quantum' || b.name === 'twin');
    if (core < 0)
      throw new QunlearnError(
        'config',
        `features=core: the model has no quantum layer or classical twin (blocks: ${blocks.map((b) => b.name).join(', ')}); use features=penultimate`,
      );
    return core + 1;
  }
  const last = blocks.map((b) => b.kind).lastIndexOf('layer');
  if (last <= 0)
    throw new QunlearnError('config', 'features=penultimate: the model has no layer below its last linear layer');
  return last;
}

/** x ↦ x / max(1, ‖x‖) per row: projects features onto the unit ball, which the certified bounds assume. */
export class UnitBall extends Module {
  forward(x: Tensor): Tensor {
    return div(x, maximum(sqrt(sum(square(x), 1, true)), 1));
  }
}

/**
 * A linear softmax head on a feature map: the feature blocks (frozen), the unit-ball projection and a Linear(d, C).
 * The mechanisms' weight matrix W acts on x̃ = [φ̂; 1]/√2 (φ̂ the projected features), so the Linear layer holds
 * W's feature columns / √2 as its weight and its last column / √2 as its bias: ‖x̃‖ ≤ 1 with the bias included.
 */
export class HeadModel {
  readonly model: BlockModel;
  readonly width: number;
  private readonly linear: Linear;

  constructor(featureBlocks: readonly Block[], width: number, classes: number, rng: Rng) {
    for (const b of featureBlocks) for (const p of b.module.parameters()) p.requiresGrad = false;
    this.width = width;
    this.linear = new Linear(width, classes, rng);
    this.model = new BlockModel([
      ...featureBlocks,
      { name: 'unit-ball', kind: 'op', module: new UnitBall() },
      { name: 'head', kind: 'layer', module: this.linear },
    ]);
  }

  /** The feature blocks of `base` (its first `count`), with a head sized by running one row through them. */
  static on(base: BlockModel, count: number, data: LabeledData, classes: number, rng: Rng): HeadModel {
    const blocks = base.blocks.slice(0, count);
    const width = inEvalMode(base, () =>
      noGrad(() => blocks.reduce((h, b) => b.module.forward(h), gatherFeatures(data, [0])).shape[1]),
    );
    return new HeadModel(blocks, width, classes, rng);
  }

  /** Size of W: classes × (width + 1). */
  get d(): number {
    return this.width + 1;
  }

  /** Writes W (C × (width+1), row-major) into the Linear layer. */
  setWeights(W: Float64Array): void {
    const { width } = this;
    const d = width + 1;
    const { weight, bias } = this.linear;
    for (let c = 0; c < this.linear.outFeatures; c++) {
      for (let j = 0; j < width; j++) weight.data[c * width + j] = W[c * d + j] / Math.SQRT2;
      bias.data[c] = W[c * d + width] / Math.SQRT2;
    }
  }

  /** The augmented features x̃ of every dataset row (feature map in evaluation mode, no graph), as head data. */
  headData(data: LabeledData, classes: number): HeadData {
    const d = this.d;
    const n = data.labels.length;
    const x = new Float64Array(n * d);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const features = this.model.blocks.slice(0, -1);
    inEvalMode(this.model, () =>
      noGrad(() => {
        let at = 0;
        for (const batch of toBatches(all, 256)) {
          const phi = features.reduce((h, b) => b.module.forward(h), gatherFeatures(data, batch));
          for (let r = 0; r < batch.length; r++, at++) {
            for (let j = 0; j < this.width; j++) x[at * d + j] = phi.data[r * this.width + j] / Math.SQRT2;
            x[at * d + this.width] = 1 / Math.SQRT2;
          }
        }
      }),
    );
    return { x, d, labels: data.labels, classes };
  }
}
