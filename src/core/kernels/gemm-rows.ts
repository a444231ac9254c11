import type { PrecisionKernels } from './wasm-kernels.js';
import { wasmKernels } from './wasm-kernels.js';

/** Element type of the WebAssembly kernels. */
export type KernelDType = 'float64' | 'float32';

/**
 * A matrix product over the arena with rows addressed through tables (wasm-gemm-module.ts has the contract): byte
 * addresses throughout, `atab` and `btab` the byte addresses of i32 tables of row addresses (to which `aoff` and
 * `boff` are added), m4 a multiple of 4, n a multiple of {@link tileWidth}.
 */
export interface RowProduct {
  m4: number;
  n: number;
  k: number;
  atab: number;
  aoff: number;
  sak: number;
  btab: number;
  boff: number;
  c: number;
  ldc: number;
  accumulate: boolean;
}

let backend: 'auto' | 'js' = 'auto';

/** Forces the JavaScript kernels ('js') or lets kernels use WebAssembly SIMD ('auto'); for tests and benchmarks. */
export function setGemmBackend(choice: 'auto' | 'js'): void {
  backend = choice;
}

/** The backend chosen by {@link setGemmBackend} (the statevector kernels follow it too). */
export function kernelBackend(): 'auto' | 'js' {
  return backend;
}

/** The WebAssembly kernels of a precision, or null when JavaScript is forced or WebAssembly SIMD is unavailable. */
export function kernelsFor(dtype: KernelDType): PrecisionKernels | null {
  return backend === 'auto' ? (wasmKernels()?.[dtype] ?? null) : null;
}

/** Columns of one tile: two 16-byte vectors of the element type. */
export function tileWidth(dtype: KernelDType): number {
  return dtype === 'float64' ? 4 : 8;
}

/** Runs a row-table product on the SIMD kernel. */
export function gemmRows(kernels: PrecisionKernels, p: RowProduct): void {
  kernels.gemm(p.m4, p.n, p.k, p.atab, p.aoff, p.sak, p.btab, p.boff, p.c, p.ldc, p.accumulate ? 1 : 0);
}
