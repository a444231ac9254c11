import type { FloatArray } from '../dtype.js';
import { ArenaLayout, reserveArena } from './arena.js';
import { gemmRows, kernelsFor, tileWidth, type KernelDType } from './gemm-rows.js';
import type { PrecisionKernels } from './wasm-kernels.js';

export { setGemmBackend } from './gemm-rows.js';

/**
 * Strided matrix view for {@link gemm}: element (r, c) lives at `data[offset + r * rowStride + c * colStride]`.
 * Transposes are free: swap the strides.
 */
export interface MatView {
  data: FloatArray;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** A row-major matrix view with leading dimension `ld`, optionally transposed. */
export function view(data: FloatArray, ld: number, transposed = false, offset = 0): MatView {
  return transposed ? { data, offset, rowStride: 1, colStride: ld } : { data, offset, rowStride: ld, colStride: 1 };
}

/** Products below this many multiply-adds stay in JavaScript: packing for WebAssembly would cost more than it saves. */
export const WASM_MIN_WORK = 4096;

/**
 * C[m, n] (+)= A[m, k] · B[k, n], with C row-major (leading dimension `ldc`, starting at `cOffset`).
 * `accumulate` adds into C instead of overwriting it. When A, B and C are all Float32Array the product is computed
 * in single precision (every product and sum rounded, as PyTorch's float32); otherwise in double precision.
 *
 * Products of at least {@link WASM_MIN_WORK} multiply-adds run on a WebAssembly SIMD kernel (wasm-gemm-module.ts),
 * packed into the kernels' arena; the rest, and everything where WebAssembly SIMD is missing, on JavaScript: a 4x4
 * register-blocked kernel in double precision (sixteen accumulators live in locals across the k loop, so each pair
 * of loads feeds four multiply-adds), a rounded scalar loop in single precision. All add the products in the same
 * order, so every path gives bitwise identical results.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: MatView,
  b: MatView,
  c: FloatArray,
  cOffset: number,
  ldc: number,
  accumulate: boolean,
): void {
  const dtype: KernelDType =
    a.data instanceof Float32Array && b.data instanceof Float32Array && c instanceof Float32Array
      ? 'float32'
      : 'float64';
  const kernels = k > 0 && m * n * k >= WASM_MIN_WORK ? kernelsFor(dtype) : null;
  if (kernels !== null) {
    onWasm(kernels, dtype, m, n, k, a, b, c, cOffset, ldc, accumulate);
  } else if (dtype === 'float32') {
    edge(dtype, 0, m, 0, n, k, a, b, c, cOffset, ldc, accumulate);
  } else {
    blocked(m, n, k, a, b, c, cOffset, ldc, accumulate);
  }
}

/** The double-precision JavaScript kernel: 4x4 register-blocked tiles, then the edges. */
function blocked(
  m: number,
  n: number,
  k: number,
  a: MatView,
  b: MatView,
  c: FloatArray,
  cOffset: number,
  ldc: number,
  accumulate: boolean,
): void {
  const A = a.data;
  const B = b.data;
  const sai = a.rowStride;
  const sak = a.colStride;
  const sbk = b.rowStride;
  const sbj = b.colStride;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = a.offset + i * sai;
    const a1 = a0 + sai;
    const a2 = a1 + sai;
    const a3 = a2 + sai;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      const b0j = b.offset + j * sbj;
      const b1j = b0j + sbj;
      const b2j = b1j + sbj;
      const b3j = b2j + sbj;
      let ak = 0;
      let bk = 0;
      for (let p = 0; p < k; p++, ak += sak, bk += sbk) {
        const y0 = B[bk + b0j],
          y1 = B[bk + b1j],
          y2 = B[bk + b2j],
          y3 = B[bk + b3j];
        const x0 = A[a0 + ak],
          x1 = A[a1 + ak],
          x2 = A[a2 + ak],
          x3 = A[a3 + ak];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
      }
      const r0 = cOffset + i * ldc + j;
      const r1 = r0 + ldc;
      const r2 = r1 + ldc;
      const r3 = r2 + ldc;
      if (accumulate) {
        c[r0] += c00;
        c[r0 + 1] += c01;
        c[r0 + 2] += c02;
        c[r0 + 3] += c03;
        c[r1] += c10;
        c[r1 + 1] += c11;
        c[r1 + 2] += c12;
        c[r1 + 3] += c13;
        c[r2] += c20;
        c[r2 + 1] += c21;
        c[r2 + 2] += c22;
        c[r2 + 3] += c23;
        c[r3] += c30;
        c[r3 + 1] += c31;
        c[r3 + 2] += c32;
        c[r3 + 3] += c33;
      } else {
        c[r0] = c00;
        c[r0 + 1] = c01;
        c[r0 + 2] = c02;
        c[r0 + 3] = c03;
        c[r1] = c10;
        c[r1 + 1] = c11;
        c[r1 + 2] = c12;
        c[r1 + 3] = c13;
        c[r2] = c20;
        c[r2 + 1] = c21;
        c[r2 + 2] = c22;
        c[r2 + 3] = c23;
        c[r3] = c30;
        c[r3 + 1] = c31;
        c[r3 + 2] = c32;
        c[r3 + 3] = c33;
      }
    }
  }
  // Edges: the last m % 4 rows (all columns) and the last n % 4 columns of the blocked rows.
  if (m4 < m) edge('float64', m4, m, 0, n, k, a, b, c, cOffset, ldc, accumulate);
  if (n4 < n) edge('float64', 0, m4, n4, n, k, a, b, c, cOffset, ldc, accumulate);
}

/**
 * The product on the SIMD kernel: A's rows and B's rows are packed contiguously into the arena (whatever the views'
 * strides), B's columns zero-padded to whole tiles and A's rows to a multiple of 4 (the extra rows repeat row 0;
 * their results are dropped), computed there and added or copied back. Packing costs O(m·k + k·n) against O(m·n·k)
 * arithmetic, so it is used for products that are not tiny.
 */
function onWasm(
  kernels: PrecisionKernels,
  dtype: KernelDType,
  m: number,
  n: number,
  k: number,
  a: MatView,
  b: MatView,
  c: FloatArray,
  cOffset: number,
  ldc: number,
  accumulate: boolean,
): void {
  const size = dtype === 'float64' ? 8 : 4;
  const tw = tileWidth(dtype);
  const m4 = Math.ceil(m / 4) * 4;
  const nt = Math.ceil(n / tw) * tw;
  const layout = new ArenaLayout();
  const aAt = layout.take(m4 * k, size);
  const bAt = layout.take(k * nt, size);
  const cAt = layout.take(m4 * nt, size);
  const aTab = layout.take(m4, 4);
  const bTab = layout.take(k, 4);
  const views = reserveArena(layout.bytes);
  const f = dtype === 'float64' ? views.f64 : views.f32;
  const shift = dtype === 'float64' ? 3 : 2;
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < m4; i++) {
    const src = a.offset + i * a.rowStride;
    const dst = (aAt >> shift) + i * k;
    if (i < m) {
      if (a.colStride === 1) f.set(A.subarray(src, src + k), dst);
      else for (let p = 0; p < k; p++) f[dst + p] = A[src + p * a.colStride];
    }
    views.i32[(aTab >> 2) + i] = aAt + (i < m ? i : 0) * k * size;
  }
  for (let p = 0; p < k; p++) {
    const src = b.offset + p * b.rowStride;
    const dst = (bAt >> shift) + p * nt;
    if (b.colStride === 1) f.set(B.subarray(src, src + n), dst);
    else for (let j = 0; j < n; j++) f[dst + j] = B[src + j * b.colStride];
    if (nt > n) f.fill(0, dst + n, dst + nt);
    views.i32[(bTab >> 2) + p] = bAt + p * nt * size;
  }
  gemmRows(kernels, {
    m4,
    n: nt,
    k,
    atab: aTab,
    aoff: 0,
    sak: size,
    btab: bTab,
    boff: 0,
    c: cAt,
    ldc: nt * size,
    accumulate: false,
  });
  for (let i = 0; i < m; i++) {
    const src = (cAt >> shift) + i * nt;
    const dst = cOffset + i * ldc;
    if (accumulate) for (let j = 0; j < n; j++) c[dst + j] += f[src + j];
    else c.set(f.subarray(src, src + n), dst);
  }
}

/** A scalar kernel for a block of C (the edges, and single precision in JavaScript), rounding per op in float32. */
function edge(
  dtype: KernelDType,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  k: number,
  a: MatView,
  b: MatView,
  c: FloatArray,
  cOffset: number,
  ldc: number,
  accumulate: boolean,
): void {
  const A = a.data;
  const B = b.data;
  const f32 = dtype === 'float32';
  for (let i = i0; i < i1; i++) {
    const ai = a.offset + i * a.rowStride;
    for (let j = j0; j < j1; j++) {
      const bj = b.offset + j * b.colStride;
      let s = 0;
      for (let p = 0; p < k; p++) {
        const t = A[ai + p * a.colStride] * B[bj + p * b.rowStride];
        s = f32 ? Math.fround(s + Math.fround(t)) : s + t;
      }
      const r = cOffset + i * ldc + j;
      c[r] = accumulate ? c[r] + s : s;
    }
  }
}
