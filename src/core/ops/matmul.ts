import { allocate, promote } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { gemm, view } from '../kernels/gemm.js';
import { formatShape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';

/** Matrix product of [m, k] and [k, n]. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(
      `matmul: both arguments must be rank 2, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const [m, k] = a.shape;
  const [k2, n] = b.shape;
  if (k !== k2) {
    throw new ShapeError(`matmul: inner dimensions differ: a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}`);
  }
  const out = allocate(promote(a.dtype, b.dtype), m * n);
  gemm(m, n, k, view(a.data, k), view(b.data, n), out, 0, n, false);
  return Tensor.fromOp('matmul', out, [m, n], [a, b], (g) => {
    if (a.requiresGrad) gemm(m, k, n, view(g, n), view(b.data, n, true), gradBuffer(a), 0, k, true);
    if (b.requiresGrad) gemm(k, n, m, view(a.data, k, true), view(g, n), gradBuffer(b), 0, n, true);
  });
}

/**
 * The affine map of a PyTorch Linear layer: x [batch, in] · weightᵀ + bias, with weight stored [out, in]
 * (PyTorch's layout, so checkpoints load in either framework).
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  if (x.rank !== 2)
    throw new ShapeError(`linear: input must be rank 2 [batch, features], got shape ${formatShape(x.shape)}`);
  if (weight.rank !== 2)
    throw new ShapeError(`linear: weight must be rank 2 [out, in], got shape ${formatShape(weight.shape)}`);
  const [batch, inF] = x.shape;
  const [outF, inW] = weight.shape;
  if (inF !== inW) {
    throw new ShapeError(`linear: input has ${inF} features but weight ${formatShape(weight.shape)} expects ${inW}`);
  }
  if (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias must have shape [${outF}], got ${formatShape(bias.shape)}`);
  }
  const out = allocate(promote(x.dtype, weight.dtype), batch * outF);
  gemm(batch, outF, inF, view(x.data, inF), view(weight.data, inF, true), out, 0, outF, false);
  if (bias !== undefined) {
    const B = bias.data;
    for (let r = 0; r < batch; r++) for (let o = 0; o < outF; o++) out[r * outF + o] += B[o];
  }
  const parents = bias === undefined ? [x, weight] : [x, weight, bias];
  return Tensor.fromOp('linear', out, [batch, outF], parents, (g) => {
    if (x.requiresGrad) gemm(batch, inF, outF, view(g, outF), view(weight.data, inF), gradBuffer(x), 0, inF, true);
    if (weight.requiresGrad)
      gemm(outF, inF, batch, view(g, outF, true), view(x.data, inF), gradBuffer(weight), 0, inF, true);
    if (bias?.requiresGrad) {
      const gb = gradBuffer(bias);
      for (let r = 0; r < batch; r++) for (let o = 0; o < outF; o++) gb[o] += g[r * outF + o];
    }
  });
}
