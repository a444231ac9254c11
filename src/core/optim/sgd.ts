import { QunlearnError } from '../errors.js';
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { Optimizer } from './optimizer.js';

/** SGD hyperparameters (PyTorch semantics). */
export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/** Stochastic gradient descent with optional (Nesterov) momentum, as PyTorch's SGD. */
export class Sgd extends Optimizer {
  readonly options: Required<SgdOptions>;
  private readonly started = new Set<Tensor>();

  constructor(params: readonly Tensor[], options: SgdOptions) {
    super(params);
    this.options = { momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, ...options };
    if (!(this.options.lr > 0))
      throw new QunlearnError('config', `SGD: learning rate must be positive, got ${options.lr}`);
    if (this.options.nesterov && (this.options.momentum <= 0 || this.options.dampening !== 0)) {
      throw new QunlearnError('config', 'SGD: Nesterov momentum needs momentum > 0 and dampening 0');
    }
  }

  protected update(p: Tensor, grad: FloatArray): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this.options;
    const w = p.data;
    const [buf] = momentum === 0 ? [null] : this.buffers(p, 1);
    const first = !this.started.has(p);
    this.started.add(p);
    for (let i = 0; i < w.length; i++) {
      let g = weightDecay === 0 ? grad[i] : grad[i] + weightDecay * w[i];
      if (buf !== null) {
        buf[i] = first ? g : momentum * buf[i] + (1 - dampening) * g;
        g = nesterov ? g + momentum * buf[i] : buf[i];
      }
      w[i] -= lr * g;
    }
  }
}
