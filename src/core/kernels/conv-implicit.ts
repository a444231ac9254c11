import type { FloatArray } from '../dtype.js';
import { ArenaLayout, reserveArena, type ArenaViews } from './arena.js';
import { gemmRows, tileWidth, type KernelDType } from './gemm-rows.js';
import type { PrecisionKernels } from './wasm-kernels.js';

/**
 * Convolution (stride 1, square kernel, zero padding) → bias → ReLU → max-pool as implicit matrix products on the
 * SIMD kernels, one image at a time, with nothing unfolded.
 *
 * The image is copied into a zero-bordered buffer with padding rows above and below and rows Wp = W + padding
 * elements apart, each row's pixels after `padding` zeros: the zeros right of a row are the left border of the next
 * (or, after a plane's last row, its next plane's top border), so one border column serves both sides. Output pixel
 * (y, x) is computed at q = y·Wp + x of a grid as wide as a padded row, and input tap (c, ky, kx) of it sits at
 * q + ky·Wp + kx of channel c: so row (c, ky, kx) of the "im2col" matrix is a contiguous slice of the padded image,
 * and the product W[cout, taps] · rows[taps, q] reads it through a table of row addresses. The grid's Wp - Wout
 * extra columns per row (kernel - 1 - padding: one for a 3×3 kernel with padding 1, where a border on both sides
 * would make two) are computed and ignored. The products sum the taps in the same order as im2col + GEMM, so
 * outputs and weight gradients (and in float64 the bias gradient) are bitwise identical to conv2d → relu →
 * maxPool2d; the input gradient, a product of the flipped weights with the padded output gradient, sums in another
 * order, and the float32 bias gradient in single precision where conv2d sums in double (both agree to rounding).
 *
 * All buffers live in the kernels' arena, laid out afresh by each call, so repeated calls allocate nothing.
 */

/** The sizes of a fused convolution call: NCHW input, square kernel, zero padding, max-pool window (1 = none). */
export interface FusedConvGeometry {
  batch: number;
  inC: number;
  outC: number;
  height: number;
  width: number;
  kernel: number;
  padding: number;
  pool: number;
}

/**
 * Derived sizes: conv output, pooled output, padded input (rows of W + padding: the zeros right of a row are the
 * next row's left border), taps.
 */
export function fusedSizes(g: FusedConvGeometry): {
  outH: number;
  outW: number;
  poolH: number;
  poolW: number;
  padH: number;
  padW: number;
  taps: number;
} {
  const outH = g.height + 2 * g.padding - g.kernel + 1;
  const outW = g.width + 2 * g.padding - g.kernel + 1;
  return {
    outH,
    outW,
    poolH: Math.floor(outH / g.pool),
    poolW: Math.floor(outW / g.pool),
    padH: g.height + 2 * g.padding,
    padW: g.width + g.padding,
    taps: g.inC * g.kernel * g.kernel,
  };
}

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/**
 * Byte address table of the shifted slices of a padded [channels, padH, padW] buffer at `at`: entry (c, ky, kx) is
 * at + ((c·padH + ky)·padW + kx)·size. Entries beyond `rows` (padding to a multiple of 4) repeat the first slice.
 */
function sliceTable(
  i32: Int32Array,
  tab: number,
  at: number,
  channels: number,
  kernel: number,
  padH: number,
  padW: number,
  size: number,
  rows: number,
): void {
  let e = tab >> 2;
  for (let c = 0; c < channels; c++) {
    for (let ky = 0; ky < kernel; ky++)
      for (let kx = 0; kx < kernel; kx++) i32[e++] = at + ((c * padH + ky) * padW + kx) * size;
  }
  for (let r = channels * kernel * kernel; r < rows; r++) i32[e++] = at;
}

/** Table of `rows` row addresses `length` elements apart from `at`. */
function rowTable(i32: Int32Array, tab: number, at: number, rows: number, length: number, size: number): void {
  for (let r = 0; r < rows; r++) i32[(tab >> 2) + r] = at + r * length * size;
}

/** The element index of byte address `at`. */
function el(at: number, size: number): number {
  return size === 8 ? at >> 3 : at >> 2;
}

/** The precision's element array over the arena. */
function elements(views: ArenaViews, dtype: KernelDType): FloatArray {
  return dtype === 'float64' ? views.f64 : views.f32;
}

/**
 * Forward pass: writes the pooled ReLU output [batch, outC, poolH, poolW] to `out` and the pool's winner codes to
 * `codes`. x, w, bias and out are all of the kernels' precision.
 */
export function fusedConvForward(
  kernels: PrecisionKernels,
  dtype: KernelDType,
  g: FusedConvGeometry,
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray,
  out: FloatArray,
  codes: Uint8Array,
): void {
  const { batch, inC, outC, kernel, padding, pool } = g;
  const { outH, poolH, poolW, padH, padW, taps } = fusedSizes(g);
  const size = dtype === 'float64' ? 8 : 4;
  const tw = tileWidth(dtype);
  const m4 = roundUp(outC, 4);
  const nq = roundUp(outH * padW, tw);
  const padded = inC * padH * padW + kernel + tw;
  const image = inC * g.height * g.width;
  const pooled = outC * poolH * poolW;
  const layout = new ArenaLayout();
  const inAt = layout.take(batch * image, size);
  const outAt = layout.take(batch * pooled, size);
  const wAt = layout.take(m4 * taps, size);
  const biasAt = layout.take(outC, size);
  const xAt = layout.take(padded, size);
  const cAt = layout.take(m4 * nq, size);
  const codesAt = layout.take(batch * pooled, 1);
  const aTab = layout.take(m4, 4);
  const bTab = layout.take(taps, 4);
  const views = reserveArena(layout.bytes);
  const mem = elements(views, dtype);
  mem.set(x.subarray(0, batch * image), el(inAt, size));
  mem.fill(0, el(wAt, size), el(wAt, size) + m4 * taps);
  mem.set(w.subarray(0, outC * taps), el(wAt, size));
  mem.set(bias.subarray(0, outC), el(biasAt, size));
  mem.fill(0, el(xAt, size), el(xAt, size) + padded);
  rowTable(views.i32, aTab, wAt, m4, taps, size);
  sliceTable(views.i32, bTab, xAt, inC, kernel, padH, padW, size, taps);
  const interior = xAt + (padding * padW + padding) * size;
  for (let b = 0; b < batch; b++) {
    kernels.pad(inAt + b * image * size, interior, inC, g.height, g.width, padW * size, padH * padW * size);
    gemmRows(kernels, {
      m4,
      n: nq,
      k: taps,
      atab: aTab,
      aoff: 0,
      sak: size,
      btab: bTab,
      boff: 0,
      c: cAt,
      ldc: nq * size,
      accumulate: false,
    });
    const at = [cAt, nq * size, outC, poolH, poolW] as const;
    const tail = [padW * size, biasAt, outAt + b * pooled * size, codesAt + b * pooled] as const;
    // 2x2 windows run on SIMD lanes (16 bytes: 2 doubles or 4 floats per vector) when a row has a vector's worth.
    const lanes = 16 / size;
    if (pool === 2 && poolW >= lanes) kernels.pool2(...at, Math.ceil(poolW / lanes), ...tail);
    else kernels.pool(...at, pool, ...tail, 0);
  }
  out.set(mem.subarray(el(outAt, size), el(outAt, size) + batch * pooled));
  codes.set(views.u8.subarray(codesAt, codesAt + batch * pooled));
}

/** Gradients wanted from {@link fusedConvBackward}: buffers (of the kernels' precision) to add into, or null. */
export interface FusedConvGrads {
  x: FloatArray | null;
  w: FloatArray | null;
  bias: FloatArray | null;
}

/**
 * Backward pass from the pooled output's gradient `gOut`: scatters it to the winners (the convolution's output
 * gradient, kept transposed as Gᵀ[q, outC]), accumulates the weight gradient as Σ_images slices · Gᵀ and the bias
 * gradient as the sums of Gᵀ over q (a row of ones in the same product), and the input gradient as a convolution
 * of the padded output gradient (padding kernel - 1 - padding) with the flipped, transposed weights.
 */
export function fusedConvBackward(
  kernels: PrecisionKernels,
  dtype: KernelDType,
  g: FusedConvGeometry,
  x: FloatArray,
  w: FloatArray,
  gOut: FloatArray,
  codes: Uint8Array,
  grads: FusedConvGrads,
): void {
  const { batch, inC, outC, kernel, padding, pool, height, width } = g;
  const { outH, outW, poolH, poolW, padH, padW, taps } = fusedSizes(g);
  const size = dtype === 'float64' ? 8 : 4;
  const tw = tileWidth(dtype);
  const image = inC * height * width;
  const pooled = outC * poolH * poolW;
  // Weight gradient: C[taps4, outCt] (+)= slices[taps4, q] · Gᵀ[q, outCt] over q < outH·padW. With a bias gradient,
  // row `taps` reads a slice of ones: it sums Gᵀ over q, in plane order, into the bias gradient.
  const ones = grads.w !== null && grads.bias !== null;
  const taps4 = roundUp(taps + (ones ? 1 : 0), 4);
  const outCt = roundUp(outC, tw);
  const nk = outH * padW;
  const padded = inC * padH * padW + kernel + tw;
  // Input gradient: grid[inC4, nqx] = W'[inC4, outC·k²] · slices of the padded output gradient (width gW).
  const pg = kernel - 1 - padding;
  const gH = outH + 2 * pg;
  const gW = outW + pg;
  const inC4 = roundUp(inC, 4);
  const nqx = roundUp(height * gW, tw);
  const flipped = outC * kernel * kernel;
  const gPadded = outC * gH * gW + kernel + tw;
  const layout = new ArenaLayout();
  const gAt = layout.take(batch * pooled, size);
  const codesAt = layout.take(batch * pooled, 1);
  const onesAt = ones ? layout.take(nk, size) : 0;
  const inAt = grads.w !== null ? layout.take(batch * image, size) : 0;
  const xAt = layout.take(padded, size);
  const gtAt = layout.take(nk * outCt, size);
  const cwAt = layout.take(taps4 * outCt, size);
  const sTab = layout.take(taps4, 4);
  const gtTab = layout.take(nk, 4);
  const gxAt = grads.x !== null ? layout.take(batch * image, size) : 0;
  const wfAt = layout.take(inC4 * flipped, size);
  const gpAt = layout.take(gPadded, size);
  const dxAt = layout.take(inC4 * nqx, size);
  const wfTab = layout.take(inC4, 4);
  const gpTab = layout.take(flipped, 4);
  const views = reserveArena(layout.bytes);
  const mem = elements(views, dtype);
  const { i32 } = views;
  mem.set(gOut.subarray(0, batch * pooled), el(gAt, size));
  views.u8.set(codes.subarray(0, batch * pooled), codesAt);
  if (grads.w !== null) {
    mem.set(x.subarray(0, batch * image), el(inAt, size));
    mem.fill(0, el(xAt, size), el(xAt, size) + padded);
    sliceTable(i32, sTab, xAt, inC, kernel, padH, padW, size, taps4);
    rowTable(i32, gtTab, gtAt, nk, outCt, size);
    // Start from the current gradients (transposed) so that images accumulate into them in order, as GEMM does.
    mem.fill(0, el(cwAt, size), el(cwAt, size) + taps4 * outCt);
    for (let co = 0; co < outC; co++)
      for (let t = 0; t < taps; t++) mem[el(cwAt, size) + t * outCt + co] = grads.w[co * taps + t];
    if (ones) {
      mem.fill(1, el(onesAt, size), el(onesAt, size) + nk);
      i32[(sTab >> 2) + taps] = onesAt;
      for (let co = 0; co < outC; co++) mem[el(cwAt, size) + taps * outCt + co] = grads.bias![co];
    }
  }
  if (grads.x !== null) {
    mem.set(grads.x.subarray(0, batch * image), el(gxAt, size));
    mem.fill(0, el(wfAt, size), el(wfAt, size) + inC4 * flipped);
    const k2 = kernel * kernel;
    for (let co = 0; co < outC; co++) {
      for (let ci = 0; ci < inC; ci++) {
        for (let t = 0; t < k2; t++)
          mem[el(wfAt, size) + ci * flipped + co * k2 + (k2 - 1 - t)] = w[(co * inC + ci) * k2 + t];
      }
    }
    rowTable(i32, wfTab, wfAt, inC4, flipped, size);
    sliceTable(i32, gpTab, gpAt, outC, kernel, gH, gW, size, flipped);
  }
  const interior = xAt + (padding * padW + padding) * size;
  for (let b = 0; b < batch; b++) {
    const gb = gAt + b * pooled * size;
    const cb = codesAt + b * pooled;
    if (grads.w !== null) {
      mem.fill(0, el(gtAt, size), el(gtAt, size) + nk * outCt);
      kernels.pad(inAt + b * image * size, interior, inC, height, width, padW * size, padH * padW * size);
    }
    if (grads.x !== null) mem.fill(0, el(gpAt, size), el(gpAt, size) + gPadded);
    // Destination 1: Gᵀ[q, outCt] for the weight gradient; 2: the padded output gradient for the input gradient.
    kernels.scatter(
      gb,
      cb,
      outC,
      poolH,
      poolW,
      pool,
      (grads.w !== null ? 1 : 0) | (grads.x !== null ? 2 : 0),
      gtAt,
      size,
      padW * outCt * size,
      outCt * size,
      gpAt + (pg * gW + pg) * size,
      gH * gW * size,
      gW * size,
      size,
    );
    if (grads.bias !== null && !ones) addBiasSums(gOut, codes, b, outC, poolH, poolW, pool, grads.bias);
    if (grads.w !== null) {
      gemmRows(kernels, {
        m4: taps4,
        n: outCt,
        k: nk,
        atab: sTab,
        aoff: 0,
        sak: size,
        btab: gtTab,
        boff: 0,
        c: cwAt,
        ldc: outCt * size,
        accumulate: true,
      });
    }
    if (grads.x !== null) {
      gemmRows(kernels, {
        m4: inC4,
        n: nqx,
        k: flipped,
        atab: wfTab,
        aoff: 0,
        sak: size,
        btab: gpTab,
        boff: 0,
        c: dxAt,
        ldc: nqx * size,
        accumulate: false,
      });
      kernels.unpadAdd(dxAt, gxAt + b * image * size, inC, height, width, gW * size, nqx * size);
    }
  }
  if (grads.w !== null) {
    for (let co = 0; co < outC; co++)
      for (let t = 0; t < taps; t++) grads.w[co * taps + t] = mem[el(cwAt, size) + t * outCt + co];
    if (ones) for (let co = 0; co < outC; co++) grads.bias![co] = mem[el(cwAt, size) + taps * outCt + co];
  }
  if (grads.x !== null) grads.x.set(mem.subarray(el(gxAt, size), el(gxAt, size) + batch * image));
}

/**
 * Adds image b's per-channel sums of the convolution's output gradient to `bias`, in plane order (row by row of the
 * full-resolution output): the bias gradient when no weight gradient is computed (whose product sums it otherwise).
 */
function addBiasSums(
  gOut: FloatArray,
  codes: Uint8Array,
  b: number,
  outC: number,
  poolH: number,
  poolW: number,
  pool: number,
  bias: FloatArray,
): void {
  for (let co = 0; co < outC; co++) {
    const base = (b * outC + co) * poolH * poolW;
    let sum = 0;
    for (let py = 0; py < poolH; py++) {
      for (let dy = 0; dy < pool; dy++) {
        for (let px = 0; px < poolW; px++) {
          const o = base + py * poolW + px;
          if (codes[o] >> 4 === dy) sum += gOut[o];
        }
      }
    }
    bias[co] += sum;
  }
}
