import { allocate } from '../dtype.js';
import { QunlearnError } from '../errors.js';
import { gradBuffer, Tensor } from '../tensor.js';
import * as fdlibm from '../math.js';

/** An elementwise op; `df(x, y)` is the derivative at input x with output y. */
function unary(op: string, x: Tensor, f: (x: number) => number, df: (x: number, y: number) => number): Tensor {
  const X = x.data;
  const n = X.length;
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = f(X[i]);
  return Tensor.fromOp(op, out, x.shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < n; i++) gx[i] += g[i] * df(X[i], out[i]);
  });
}

/** -x. */
export function neg(x: Tensor): Tensor {
  return unary(
    'neg',
    x,
    (v) => -v,
    () => -1,
  );
}

/** e^x. */
export function exp(x: Tensor): Tensor {
  return unary('exp', x, fdlibm.exp, (_v, y) => y);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return unary('log', x, fdlibm.log, (v) => 1 / v);
}

/** x². */
export function square(x: Tensor): Tensor {
  return unary(
    'square',
    x,
    (v) => v * v,
    (v) => 2 * v,
  );
}

/** √x. */
export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', x, Math.sqrt, (_v, y) => 0.5 / y);
}

/** |x| (derivative 0 at 0, as in PyTorch). */
export function abs(x: Tensor): Tensor {
  return unary('abs', x, Math.abs, (v) => Math.sign(v));
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  return unary('tanh', x, fdlibm.tanh, (_v, y) => 1 - y * y);
}

/** Logistic sigmoid. */
export function sigmoid(x: Tensor): Tensor {
  return unary(
    'sigmoid',
    x,
    (v) => 1 / (1 + fdlibm.exp(-v)),
    (_v, y) => y * (1 - y),
  );
}

/** Rectified linear unit (derivative 0 at 0, as in PyTorch); the hot path of CNN front-ends, so loops are inline. */
export function relu(x: Tensor): Tensor {
  const X = x.data;
  const n = X.length;
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = X[i] > 0 ? X[i] : 0;
  return Tensor.fromOp('relu', out, x.shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < n; i++) if (X[i] > 0) gx[i] += g[i];
  });
}

/** Exponential linear unit: x for x > 0, α(eˣ - 1) otherwise (PyTorch's default α = 1). */
export function elu(x: Tensor, alpha = 1): Tensor {
  return unary(
    'elu',
    x,
    (v) => (v > 0 ? v : alpha * (fdlibm.exp(v) - 1)),
    (v, y) => (v > 0 ? 1 : y + alpha),
  );
}

/** Clamps into [min, max]; the gradient is zero where the value was clipped. */
export function clamp(x: Tensor, min: number, max: number): Tensor {
  if (!(min <= max)) throw new QunlearnError('value', `clamp: min (${min}) must not exceed max (${max})`);
  return unary(
    'clamp',
    x,
    (v) => (v < min ? min : v > max ? max : v),
    (v) => (v < min || v > max ? 0 : 1),
  );
}
