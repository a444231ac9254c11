import type { FloatArray } from '../dtype.js';
import type { MatView } from './gemm.js';
import { gemmModuleBytes } from './wasm-gemm-module.js';

interface Kernel {
  memory: WebAssembly.Memory;
  gemm: (m4: number, n4: number, k: number, a: number, sai: number, sak: number, b: number, sbk: number, c: number, ldc: number) => void;
  view: Float64Array;
}

let kernel: Kernel | null | undefined;

/** The compiled SIMD kernel, or null where WebAssembly SIMD is unavailable (the JavaScript kernel is used then). */
function load(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const bytes = gemmModuleBytes();
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return (kernel = null);
  const memory = new WebAssembly.Memory({ initial: 16 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return (kernel = { memory, gemm: instance.exports.gemm as Kernel['gemm'], view: new Float64Array(memory.buffer) });
}

function reserve(k: Kernel, doubles: number): Float64Array {
  const needed = doubles * 8;
  if (k.memory.buffer.byteLength < needed) {
    k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
    k.view = new Float64Array(k.memory.buffer);
  }
  return k.view;
}

/** Whether the SIMD kernel can run here. */
export function wasmGemmAvailable(): boolean {
  return load() !== null;
}

/**
 * The full-tile part (rows < m4, columns < n4, both multiples of 4) of C (+)= A·B on the SIMD kernel: A's tile rows
 * and B's tile columns are packed into WebAssembly memory (B row-contiguous, whatever the views' strides), the
 * product is computed there and added or copied back. Packing costs O(m·k + k·n) against O(m·n·k) arithmetic, so
 * callers use it for products that are not tiny. Returns false when the kernel is unavailable.
 */
export function gemmTilesWasm(m4: number, n4: number, k: number, a: MatView, b: MatView, c: FloatArray, cOffset: number, ldc: number, accumulate: boolean): boolean {
  const kern = load();
  if (kern === null) return false;
  const aAt = 0;
  const bAt = m4 * k;
  const cAt = bAt + k * n4;
  const f = reserve(kern, cAt + m4 * n4);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < m4; i++) {
    const src = a.offset + i * a.rowStride;
    const dst = aAt + i * k;
    if (a.colStride === 1) f.set(A.subarray(src, src + k), dst);
    else for (let p = 0; p < k; p++) f[dst + p] = A[src + p * a.colStride];
  }
  for (let p = 0; p < k; p++) {
    const src = b.offset + p * b.rowStride;
    const dst = bAt + p * n4;
    if (b.colStride === 1) f.set(B.subarray(src, src + n4), dst);
    else for (let j = 0; j < n4; j++) f[dst + j] = B[src + j * b.colStride];
  }
  kern.gemm(m4, n4, k, aAt * 8, k * 8, 8, bAt * 8, n4 * 8, cAt * 8, n4 * 8);
  for (let i = 0; i < m4; i++) {
    const src = cAt + i * n4;
    const dst = cOffset + i * ldc;
    if (accumulate) for (let j = 0; j < n4; j++) c[dst + j] += f[src + j];
    else c.set(f.subarray(src, src + n4), dst);
  }
  return true;
}
