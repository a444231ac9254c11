import { afterEach, describe, expect, it } from 'vitest';
import { ArenaLayout, reserveArena } from '../../src/core/kernels/arena.js';
import { gemm, setGemmBackend, view, WASM_MIN_WORK } from '../../src/core/kernels/gemm.js';
import { gemmRows, kernelsFor, tileWidth, type KernelDType } from '../../src/core/kernels/gemm-rows.js';
import { wasmGemmAvailable } from '../../src/core/kernels/wasm-kernels.js';
import { conv2d, gradcheck, matmul, Rng } from '../../src/core/index.js';
import { gemmRowsReference } from '../helpers/gemm-rows-reference.js';
import { randomInput } from '../helpers/random-tensors.js';

afterEach(() => setGemmBackend('auto'));

function run(
  backend: 'auto' | 'js',
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  seed: number,
  f32: boolean,
): Float64Array | Float32Array {
  const rng = new Rng(seed, 'gemm');
  const make = (len: number): Float64Array | Float32Array =>
    rng.fillUniform(f32 ? new Float32Array(len) : new Float64Array(len), -1, 1);
  const A = make(m * k);
  const B = make(k * n);
  const C = make(m * n);
  setGemmBackend(backend);
  gemm(m, n, k, view(A, transA ? m : k, transA), view(B, transB ? k : n, transB), C, 0, n, accumulate);
  return C;
}

describe('matrix-product kernels', () => {
  it('the WebAssembly SIMD kernels are available on Node 20', () => {
    expect(wasmGemmAvailable()).toBe(true);
  });

  it('WebAssembly and JavaScript kernels give bitwise identical products for every layout, size, mode and precision', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const [m, n, k] = [4 + rng.int(40), 4 + rng.int(40), 1 + rng.int(60)];
      const [ta, tb, acc, f32] = [rng.int(2) === 1, rng.int(2) === 1, rng.int(2) === 1, trial % 2 === 0];
      const wasm = run('auto', m, n, k, ta, tb, acc, trial, f32);
      const js = run('js', m, n, k, ta, tb, acc, trial, f32);
      expect(Array.from(wasm)).toEqual(Array.from(js));
    }
  });

  it('products large enough for the SIMD path agree with a direct triple loop (float64 exactly, float32 rounded per operation)', () => {
    const m = 20,
      n = 36,
      k = 30;
    expect(m * n * k).toBeGreaterThanOrEqual(WASM_MIN_WORK);
    for (const f32 of [false, true]) {
      const rng = new Rng(3);
      const make = (len: number): Float64Array | Float32Array =>
        rng.fillUniform(f32 ? new Float32Array(len) : new Float64Array(len), -1, 1);
      const A = make(m * k);
      const B = make(k * n);
      const C = make(m * n);
      gemm(m, n, k, view(A, k), view(B, n), C, 0, n, false);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++)
            s = f32 ? Math.fround(s + Math.fround(A[i * k + p] * B[p * n + j])) : s + A[i * k + p] * B[p * n + j];
          expect(C[i * n + j]).toBe(s);
        }
    }
  });

  it('the row-table kernels match a plain JavaScript loop bitwise, for arbitrary row tables, offsets and accumulation', () => {
    const rng = new Rng(19);
    for (const dtype of ['float64', 'float32'] as KernelDType[]) {
      for (let trial = 0; trial < 12; trial++) {
        const size = dtype === 'float64' ? 8 : 4;
        const m4 = 4 * (1 + rng.int(4));
        const n = tileWidth(dtype) * (1 + rng.int(4));
        const k = 1 + rng.int(20);
        const pool = 200;
        const layout = new ArenaLayout();
        const dataAt = layout.take(pool + 64, size);
        const cAt = layout.take(m4 * n, size);
        const aTab = layout.take(m4, 4);
        const bTab = layout.take(k, 4);
        const views = reserveArena(layout.bytes);
        const mem = dtype === 'float64' ? views.f64 : views.f32;
        rng.fillUniform(mem.subarray(dataAt / size, dataAt / size + pool + 64), -1, 1);
        // Rows start anywhere in the data (overlapping, unaligned), as shifted image slices do.
        for (let i = 0; i < m4; i++) views.i32[aTab / 4 + i] = dataAt + rng.int(pool - 2 * k) * size;
        for (let p = 0; p < k; p++) views.i32[bTab / 4 + p] = dataAt + rng.int(pool - n - 8) * size;
        const product = {
          m4,
          n,
          k,
          atab: aTab,
          aoff: size * rng.int(3),
          sak: size * (1 + rng.int(2)),
          btab: bTab,
          boff: size * rng.int(3),
          c: cAt,
          ldc: n * size,
          accumulate: trial % 2 === 1,
        };
        const start = rng.fillUniform(new Float64Array(m4 * n), -1, 1);
        mem.set(start, cAt / size);
        gemmRows(kernelsFor(dtype)!, product);
        const wasm = Array.from(mem.subarray(cAt / size, cAt / size + m4 * n));
        mem.set(start, cAt / size);
        gemmRowsReference(views, dtype, product);
        expect(wasm).toEqual(Array.from(mem.subarray(cAt / size, cAt / size + m4 * n)));
      }
    }
  });

  it('gradients through the SIMD path match finite differences (matmul and conv2d at sizes above the threshold)', () => {
    const rng = new Rng(11);
    const report = gradcheck(matmul, [randomInput(rng, [16, 24]), randomInput(rng, [24, 18])]);
    expect(report.ok).toBe(true);
    const conv = gradcheck(
      (x, w, b) => conv2d(x, w, b, { padding: 1 }),
      [randomInput(rng, [2, 3, 8, 8]), randomInput(rng, [8, 3, 3, 3]), randomInput(rng, [8])],
    );
    expect(conv.maxAbsError).toBeLessThan(1e-6);
    expect(conv.ok).toBe(true);
  });
});
