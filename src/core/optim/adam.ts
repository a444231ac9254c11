import { QunlearnError } from '../errors.js';
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { Optimizer } from './optimizer.js';

/** Adam hyperparameters (PyTorch defaults). */
export interface AdamOptions {
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty added to the gradient (PyTorch's Adam `weight_decay`, not AdamW's decoupled decay). */
  weightDecay?: number;
}

/**
 * Adam with PyTorch's semantics: bias-corrected moments, ε added after the square root of the corrected second
 * moment, and the step counted per parameter (a parameter frozen for a while keeps its own count).
 */
export class Adam extends Optimizer {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Per parameter: β1^t and β2^t after its t-th step. */
  private readonly powers = new Map<Tensor, { beta1t: number; beta2t: number }>();

  constructor(params: readonly Tensor[], options: AdamOptions = {}) {
    super(params);
    this.lr = options.lr ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.lr > 0)) throw new QunlearnError('config', `Adam: learning rate must be positive, got ${this.lr}`);
    if (!(this.beta1 >= 0 && this.beta1 < 1 && this.beta2 >= 0 && this.beta2 < 1)) {
      throw new QunlearnError('config', `Adam: betas must be in [0, 1), got ${this.beta1} and ${this.beta2}`);
    }
  }

  protected update(p: Tensor, grad: FloatArray): void {
    const [m, v] = this.buffers(p, 2);
    const { beta1, beta2, eps, weightDecay } = this;
    // Running products rather than β^t: multiplication rounds the same in every JavaScript engine, Math.pow does not
    // (Chromium's and Node's differ in the last bit), and the playground must reproduce the CLI's numbers exactly.
    const previous = this.powers.get(p) ?? { beta1t: 1, beta2t: 1 };
    const powers = { beta1t: previous.beta1t * beta1, beta2t: previous.beta2t * beta2 };
    this.powers.set(p, powers);
    const stepSize = this.lr / (1 - powers.beta1t);
    const sqrtBc2 = Math.sqrt(1 - powers.beta2t);
    const w = p.data;
    for (let i = 0; i < w.length; i++) {
      const g = weightDecay === 0 ? grad[i] : grad[i] + weightDecay * w[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtBc2 + eps);
    }
  }
}
