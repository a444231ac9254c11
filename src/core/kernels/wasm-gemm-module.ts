import {
  add,
  doWhile,
  get,
  i32,
  i32Load,
  inc,
  mul,
  set,
  sub,
  v128Load,
  v128Store,
  v128Zero,
  F32X4,
  F64X2,
  I32,
  SCALAR_F32,
  SCALAR_F64,
  V128,
  type Code,
  type WasmFunction,
} from './wasm-asm.js';

/**
 * Two SIMD matrix-product kernels of the same contract:
 *
 *   gemm_f64(m4, n, k, atab, aoff, sak, btab, boff, c, ldc, accumulate)   and   gemm_f32(same)
 *
 * compute C[i, j] (+)= Σ_p A[i, p]·B[p, j] over the full tiles of an m4 x n block: m4 a multiple of 4, n a multiple
 * of the tile width (4 doubles or 8 floats: two 16-byte vectors), k > 0. Rows are addressed through tables of i32
 * byte addresses, so a convolution reads its "im2col" rows straight from a padded image (row p of B is a shifted
 * slice of one channel) and nothing is unfolded:
 *
 *   A[i, p] at i32[atab + 4i] + aoff + p·sak,   B[p, j] at i32[btab + 4p] + boff + j·size,   C[i, j] at c + i·ldc + j·size.
 *
 * A is read one element at a time and splatted; B's rows give two vectors per tile. Eight accumulators and three
 * operands fit the 16 vector registers of x86-64, so nothing spills. Each lane multiplies and then adds in order
 * over p (no fused multiply-add), so results are bitwise identical to the plain JavaScript kernel (gemm-rows.ts),
 * in float32 too. With `accumulate` the tile is added to C (C + sum, as the JavaScript kernel's `c += s`).
 */

// Parameters and locals, by index.
const [M4, N, K, ATAB, AOFF, SAK, BTAB, BOFF, C, LDC, ACCUMULATE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [I, J, P, PA0, PA1, PA2, PA3, PB, CP, PTAB, BOFFJ] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const [B0, B1, X] = [22, 23, 24];
const ACC = [25, 26, 27, 28, 29, 30, 31, 32];

/** What differs between the float64 and float32 kernels: element size, scalar load, splat, lane-wise add and mul. */
interface Lanes {
  size: number;
  load: Code;
  splat: Code;
  add: Code;
  mul: Code;
}

const LANES_F64: Lanes = { size: 8, load: SCALAR_F64.load, ...F64X2 };
const LANES_F32: Lanes = { size: 4, load: SCALAR_F32.load, ...F32X4 };

/** acc[2r] += x·b0 and acc[2r+1] += x·b1 with x = splat(A at pa_r). */
function rowUpdate(t: Lanes, r: number, pa: number): Code {
  return [
    ...get(pa),
    ...t.load,
    ...t.splat,
    ...set(X),
    ...get(ACC[2 * r]),
    ...get(X),
    ...get(B0),
    ...t.mul,
    ...t.add,
    ...set(ACC[2 * r]),
    ...get(ACC[2 * r + 1]),
    ...get(X),
    ...get(B1),
    ...t.mul,
    ...t.add,
    ...set(ACC[2 * r + 1]),
  ];
}

function body(t: Lanes): Code {
  const pa = [PA0, PA1, PA2, PA3];
  const pLoop = doWhile(
    [
      // pb = btab[p] + boff + j·size
      ...get(PTAB),
      ...i32Load(),
      ...get(BOFFJ),
      ...add,
      ...set(PB),
      ...get(PB),
      ...v128Load(0),
      ...set(B0),
      ...get(PB),
      ...v128Load(16),
      ...set(B1),
      ...pa.flatMap((l, r) => rowUpdate(t, r, l)),
      ...pa.flatMap((l) => inc(l, get(SAK))),
      ...inc(PTAB, i32(4)),
      ...get(P),
      ...i32(1),
      ...sub,
      ...set(P),
    ],
    get(P),
  );
  // Row r of the tile lives at cp + r·ldc; accumulator 2r covers its first 16 bytes, 2r+1 the next 16.
  const rowAddress = (r: number): Code => [...get(CP), ...(r > 0 ? [...get(LDC), ...i32(r), ...mul, ...add] : [])];
  const accumulate = ACC.flatMap((acc, a) => [
    ...rowAddress(a >> 1),
    ...v128Load(a % 2 === 0 ? 0 : 16),
    ...get(acc),
    ...t.add,
    ...set(acc),
  ]);
  const store = ACC.flatMap((acc, a) => [...rowAddress(a >> 1), ...get(acc), ...v128Store(a % 2 === 0 ? 0 : 16)]);
  const jLoop = doWhile(
    [
      ...ACC.flatMap((acc) => [...v128Zero, ...set(acc)]),
      // pa_r = atab[i + r] + aoff; boffj = boff + j·size; ptab = btab; p = k.
      ...pa.flatMap((l, r) => [
        ...get(ATAB),
        ...get(I),
        ...i32(4),
        ...mul,
        ...add,
        ...i32Load(4 * r),
        ...get(AOFF),
        ...add,
        ...set(l),
      ]),
      ...get(BOFF),
      ...get(J),
      ...i32(t.size),
      ...mul,
      ...add,
      ...set(BOFFJ),
      ...get(BTAB),
      ...set(PTAB),
      ...get(K),
      ...set(P),
      ...pLoop,
      // cp = c + i·ldc + j·size
      ...get(C),
      ...get(I),
      ...get(LDC),
      ...mul,
      ...add,
      ...get(J),
      ...i32(t.size),
      ...mul,
      ...add,
      ...set(CP),
      ...get(ACCUMULATE),
      0x04,
      0x40,
      ...accumulate,
      0x0b,
      ...store,
      ...inc(J, i32(32 / t.size)),
    ],
    [...get(J), ...get(N), 0x48],
  );
  const iLoop = doWhile([...i32(0), ...set(J), ...jLoop, ...inc(I, i32(4))], [...get(I), ...get(M4), 0x48]);
  return [...i32(0), ...set(I), ...iLoop];
}

/** The two product kernels. */
export function gemmFunctions(): WasmFunction[] {
  const locals = [
    [11, I32],
    [11, V128],
  ] as const;
  return [
    { name: 'gemm_f64', params: 11, locals, body: body(LANES_F64) },
    { name: 'gemm_f32', params: 11, locals, body: body(LANES_F32) },
  ];
}
