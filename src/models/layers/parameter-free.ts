import { mul } from '../../core/ops/binary.js';
import { maxPool2d } from '../../core/ops/pool.js';
import { flatten } from '../../core/ops/shape.js';
import { elu, relu, tanh } from '../../core/ops/unary.js';
import { dropout } from '../../core/ops/dropout.js';
import type { Rng } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { Module } from '../module.js';

/** max(x, 0). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** Exponential linear unit (α = 1). */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
}

/** tanh(x)·scale: with scale π it maps features to rotation angles in (−π, π), as the reference's `to_angles`. */
export class Tanh extends Module {
  constructor(readonly scale = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    const t = tanh(x);
    return this.scale === 1 ? t : mul(t, this.scale);
  }
}

/** Inverted dropout whose masks come from the module's own random stream. */
export class Dropout extends Module {
  constructor(
    readonly p: number,
    private readonly rng: Rng,
  ) {
    super();
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.rng);
  }
}

/** 2-D max pooling with a square window (stride = window). */
export class MaxPool2d extends Module {
  constructor(readonly kernel: number) {
    super();
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernel);
  }
}

/** Flattens every axis after the batch axis. */
export class Flatten extends Module {
  forward(x: Tensor): Tensor {
    return flatten(x, 1);
  }
}
