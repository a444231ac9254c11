import { allocate, promote } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { fusedConvBackward, fusedConvForward, fusedSizes, type FusedConvGeometry } from '../kernels/conv-implicit.js';
import { kernelsFor } from '../kernels/gemm-rows.js';
import { formatShape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';
import { conv2d } from './conv.js';
import { maxPool2d } from './pool.js';
import { relu } from './unary.js';
import { float64Copy, scratch } from '../workspace.js';

/** Zero padding and pooling window of {@link conv2dReluPool}. */
export interface ConvReluPoolOptions {
  padding?: number;
  /** Max-pool window and stride (1 = no pooling). */
  pool?: number;
}

/**
 * maxPool2d(relu(conv2d(x, weight, bias, { padding })), pool) as one op (stride-1 convolutions): x [batch, Cin, H, W],
 * weight [Cout, Cin, k, k], bias [Cout]. The convolution runs as an implicit product on the SIMD kernels and ReLU and
 * pooling happen in its output pass, which keeps each window's winner for the backward pass; no unfolded or
 * full-resolution buffer is kept. Values and weight gradients (and in float64 bias gradients) are bitwise identical
 * to the composition of the three ops (which runs instead where WebAssembly SIMD is unavailable); the input gradient
 * (and the float32 bias gradient) agrees to rounding.
 */
export function conv2dReluPool(x: Tensor, weight: Tensor, bias: Tensor, options: ConvReluPoolOptions = {}): Tensor {
  const padding = options.padding ?? 0;
  const pool = options.pool ?? 2;
  if (x.rank !== 4) {
    throw new ShapeError(
      `conv2dReluPool: input must be rank 4 [batch, channels, height, width], got shape ${formatShape(x.shape)}`,
    );
  }
  if (weight.rank !== 4 || weight.shape[2] !== weight.shape[3]) {
    throw new ShapeError(
      `conv2dReluPool: weight must be rank 4 [out, in, k, k] with a square kernel, got shape ${formatShape(weight.shape)}`,
    );
  }
  const [batch, inC, height, width] = x.shape;
  const [outC, wIn, kernel] = weight.shape;
  if (wIn !== inC)
    throw new ShapeError(
      `conv2dReluPool: input has ${inC} channels but weight ${formatShape(weight.shape)} expects ${wIn}`,
    );
  if (bias.rank !== 1 || bias.shape[0] !== outC)
    throw new ShapeError(`conv2dReluPool: bias must have shape [${outC}], got ${formatShape(bias.shape)}`);
  if (!Number.isInteger(padding) || padding < 0 || padding > kernel - 1) {
    throw new ShapeError(
      `conv2dReluPool: padding must be an integer from 0 to kernel - 1 = ${kernel - 1}, got ${padding}`,
    );
  }
  if (!Number.isInteger(pool) || pool < 1 || pool > 15)
    throw new ShapeError(`conv2dReluPool: pool must be an integer from 1 to 15, got ${pool}`);
  const geometry: FusedConvGeometry = { batch, inC, outC, height, width, kernel, padding, pool };
  const { poolH, poolW } = fusedSizes(geometry);
  if (poolH < 1 || poolW < 1) {
    throw new ShapeError(
      `conv2dReluPool: kernel ${kernel} with padding ${padding} and pool ${pool} leaves no output for input ${height}x${width}`,
    );
  }
  const dtype = promote(promote(x.dtype, weight.dtype), bias.dtype);
  const kernels = kernelsFor(dtype);
  if (kernels === null) return maxPool2d(relu(conv2d(x, weight, bias, { padding })), pool);
  // Mixed-dtype inputs run in the wider type.
  const [xd, wd, bd] = [x, weight, bias].map((t) => (t.dtype === dtype ? t.data : float64Copy(t.data)));
  const out = allocate(dtype, batch * outC * poolH * poolW);
  const codes = scratch(Uint8Array, out.length);
  fusedConvForward(kernels, dtype, geometry, xd, wd, bd, out, codes);
  return Tensor.fromOp('conv2dReluPool', out, [batch, outC, poolH, poolW], [x, weight, bias], (g) => {
    // Gradients of a tensor in another dtype (mixed inputs) are computed in the op's dtype and added afterwards.
    const buffers = [x, weight, bias].map((t) =>
      !t.requiresGrad ? null : t.dtype === dtype ? gradBuffer(t) : allocate(dtype, t.size),
    );
    fusedConvBackward(kernelsFor(dtype) ?? kernels, dtype, geometry, xd, wd, g, codes, {
      x: buffers[0],
      w: buffers[1],
      bias: buffers[2],
    });
    [x, weight, bias].forEach((t, i) => {
      const buffer = buffers[i];
      if (buffer === null || t.dtype === dtype) return;
      const target = gradBuffer(t);
      for (let j = 0; j < target.length; j++) target[j] += buffer[j];
    });
  });
}
