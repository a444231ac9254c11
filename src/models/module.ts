import type { Tensor } from '../core/tensor.js';

/** A named buffer: state that is saved with the model but not trained (batch-norm running statistics). */
export interface ModuleBuffer {
  data: Float64Array;
  shape: number[];
}

/**
 * Base of all layers: owns parameters, buffers and child modules under stable names (PyTorch-style dotted
 * paths), and a train/eval mode that propagates to children.
 */
export abstract class Module {
  training = true;
  protected readonly ownParams = new Map<string, Tensor>();
  protected readonly ownBuffers = new Map<string, ModuleBuffer>();
  protected readonly childModules = new Map<string, Module>();

  /** Runs the layer on a batch. */
  abstract forward(x: Tensor): Tensor;

  /** Registers a trainable parameter under `name`. */
  protected addParam(name: string, t: Tensor): Tensor {
    t.name = name;
    this.ownParams.set(name, t);
    return t;
  }

  /** Registers a child module under `name`. */
  protected addChild<M extends Module>(name: string, m: M): M {
    this.childModules.set(name, m);
    return m;
  }

  /** Parameters of this module and its children, keyed by dotted path, in registration order. */
  namedParameters(prefix = ''): Array<[string, Tensor]> {
    const out: Array<[string, Tensor]> = [];
    for (const [n, p] of this.ownParams) out.push([prefix + n, p]);
    for (const [n, c] of this.childModules) out.push(...c.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** Buffers of this module and its children, keyed by dotted path. */
  namedBuffers(prefix = ''): Array<[string, ModuleBuffer]> {
    const out: Array<[string, ModuleBuffer]> = [];
    for (const [n, b] of this.ownBuffers) out.push([prefix + n, b]);
    for (const [n, c] of this.childModules) out.push(...c.namedBuffers(`${prefix}${n}.`));
    return out;
  }

  /** All parameters (trainable or frozen). */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Switches this module and its children to training (true) or evaluation (false) mode. */
  train(mode = true): this {
    this.training = mode;
    for (const c of this.childModules.values()) c.train(mode);
    return this;
  }

  /** Switches to evaluation mode (batch norm uses running statistics, dropout is off). */
  eval(): this {
    return this.train(false);
  }

  /** Re-draws the parameters from their initial distribution (used by EU-k); layers without parameters ignore it. */
  reset(): void {
    for (const c of this.childModules.values()) c.reset();
  }
}
