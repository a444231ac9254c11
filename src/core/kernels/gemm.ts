import type { FloatArray } from '../dtype.js';
import { gemmTilesWasm } from './wasm-gemm.js';

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

let backend: 'auto' | 'js' = 'auto';

/** Forces the JavaScript kernel ('js') or lets large products use WebAssembly SIMD ('auto'); for tests and benchmarks. */
export function setGemmBackend(choice: 'auto' | 'js'): void {
  backend = choice;
}

/**
 * C[m, n] (+)= A[m, k] · B[k, n], with C row-major (leading dimension `ldc`, starting at `cOffset`).
 * `accumulate` adds into C instead of overwriting it.
 *
 * Products of at least {@link WASM_MIN_WORK} multiply-adds run their full 4x4 tiles on a WebAssembly SIMD kernel
 * (wasm-gemm-module.ts: ~24 GFLOP/s on one core for the CNN's shapes); the rest, and everything where WebAssembly
 * SIMD is missing, on a 4x4 register-blocked JavaScript kernel: sixteen accumulators live in locals across the k
 * loop, so each pair of loads feeds four multiply-adds (~5 GFLOP/s; a naive triple loop reaches ~1.7). Both add the
 * products in the same order, so the two paths give bitwise identical results.
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
  const A = a.data;
  const B = b.data;
  const sai = a.rowStride;
  const sak = a.colStride;
  const sbk = b.rowStride;
  const sbj = b.colStride;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const tiled = backend === 'auto' && m4 > 0 && n4 > 0 && k > 0 && m * n * k >= WASM_MIN_WORK && gemmTilesWasm(m4, n4, k, a, b, c, cOffset, ldc, accumulate);
  for (let i = 0; !tiled && i < m4; i += 4) {
    const a0 = a.offset + i * sai;
    const a1 = a0 + sai;
    const a2 = a1 + sai;
    const a3 = a2 + sai;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      const b0j = b.offset + j * sbj;
      const b1j = b0j + sbj;
      const b2j = b1j + sbj;
      const b3j = b2j + sbj;
      let ak = 0;
      let bk = 0;
      for (let p = 0; p < k; p++, ak += sak, bk += sbk) {
        const y0 = B[bk + b0j], y1 = B[bk + b1j], y2 = B[bk + b2j], y3 = B[bk + b3j];
        const x0 = A[a0 + ak], x1 = A[a1 + ak], x2 = A[a2 + ak], x3 = A[a3 + ak];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const r0 = cOffset + i * ldc + j;
      const r1 = r0 + ldc;
      const r2 = r1 + ldc;
      const r3 = r2 + ldc;
      if (accumulate) {
        c[r0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03;
        c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
        c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
        c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
      } else {
        c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
      }
    }
  }
  // Edges: the last m % 4 rows (all columns) and the last n % 4 columns of the blocked rows.
  if (m4 < m) edge(m4, m, 0, n, k, a, b, c, cOffset, ldc, accumulate);
  if (n4 < n) edge(0, m4, n4, n, k, a, b, c, cOffset, ldc, accumulate);
}

function edge(
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
  for (let i = i0; i < i1; i++) {
    const ai = a.offset + i * a.rowStride;
    for (let j = j0; j < j1; j++) {
      const bj = b.offset + j * b.colStride;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p * a.colStride] * B[bj + p * b.rowStride];
      const r = cOffset + i * ldc + j;
      c[r] = accumulate ? c[r] + s : s;
    }
  }
}
