import { allocate, promote } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { gemm, view } from '../kernels/gemm.js';
import { col2im, im2col, outputSize, type ConvGeometry } from '../kernels/im2col.js';
import { formatShape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';

/** Stride and zero padding of a convolution (the same along both spatial axes). */
export interface Conv2dOptions {
  stride?: number;
  padding?: number;
}

/**
 * 2-D cross-correlation, as PyTorch's conv2d: x [batch, Cin, H, W], weight [Cout, Cin, kh, kw], bias [Cout].
 * Each image is unfolded (im2col) into a buffer that is reused across the batch and multiplied by the weight
 * matrix with the blocked GEMM; the backward pass recomputes the unfolding instead of storing it.
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor, options: Conv2dOptions = {}): Tensor {
  const stride = options.stride ?? 1;
  const padding = options.padding ?? 0;
  if (x.rank !== 4) {
    throw new ShapeError(
      `conv2d: input must be rank 4 [batch, channels, height, width], got shape ${formatShape(x.shape)}`,
    );
  }
  if (weight.rank !== 4) {
    throw new ShapeError(`conv2d: weight must be rank 4 [out, in, kh, kw], got shape ${formatShape(weight.shape)}`);
  }
  if (!Number.isInteger(stride) || stride < 1 || !Number.isInteger(padding) || padding < 0) {
    throw new ShapeError(
      `conv2d: stride must be a positive integer and padding a non-negative integer, got ${stride} and ${padding}`,
    );
  }
  const [batch, channels, height, width] = x.shape;
  const [outC, inC, kernelH, kernelW] = weight.shape;
  if (inC !== channels) {
    throw new ShapeError(
      `conv2d: input has ${channels} channels but weight ${formatShape(weight.shape)} expects ${inC}`,
    );
  }
  if (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== outC)) {
    throw new ShapeError(`conv2d: bias must have shape [${outC}], got ${formatShape(bias.shape)}`);
  }
  const outH = outputSize(height, kernelH, stride, padding);
  const outW = outputSize(width, kernelW, stride, padding);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      `conv2d: kernel ${kernelH}x${kernelW} does not fit input ${height}x${width} with padding ${padding}`,
    );
  }
  const geometry: ConvGeometry = { channels, height, width, kernelH, kernelW, stride, padding, outH, outW };
  const taps = channels * kernelH * kernelW;
  const plane = outH * outW;
  const dtype = promote(x.dtype, weight.dtype);
  const cols = allocate(dtype, taps * plane);
  const out = allocate(dtype, batch * outC * plane);
  const imageSize = channels * height * width;
  const W = weight.data;
  for (let b = 0; b < batch; b++) {
    im2col(x.data, b * imageSize, geometry, cols);
    gemm(outC, plane, taps, view(W, taps), view(cols, plane), out, b * outC * plane, plane, false);
  }
  if (bias !== undefined) {
    const B = bias.data;
    for (let b = 0; b < batch; b++) {
      for (let c = 0; c < outC; c++) {
        const start = (b * outC + c) * plane;
        const v = B[c];
        for (let p = 0; p < plane; p++) out[start + p] += v;
      }
    }
  }
  const parents = bias === undefined ? [x, weight] : [x, weight, bias];
  return Tensor.fromOp('conv2d', out, [batch, outC, outH, outW], parents, (g) => {
    const dcols = x.requiresGrad ? allocate(dtype, taps * plane) : null;
    const gw = weight.requiresGrad ? gradBuffer(weight) : null;
    for (let b = 0; b < batch; b++) {
      const gOffset = b * outC * plane;
      if (gw !== null) {
        im2col(x.data, b * imageSize, geometry, cols);
        gemm(outC, taps, plane, view(g, plane, false, gOffset), view(cols, plane, true), gw, 0, taps, true);
      }
      if (dcols !== null) {
        gemm(taps, plane, outC, view(W, taps, true), view(g, plane, false, gOffset), dcols, 0, plane, false);
        col2im(dcols, geometry, gradBuffer(x), b * imageSize);
      }
    }
    if (bias?.requiresGrad) {
      const gb = gradBuffer(bias);
      for (let b = 0; b < batch; b++) {
        for (let c = 0; c < outC; c++) {
          const start = (b * outC + c) * plane;
          let s = 0;
          for (let p = 0; p < plane; p++) s += g[start + p];
          gb[c] += s;
        }
      }
    }
  });
}
