import { allocate } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { outputSize } from '../kernels/im2col.js';
import { formatShape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';
import { scratch } from '../workspace.js';

/**
 * 2-D max pooling over [batch, C, H, W] with a square window (stride defaults to the window, no padding, floor
 * mode, as PyTorch's MaxPool2d). The gradient goes to the first maximal element of each window.
 */
export function maxPool2d(x: Tensor, kernel: number, stride = kernel): Tensor {
  if (x.rank !== 4) {
    throw new ShapeError(
      `maxPool2d: input must be rank 4 [batch, channels, height, width], got shape ${formatShape(x.shape)}`,
    );
  }
  if (!Number.isInteger(kernel) || kernel < 1 || !Number.isInteger(stride) || stride < 1) {
    throw new ShapeError(`maxPool2d: kernel and stride must be positive integers, got ${kernel} and ${stride}`);
  }
  const [batch, channels, height, width] = x.shape;
  const outH = outputSize(height, kernel, stride, 0);
  const outW = outputSize(width, kernel, stride, 0);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(`maxPool2d: window ${kernel} does not fit input ${height}x${width}`);
  }
  const X = x.data;
  const out = allocate(x.dtype, batch * channels * outH * outW);
  const winners = scratch(Int32Array, out.length);
  let o = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        let best = base + oy * stride * width + ox * stride;
        let bestValue = X[best];
        for (let ky = 0; ky < kernel; ky++) {
          const row = base + (oy * stride + ky) * width + ox * stride;
          for (let kx = 0; kx < kernel; kx++) {
            const v = X[row + kx];
            if (v > bestValue) {
              bestValue = v;
              best = row + kx;
            }
          }
        }
        out[o] = bestValue;
        winners[o] = best;
      }
    }
  }
  return Tensor.fromOp('maxPool2d', out, [batch, channels, outH, outW], [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < g.length; i++) gx[winners[i]] += g[i];
  });
}
