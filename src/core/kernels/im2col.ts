import type { FloatArray } from '../dtype.js';

/** Geometry of a 2-D convolution or pooling window over one image. */
export interface ConvGeometry {
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  stride: number;
  padding: number;
  outH: number;
  outW: number;
}

/** Output size of a sliding window along one axis. */
export function outputSize(input: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((input + 2 * padding - kernel) / stride) + 1;
}

/**
 * Unfolds one image (at `xOffset` in `x`, layout [C, H, W]) into `cols` of shape [C·kh·kw, outH·outW]:
 * row (c, ky, kx) holds the input pixel each output position sees through that kernel tap (0 in the padding).
 */
export function im2col(x: FloatArray, xOffset: number, g: ConvGeometry, cols: FloatArray): void {
  const { channels, height, width, kernelH, kernelW, stride, padding, outH, outW } = g;
  const plane = outH * outW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const xc = xOffset + c * height * width;
    for (let ky = 0; ky < kernelH; ky++) {
      for (let kx = 0; kx < kernelW; kx++, row++) {
        const base = row * plane;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * stride - padding + ky;
          const dst = base + oy * outW;
          if (iy < 0 || iy >= height) {
            cols.fill(0, dst, dst + outW);
            continue;
          }
          const src = xc + iy * width;
          for (let ox = 0; ox < outW; ox++) {
            const ix = ox * stride - padding + kx;
            cols[dst + ox] = ix >= 0 && ix < width ? x[src + ix] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of {@link im2col}: adds each column entry back onto the input pixel it came from. */
export function col2im(cols: FloatArray, g: ConvGeometry, dx: FloatArray, dxOffset: number): void {
  const { channels, height, width, kernelH, kernelW, stride, padding, outH, outW } = g;
  const plane = outH * outW;
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const xc = dxOffset + c * height * width;
    for (let ky = 0; ky < kernelH; ky++) {
      for (let kx = 0; kx < kernelW; kx++, row++) {
        const base = row * plane;
        for (let oy = 0; oy < outH; oy++) {
          const iy = oy * stride - padding + ky;
          if (iy < 0 || iy >= height) continue;
          const src = base + oy * outW;
          const dst = xc + iy * width;
          for (let ox = 0; ox < outW; ox++) {
            const ix = ox * stride - padding + kx;
            if (ix >= 0 && ix < width) dx[dst + ix] += cols[src + ox];
          }
        }
      }
    }
  }
}
