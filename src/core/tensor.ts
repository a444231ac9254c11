import { allocate, dtypeOf, type DType, type FloatArray } from './dtype.js';
import { QunlearnError, ShapeError } from './errors.js';
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js';
import { joinScope, ownedByStep, recycle, reusable, type ScopeMember, type ScratchArray } from './workspace.js';

/** Propagates the gradient of a result into the `grad` buffers of the op's inputs. */
export type BackwardFn = (grad: FloatArray) => void;

let gradEnabled = true;

/** Whether ops currently record the graph for reverse-mode differentiation. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` with graph recording switched off (evaluation, metrics, teacher forward passes). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with graph recording switched on or off, restoring the previous mode afterwards. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Options for creating a leaf tensor. */
export interface TensorOptions {
  requiresGrad?: boolean;
  name?: string;
}

/**
 * An n-dimensional array over a Float32Array or Float64Array, row-major and contiguous, with reverse-mode
 * autodiff. Tensors are immutable by convention: ops allocate their results; only optimizers write into the
 * data of leaf parameters. A tensor made inside a step scope on the scope's buffer is released when the scope ends
 * (see `stepScope`), and reading it afterwards throws.
 */
export class Tensor implements ScopeMember {
  private store: FloatArray;
  private released = false;
  readonly shape: Shape;
  /** Accumulated gradient of the last backward pass (leaves keep it; intermediate nodes free it). */
  grad: FloatArray | null = null;
  // The buffer of a leaf's cleared gradient, zero-filled and reused by its next backward pass.
  private spareGrad: FloatArray | null = null;
  /** Whether gradients flow to this tensor. Set it to false on a parameter to freeze it. */
  requiresGrad: boolean;
  name: string | undefined;
  /** The op that produced this tensor ('leaf' for created tensors). */
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly backwardFn: BackwardFn | null;

  constructor(data: FloatArray, shape: Shape, options: TensorOptions = {}) {
    checkShape(shape, 'tensor');
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(`tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} elements, got ${data.length}`);
    }
    this.store = data;
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = options.requiresGrad ?? false;
    this.name = options.name;
    this.op = 'leaf';
    this.parents = [];
    this.backwardFn = null;
    joinScope(this);
  }

  /** The values, row-major. */
  get data(): FloatArray {
    if (this.released) {
      throw new QunlearnError(
        'autograd',
        `tensor (${this.op}, shape ${formatShape(this.shape)}) used after the step that made it ended; its buffer has been recycled: read what you need inside the step, or clone() it there`,
      );
    }
    return this.store;
  }

  /** Scope hook: releases this tensor when the ending scope handed out its buffer. */
  releaseIfOwned(owned: ReadonlySet<ScratchArray>): boolean {
    if (!owned.has(this.store)) return false;
    this.released = true;
    this.grad = null;
    return true;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** Element type. */
  get dtype(): DType {
    return dtypeOf(this.data);
  }

  /** True for tensors not produced by a recorded op (inputs and parameters). */
  get isLeaf(): boolean {
    return this.backwardFn === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.data[0];
  }

  /** The values as a plain array (flat, row-major). */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** A tensor sharing this one's data but cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A deep copy of the data, cut from the graph. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /**
   * Clears the accumulated gradient (to null, so that a parameter no backward pass reaches has none). The buffer is
   * kept and zero-filled for this tensor's next gradient: do not hold on to `grad` across a zeroGrad.
   */
  zeroGrad(): void {
    // Code may have set `grad` to an array of its own (Q-MUL hands Adam float64 gradients): only a buffer of this
    // tensor's type and size is kept, and an earlier spare stays otherwise.
    const g = this.grad;
    if (g !== null && g.length === this.size && dtypeOf(g) === this.dtype) this.spareGrad = g;
    this.grad = null;
  }

  /**
   * Reverse-mode differentiation from this tensor. A scalar needs no seed; otherwise pass the upstream gradient
   * (same shape). Leaf gradients accumulate across calls, as in PyTorch.
   */
  backward(seed?: FloatArray | number): void {
    if (!this.requiresGrad) {
      throw new QunlearnError(
        'autograd',
        'backward: this tensor does not depend on any tensor with requiresGrad (was it computed under noGrad, or are all parameters frozen?)',
      );
    }
    if (seed === undefined || typeof seed === 'number') {
      if (this.size !== 1) {
        throw new ShapeError(
          `backward: called without a seed gradient on a tensor of shape ${formatShape(this.shape)}; reduce it to a scalar or pass a gradient of the same shape`,
        );
      }
    } else if (seed.length !== this.size) {
      throw new ShapeError(
        `backward: seed gradient has ${seed.length} elements, tensor has shape ${formatShape(this.shape)}`,
      );
    }
    const order = topologicalOrder(this);
    const root = gradBuffer(this);
    if (seed === undefined || typeof seed === 'number') root[0] += seed ?? 1;
    else for (let i = 0; i < root.length; i++) root[i] += seed[i];
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      if (node.backwardFn === null) continue;
      const g = node.grad;
      if (g !== null) node.backwardFn(g);
      node.grad = null;
      // An op's gradient is consumed by its backward function and unreachable afterwards: its buffer is reused.
      if (g !== null) recycle(g);
    }
  }

  /** The zero-filled buffer of this leaf's cleared gradient, or a new one. */
  takeSpareGrad(): FloatArray {
    const spare = this.spareGrad;
    this.spareGrad = null;
    // A leaf made inside a step on the step's buffer (an input whose gradient is wanted) is released with the
    // step, and so can its gradient be.
    if (ownedByStep(this.store)) return allocate(this.dtype, this.size);
    // A new buffer does not come from the step's workspace: a leaf's gradient outlives the step.
    if (spare === null) return this.dtype === 'float32' ? new Float32Array(this.size) : new Float64Array(this.size);
    spare.fill(0);
    return spare;
  }

  /** Builds the result of an op; records `backward` only when grad mode is on and some input requires grad. */
  static fromOp(op: string, data: FloatArray, shape: Shape, parents: readonly Tensor[], backward: BackwardFn): Tensor {
    const record = gradEnabled && parents.some((p) => p.requiresGrad);
    const t = new Tensor(data, shape);
    if (record) {
      const mutable = t as { -readonly [K in keyof Tensor]: Tensor[K] };
      mutable.requiresGrad = true;
      mutable.parents = parents;
      mutable.backwardFn = backward;
      mutable.op = op;
    } else {
      (t as { op: string }).op = op;
    }
    return t;
  }
}

/**
 * The gradient buffer of `t`, allocated (zeros) on first use; backward functions accumulate into it. An
 * intermediate tensor takes a recycled buffer of its size; a leaf, whose gradient outlives the pass, reuses the
 * buffer its last zeroGrad cleared.
 */
export function gradBuffer(t: Tensor): FloatArray {
  if (t.grad !== null) return t.grad;
  t.grad = t.isLeaf
    ? t.takeSpareGrad()
    : t.dtype === 'float32'
      ? reusable(Float32Array, t.size)
      : reusable(Float64Array, t.size);
  return t.grad;
}

/** Nodes that require grad, each after all of its inputs (iterative DFS, so deep graphs cannot overflow the stack). */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: Array<{ node: Tensor; next: number }> = [{ node: root, next: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const parents = top.node.parents;
    if (top.next < parents.length) {
      const p = parents[top.next++];
      if (p.requiresGrad && !visited.has(p)) {
        visited.add(p);
        stack.push({ node: p, next: 0 });
      }
    } else {
      order.push(top.node);
      stack.pop();
    }
  }
  return order;
}

type Nested = number | Nested[];

/** Creates a tensor from a flat array with a shape, or from nested arrays (shape inferred). */
export function tensor(
  values: Nested | FloatArray | number[],
  shape?: Shape,
  options: TensorOptions & { dtype?: DType } = {},
): Tensor {
  const dtype = options.dtype ?? (values instanceof Float32Array ? 'float32' : 'float64');
  let flat: number[] | FloatArray;
  let inferred: number[];
  if (values instanceof Float32Array || values instanceof Float64Array) {
    flat = values;
    inferred = [values.length];
  } else if (typeof values === 'number') {
    flat = [values];
    inferred = [];
  } else {
    inferred = inferShape(values);
    flat = flattenNested(values);
  }
  const finalShape = shape ?? inferred;
  const data = allocate(dtype, flat.length);
  data.set(flat);
  return new Tensor(data, finalShape, options);
}

function flattenNested(values: Nested[]): number[] {
  const out: number[] = [];
  const walk = (v: Nested): void => {
    if (Array.isArray(v)) for (const item of v) walk(item);
    else out.push(v);
  };
  walk(values);
  return out;
}

function inferShape(values: Nested[]): number[] {
  const shape: number[] = [];
  let level: Nested = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0] as Nested;
  }
  return shape;
}

/** A tensor of zeros. */
export function zeros(shape: Shape, dtype: DType = 'float64', options: TensorOptions = {}): Tensor {
  return new Tensor(allocate(dtype, sizeOf(shape)), shape, options);
}

/** A tensor filled with one value. */
export function full(shape: Shape, value: number, dtype: DType = 'float64', options: TensorOptions = {}): Tensor {
  const data = allocate(dtype, sizeOf(shape));
  data.fill(value);
  return new Tensor(data, shape, options);
}

/** A tensor of ones. */
export function ones(shape: Shape, dtype: DType = 'float64', options: TensorOptions = {}): Tensor {
  return full(shape, 1, dtype, options);
}

/** A scalar (rank-0) tensor. */
export function scalar(value: number, dtype: DType = 'float64'): Tensor {
  return full([], value, dtype);
}
