import { QunlearnError } from '../errors.js';
import type { FloatArray } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/**
 * Base of the optimizers: owns a chosen subset of parameters and updates those that currently require grad and
 * have a gradient (frozen parameters are skipped, so freezing mid-training works as in PyTorch).
 */
export abstract class Optimizer {
  readonly params: readonly Tensor[];
  protected readonly state = new Map<Tensor, FloatArray[]>();

  constructor(params: readonly Tensor[]) {
    if (params.length === 0)
      throw new QunlearnError('config', 'optimizer: no parameters to optimise (are they all frozen?)');
    this.params = params;
  }

  /** Clears the gradients of all owned parameters (their buffers are reused by the next backward pass). */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Applies one update to every owned parameter that has a gradient. */
  step(): void {
    for (const p of this.params) {
      if (!p.requiresGrad || p.grad === null) continue;
      this.update(p, p.grad);
    }
  }

  /** Per-parameter state buffers (moments, momentum), allocated on first use. */
  protected buffers(p: Tensor, count: number): FloatArray[] {
    let s = this.state.get(p);
    if (s === undefined) {
      s = Array.from({ length: count }, () => new Float64Array(p.size));
      this.state.set(p, s);
    }
    return s;
  }

  protected abstract update(p: Tensor, grad: FloatArray): void;
}
