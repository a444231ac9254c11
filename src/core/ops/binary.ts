import { allocate, promote, type FloatArray } from '../dtype.js';
import { broadcastIndex, broadcastShapes, shapesEqual, sizeOf, type Shape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';

/** A tensor or a plain number (treated as a constant scalar). */
export type Operand = Tensor | number;

function asTensor(x: Operand, like: Operand): Tensor {
  if (x instanceof Tensor) return x;
  const data = allocate(like instanceof Tensor ? like.dtype : 'float64', 1);
  data[0] = x;
  return new Tensor(data, []);
}

/** Flat input index for each output element, or null when the input already has the output's shape. */
function indexFor(out: Shape, input: Shape): Int32Array | null {
  return shapesEqual(out, input) ? null : broadcastIndex(out, input);
}

type Fn = (x: number, y: number) => number;

/** An elementwise binary op with NumPy broadcasting; `dx`/`dy` give the partial derivatives at (x, y). */
function binary(op: string, a: Operand, b: Operand, f: Fn, dx: Fn, dy: Fn): Tensor {
  const ta = asTensor(a, b);
  const tb = asTensor(b, a);
  const shape = shapesEqual(ta.shape, tb.shape) ? ta.shape : broadcastShapes(ta.shape, tb.shape, op);
  const n = sizeOf(shape);
  const ia = indexFor(shape, ta.shape);
  const ib = indexFor(shape, tb.shape);
  const A = ta.data;
  const B = tb.data;
  const out = allocate(promote(ta.dtype, tb.dtype), n);
  for (let i = 0; i < n; i++) out[i] = f(A[ia === null ? i : ia[i]], B[ib === null ? i : ib[i]]);
  return Tensor.fromOp(op, out, shape, [ta, tb], (g: FloatArray) => {
    if (ta.requiresGrad) {
      const ga = gradBuffer(ta);
      for (let i = 0; i < n; i++) {
        const j = ia === null ? i : ia[i];
        ga[j] += g[i] * dx(A[j], B[ib === null ? i : ib[i]]);
      }
    }
    if (tb.requiresGrad) {
      const gb = gradBuffer(tb);
      for (let i = 0; i < n; i++) {
        const j = ib === null ? i : ib[i];
        gb[j] += g[i] * dy(A[ia === null ? i : ia[i]], B[j]);
      }
    }
  });
}

const one: Fn = () => 1;
const minusOne: Fn = () => -1;

/** a + b (broadcasting). */
export function add(a: Operand, b: Operand): Tensor {
  return binary('add', a, b, (x, y) => x + y, one, one);
}

/** a - b (broadcasting). */
export function sub(a: Operand, b: Operand): Tensor {
  return binary('sub', a, b, (x, y) => x - y, one, minusOne);
}

/** a · b elementwise (broadcasting). */
export function mul(a: Operand, b: Operand): Tensor {
  return binary(
    'mul',
    a,
    b,
    (x, y) => x * y,
    (_x, y) => y,
    (x) => x,
  );
}

/** a / b elementwise (broadcasting). */
export function div(a: Operand, b: Operand): Tensor {
  return binary(
    'div',
    a,
    b,
    (x, y) => x / y,
    (_x, y) => 1 / y,
    (x, y) => -x / (y * y),
  );
}

/** Elementwise maximum; at ties the gradient is split evenly, as in PyTorch. */
export function maximum(a: Operand, b: Operand): Tensor {
  return binary(
    'maximum',
    a,
    b,
    (x, y) => (x >= y ? x : y),
    (x, y) => (x > y ? 1 : x === y ? 0.5 : 0),
    (x, y) => (y > x ? 1 : x === y ? 0.5 : 0),
  );
}

/** Elementwise minimum; at ties the gradient is split evenly, as in PyTorch. */
export function minimum(a: Operand, b: Operand): Tensor {
  return binary(
    'minimum',
    a,
    b,
    (x, y) => (x <= y ? x : y),
    (x, y) => (x < y ? 1 : x === y ? 0.5 : 0),
    (x, y) => (y < x ? 1 : x === y ? 0.5 : 0),
  );
}

/**
 * `cond ? a : b` elementwise, broadcasting all three; `cond` is a constant mask (non-zero = true).
 * Gradients flow to `a` where the mask is set and to `b` elsewhere.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const ta = asTensor(a, b);
  const tb = asTensor(b, a);
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape, 'where'), tb.shape, 'where');
  const n = sizeOf(shape);
  const ic = indexFor(shape, cond.shape);
  const ia = indexFor(shape, ta.shape);
  const ib = indexFor(shape, tb.shape);
  const C = cond.data;
  const out = allocate(promote(ta.dtype, tb.dtype), n);
  for (let i = 0; i < n; i++) {
    out[i] = C[ic === null ? i : ic[i]] !== 0 ? ta.data[ia === null ? i : ia[i]] : tb.data[ib === null ? i : ib[i]];
  }
  return Tensor.fromOp('where', out, shape, [ta, tb], (g) => {
    for (const [t, idx, taken] of [
      [ta, ia, true],
      [tb, ib, false],
    ] as const) {
      if (!t.requiresGrad) continue;
      const gt = gradBuffer(t);
      for (let i = 0; i < n; i++) {
        if ((C[ic === null ? i : ic[i]] !== 0) === taken) gt[idx === null ? i : idx[i]] += g[i];
      }
    }
  });
}
