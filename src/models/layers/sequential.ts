import type { Tensor } from '../../core/tensor.js';
import { Module } from '../module.js';
import { Conv2d } from './conv2d.js';
import { MaxPool2d, ReLU } from './parameter-free.js';

/**
 * Applies modules in order; children are named '0', '1', … as in PyTorch's nn.Sequential. A run of Conv2d, ReLU
 * and MaxPool2d executes as one fused op (same values and gradients, no full-resolution intermediate), so models
 * keep PyTorch's layout and parameter names while the CNN front-end runs at kernel speed.
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(layers: readonly Module[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.addChild(String(i), m));
  }

  forward(x: Tensor): Tensor {
    let h = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i];
      const pool = layers[i + 2];
      if (
        m instanceof Conv2d &&
        layers[i + 1] instanceof ReLU &&
        pool instanceof MaxPool2d &&
        m.fusesWith(pool.kernel)
      ) {
        h = m.forwardReluPool(h, pool.kernel);
        i += 2;
      } else {
        h = m.forward(h);
      }
    }
    return h;
  }
}
