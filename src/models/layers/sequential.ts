import type { Tensor } from '../../core/tensor.js';
import { Module } from '../module.js';

/** Applies modules in order; children are named '0', '1', … as in PyTorch's nn.Sequential. */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(layers: readonly Module[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.addChild(String(i), m));
  }

  forward(x: Tensor): Tensor {
    let h = x;
    for (const m of this.layers) h = m.forward(h);
    return h;
  }
}
