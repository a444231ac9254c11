import { afterEach, describe, expect, it } from 'vitest';
import { gemm, setGemmBackend, view, WASM_MIN_WORK } from '../../src/core/kernels/gemm.js';
import { wasmGemmAvailable } from '../../src/core/kernels/wasm-gemm.js';
import { conv2d, gradcheck, matmul, Rng } from '../../src/core/index.js';
import { randomInput } from '../helpers/random-tensors.js';

afterEach(() => setGemmBackend('auto'));

function run(backend: 'auto' | 'js', m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean, seed: number, f32 = false): Float64Array | Float32Array {
  const rng = new Rng(seed, 'gemm');
  const A = rng.fillUniform(new Float64Array(m * k), -1, 1);
  const B = rng.fillUniform(new Float64Array(k * n), -1, 1);
  const C = f32 ? new Float32Array(m * n + 3) : new Float64Array(m * n + 3);
  rng.fillUniform(C, -1, 1);
  setGemmBackend(backend);
  gemm(m, n, k, view(A, transA ? m : k, transA), view(B, transB ? k : n, transB), C, 3 - 3, n, accumulate);
  return C;
}

describe('matrix-product kernels', () => {
  it('the WebAssembly SIMD kernel is available on Node 20', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  it('WebAssembly and JavaScript kernels give bitwise identical products for every layout, size and mode', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const [m, n, k] = [4 + rng.int(40), 4 + rng.int(40), 1 + rng.int(60)];
      const [ta, tb, acc] = [rng.int(2) === 1, rng.int(2) === 1, rng.int(2) === 1];
      const wasm = run('auto', m, n, k, ta, tb, acc, trial, trial % 5 === 0);
      const js = run('js', m, n, k, ta, tb, acc, trial, trial % 5 === 0);
      expect(Array.from(wasm)).toEqual(Array.from(js));
    }
  });

  it('products large enough for the SIMD path agree with a direct triple loop', () => {
    const m = 20, n = 36, k = 30;
    expect(m * n * k).toBeGreaterThanOrEqual(WASM_MIN_WORK);
    const rng = new Rng(3);
    const A = rng.fillUniform(new Float64Array(m * k), -1, 1);
    const B = rng.fillUniform(new Float64Array(k * n), -1, 1);
    const C = new Float64Array(m * n);
    gemm(m, n, k, view(A, k), view(B, n), C, 0, n, false);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
      expect(C[i * n + j]).toBe(s);
    }
  });

  it('gradients through the SIMD path match finite differences (matmul and conv2d at sizes above the threshold)', () => {
    const rng = new Rng(11);
    const report = gradcheck(matmul, [randomInput(rng, [16, 24]), randomInput(rng, [24, 18])]);
    expect(report.ok).toBe(true);
    const conv = gradcheck((x, w, b) => conv2d(x, w, b, { padding: 1 }), [randomInput(rng, [2, 3, 8, 8]), randomInput(rng, [8, 3, 3, 3]), randomInput(rng, [8])]);
    expect(conv.maxAbsError).toBeLessThan(1e-6);
    expect(conv.ok).toBe(true);
  });
});
