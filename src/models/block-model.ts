import type { DType } from '../core/dtype.js';
import { cast } from '../core/ops/cast.js';
import type { Tensor } from '../core/tensor.js';
import { Module } from './module.js';

/**
 * What a block is for the unlearning methods: `layer` blocks hold trainable weights and are the units that CF-k
 * freezes and EU-k re-initialises; `norm` blocks hold normalisation parameters (never counted as layers, as in
 * the reference); `op` blocks have no parameters (activations, pooling).
 */
export type BlockKind = 'layer' | 'norm' | 'op';

/** A named stage of a model. Parameter names are `${block.name}.${parameter}` (e.g. `head.0.weight`). */
export interface Block {
  name: string;
  kind: BlockKind;
  module: Module;
}

/**
 * A model as an ordered list of named blocks, input to output. The names of the blocks that hold parameters are
 * the model's **parameter groups** (e.g. `frontend`, `angles`, `quantum`, `head.0`, `head.1`), which unlearning
 * methods freeze, re-initialise or mask by name. Inputs are converted to the model's element type first.
 */
export class BlockModel extends Module {
  readonly blocks: readonly Block[];

  constructor(
    blocks: readonly Block[],
    readonly dtype: DType = 'float64',
  ) {
    super();
    const seen = new Set<string>();
    for (const b of blocks) {
      if (seen.has(b.name)) throw new Error(`BlockModel: duplicate block name '${b.name}'`);
      seen.add(b.name);
      this.addChild(b.name, b.module);
    }
    this.blocks = blocks;
  }

  forward(x: Tensor): Tensor {
    let h = cast(x, this.dtype);
    for (const b of this.blocks) h = b.module.forward(h);
    return h;
  }
}
