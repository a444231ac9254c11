import type { ArenaViews } from '../../src/core/kernels/arena.js';
import type { KernelDType, RowProduct } from '../../src/core/kernels/gemm-rows.js';

/**
 * The row-table product of wasm-gemm-module.ts as a plain triple loop over the arena: each C entry summed over p in
 * order, multiply then add, from zero, added to C last when accumulating; in float32 every product and sum rounded
 * (Math.fround), as f32x4 lanes round.
 */
export function gemmRowsReference(views: ArenaViews, dtype: KernelDType, p: RowProduct): void {
  const f32 = dtype === 'float32';
  const shift = f32 ? 2 : 3;
  const mem = f32 ? views.f32 : views.f64;
  const round = (x: number): number => (f32 ? Math.fround(x) : x);
  for (let i = 0; i < p.m4; i++) {
    const a = (views.i32[(p.atab >> 2) + i] + p.aoff) >> shift;
    for (let j = 0; j < p.n; j++) {
      let s = 0;
      for (let q = 0; q < p.k; q++) {
        const b = ((views.i32[(p.btab >> 2) + q] + p.boff) >> shift) + j;
        s = round(s + round(mem[a + q * (p.sak >> shift)] * mem[b]));
      }
      const c = ((p.c + i * p.ldc) >> shift) + j;
      mem[c] = p.accumulate ? mem[c] + s : s;
    }
  }
}
