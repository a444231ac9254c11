import { arenaMemory } from '../core/kernels/arena.js';
import { kernelBackend } from '../core/kernels/gemm-rows.js';
import {
  add,
  assembleModule,
  f64RowAddress,
  forUp,
  get,
  i32,
  inc,
  mul,
  set,
  simd,
  v128Load,
  v128Store,
  F64,
  F64X2,
  I32,
  SCALAR_F64,
  V128,
  type Code,
  type WasmFunction,
} from '../core/kernels/wasm-asm.js';
import { diagonal, squares } from './wasm-elementwise.js';

/**
 * Batched statevector kernels on f64x2 lanes (the quantum layer's hot loops; statevector.ts has the plain JavaScript
 * kernels they are tested against and fall back to), in their own module on the kernels' arena memory. States are
 * sample-major: amplitude k of sample b at b·amps + k of separate real and imaginary arrays; wire pairs are `stride`
 * apart (in elements); matrices are complex interleaved 2x2 blocks of 8 doubles, per sample `mStride` bytes apart
 * (64, or 0 when shared). Byte addresses throughout.
 *
 *   q_single(re, im, batch, amps, stride, m, mStride)
 *       applies the 2x2 to every pair, two pairs per vector step; each output is computed in the JavaScript kernel's
 *       order, so results are bitwise identical to it
 *   q_diag, q_squares                         element-wise (wasm-elementwise.ts)
 *   q_adjoint(kr, ki, br, bi, batch, amps, stride, m, mStride, acc, undo)
 *       one sweep of the adjoint method for a single-qubit gate: per sample, the four sums of accumulateSingle
 *       (written to acc[4b..4b+3]) and, when `undo`, the 2x2 at m applied to ket and bra (m holds U†), each in its
 *       own loop over the sample (one loop for all three keeps more values than there are vector registers). Two
 *       lanes accumulate alternate pairs and are added at the end, so sums agree with the sequential JavaScript
 *       ones to rounding.
 *
 * `_1` forms take stride 1 (the pairs (k, k+1) and (k+2, k+3) de-interleaved into lanes), `_s` forms are scalar
 * (any stride and size; bitwise identical sums).
 */

/**
 * Arithmetic of one way of walking the pairs: f64x2 vectors over two neighbouring pairs (stride ≥ 2), f64 scalars,
 * or f64x2 vectors over two pairs of adjacent amplitudes (stride 1: (k, k+1) and (k+2, k+3), de-interleaved into
 * lanes on load and interleaved back on store).
 */
interface Width {
  load: Code;
  store: Code;
  add: Code;
  sub: Code;
  mul: Code;
  /** Pairs per step. */
  step: number;
  /** Adjacent pairs (stride 1) in shuffled lanes. */
  paired: boolean;
}

const VECTOR: Width = {
  load: v128Load(0),
  store: v128Store(0),
  add: F64X2.add,
  sub: F64X2.sub,
  mul: F64X2.mul,
  step: 2,
  paired: false,
};
const SCALAR: Width = { ...SCALAR_F64, step: 1, paired: false };
const PAIRED: Width = { ...VECTOR, paired: true };

const lanes = (a: number, b: number): number[] => [
  ...Array.from({ length: 8 }, (_v, i) => 8 * a + i),
  ...Array.from({ length: 8 }, (_v, i) => 8 * b + i),
];
/** i8x16.shuffle picking lane 0 of both operands, and lane 1 of both. */
const LOW = simd(0x0d, ...lanes(0, 2));
const HIGH = simd(0x0d, ...lanes(1, 3));

/** Loads a pair's first and second amplitude (of one array) into locals: from k and j, or de-interleaved from k, k+2. */
function loadPair(w: Width, kAt: number, jAt: number, first: number, second: number): Code {
  if (!w.paired) return [...get(kAt), ...w.load, ...set(first), ...get(jAt), ...w.load, ...set(second)];
  // Each vector is loaded once into the two locals, then de-interleaved (the second half waits on the stack).
  return [
    ...get(kAt),
    ...v128Load(0),
    ...set(first),
    ...get(kAt),
    ...v128Load(16),
    ...set(second),
    ...get(first),
    ...get(second),
    ...HIGH,
    ...get(first),
    ...get(second),
    ...LOW,
    ...set(first),
    ...set(second),
  ];
}

/** Stores locals `first` and `second` (a pair's new amplitudes, one array) back: to k and j, or interleaved at k. */
function storePair(w: Width, kAt: number, jAt: number, first: number, second: number): Code {
  if (!w.paired) return [...get(kAt), ...get(first), ...w.store, ...get(jAt), ...get(second), ...w.store];
  return [
    ...get(kAt),
    ...get(first),
    ...get(second),
    ...LOW,
    ...v128Store(0),
    ...get(kAt),
    ...get(first),
    ...get(second),
    ...HIGH,
    ...v128Store(16),
  ];
}

/** Loads the 8 matrix entries of sample b into locals (splatted for vectors). */
function loadMatrix(w: Width, m: number, mStride: number, b: number, first: number): Code {
  return Array.from({ length: 8 }, (_v, e) => [
    ...get(m),
    ...get(b),
    ...get(mStride),
    ...mul,
    ...add,
    ...SCALAR_F64.load.slice(0, 2),
    ...[8 * e],
    ...(w.step === 2 ? F64X2.splat : []),
    ...set(first + e),
  ]).flat();
}

/**
 * The 2x2 on a pair: (x, y) -> (a·x + b·y, c·x + d·y) with complex a..d in locals mat[0..7], x = (xr, xi), y = (yr, yi)
 * in locals, into locals out = [x'r, x'i, y'r, y'i], in the JavaScript kernel's order of operations.
 */
function pairUpdate(w: Width, mat: number, x: [number, number], y: [number, number], out: number[]): Code {
  const [ar, ai, br, bi, cr, ci, dr, di] = Array.from({ length: 8 }, (_v, e) => mat + e);
  const [xr, xi] = x;
  const [yr, yi] = y;
  const p = (a: number, b: number): Code => [...get(a), ...get(b), ...w.mul];
  // re = a_r·x_r − a_i·x_i + b_r·y_r − b_i·y_i;   im = a_r·x_i + a_i·x_r + b_r·y_i + b_i·y_r
  const re = (a: number, ai_: number, b: number, bi_: number): Code => [
    ...p(a, xr),
    ...p(ai_, xi),
    ...w.sub,
    ...p(b, yr),
    ...w.add,
    ...p(bi_, yi),
    ...w.sub,
  ];
  const im = (a: number, ai_: number, b: number, bi_: number): Code => [
    ...p(a, xi),
    ...p(ai_, xr),
    ...w.add,
    ...p(b, yi),
    ...w.add,
    ...p(bi_, yr),
    ...w.add,
  ];
  return [
    ...re(ar, ai, br, bi),
    ...set(out[0]),
    ...im(ar, ai, br, bi),
    ...set(out[1]),
    ...re(cr, ci, dr, di),
    ...set(out[2]),
    ...im(cr, ci, dr, di),
    ...set(out[3]),
  ];
}

/**
 * Loops over the pairs of one sample, `w.step` pairs at a time, with byte addresses of k (and of j = k + stride,
 * computed by the body) in locals advanced together: for each block of 2·stride amplitudes, k runs over its first
 * half; at stride 1 (paired) k runs over the sample four amplitudes at a time.
 */
function pairLoop(
  w: Width,
  amps: number,
  stride: number,
  bases: number[],
  addr: number[],
  counters: [number, number],
  body: Code,
): Code {
  const [blk, k] = counters;
  if (w.paired) {
    return [
      ...bases.flatMap((b, i) => [...get(b), ...set(addr[i])]),
      ...forUp(k, [...get(amps), ...i32(2), 0x76], [...body, ...addr.flatMap((a) => inc(a, i32(32)))]),
    ];
  }
  // For each array: addr = base + (b·amps + blk·2·stride + k)·8 is advanced incrementally: set at the block start.
  const blockStart = (i: number): Code => [
    ...get(bases[i]),
    ...get(blk),
    ...get(stride),
    ...i32(16),
    ...mul,
    ...mul,
    ...add,
    ...set(addr[i]),
  ];
  const advance = addr.flatMap((a) => inc(a, i32(8 * w.step)));
  return forUp(
    blk,
    [...get(amps), ...get(stride), ...i32(2), ...mul, 0x6e /* i32.div_u */],
    [
      ...bases.flatMap((_b, i) => blockStart(i)),
      ...forUp(
        k,
        [...get(stride), ...i32(w.step - 1), ...add, ...i32(w.step === 2 ? 1 : 0), 0x76 /* shr_u */],
        [...body, ...advance],
      ),
    ],
  );
}

/** j addresses (k + stride) of the given arrays, unless pairs are adjacent and shuffled. */
function jAddresses(w: Width, stride: number, from: number[], to: number[]): Code {
  return w.paired ? [] : from.flatMap((k, i) => [...get(k), ...get(stride), ...i32(8), ...mul, ...add, ...set(to[i])]);
}

function single(w: Width, name: string): WasmFunction {
  const [RE, IM, BATCH, AMPS, STRIDE, M, MSTRIDE] = [0, 1, 2, 3, 4, 5, 6];
  const [B, BLK, K, BRE, BIM, KR, KI, JR, JI] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const MAT = 16;
  const [XR, XI, YR, YI] = [24, 25, 26, 27];
  const OUT = [28, 29, 30, 31];
  const type = w.step === 2 ? V128 : F64;
  const body = [
    ...jAddresses(w, STRIDE, [KR, KI], [JR, JI]),
    ...loadPair(w, KR, JR, XR, YR),
    ...loadPair(w, KI, JI, XI, YI),
    ...pairUpdate(w, MAT, [XR, XI], [YR, YI], OUT),
    ...storePair(w, KR, JR, OUT[0], OUT[2]),
    ...storePair(w, KI, JI, OUT[1], OUT[3]),
  ];
  return {
    name,
    params: 7,
    locals: [
      [9, I32],
      [16, type],
    ],
    body: forUp(B, get(BATCH), [
      ...loadMatrix(w, M, MSTRIDE, B, MAT),
      ...f64RowAddress(RE, B, AMPS, BRE),
      ...f64RowAddress(IM, B, AMPS, BIM),
      ...pairLoop(w, AMPS, STRIDE, [BRE, BIM], [KR, KI], [BLK, K], body),
    ]),
  };
}

function adjoint(w: Width, name: string): WasmFunction {
  const [KRE, KIM, BRE, BIM, BATCH, AMPS, STRIDE, M, MSTRIDE, ACC, UNDO] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [B, BLK, K, BKR, BKI, BBR, BBI, KR, KI, PR, PI] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const [JKR, JKI, JPR, JPI] = [22, 23, 24, 25];
  const MAT = 26;
  const [XR, XI, YR, YI, QPR, QPI, QR, QI] = [34, 35, 36, 37, 38, 39, 40, 41];
  const T = [42, 43, 44, 45];
  const OUT = [46, 47, 48, 49];
  const type = w.step === 2 ? V128 : F64;
  const zero = w.step === 2 ? simd(0x0c, ...new Array<number>(16).fill(0)) : [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
  const p = (a: number, b: number): Code => [...get(a), ...get(b), ...w.mul];
  const acc = (t: number, expr: Code): Code => [...get(t), ...expr, ...w.add, ...set(t)];
  const sums = [
    ...jAddresses(w, STRIDE, [KR, KI, PR, PI], [JKR, JKI, JPR, JPI]),
    ...loadPair(w, KR, JKR, XR, YR),
    ...loadPair(w, KI, JKI, XI, YI),
    ...loadPair(w, PR, JPR, QPR, QR),
    ...loadPair(w, PI, JPI, QPI, QI),
    // t0 += pr·xi − pi·xr;  t1 += qr·yi − qi·yr;  t2 += pr·yr + pi·yi − qr·xr − qi·xi;  t3 += pr·yi − pi·yr − qi·xr + qr·xi
    ...acc(T[0], [...p(QPR, XI), ...p(QPI, XR), ...w.sub]),
    ...acc(T[1], [...p(QR, YI), ...p(QI, YR), ...w.sub]),
    ...acc(T[2], [...p(QPR, YR), ...p(QPI, YI), ...w.add, ...p(QR, XR), ...w.sub, ...p(QI, XI), ...w.sub]),
    ...acc(T[3], [...p(QPR, YI), ...p(QPI, YR), ...w.sub, ...p(QI, XR), ...w.sub, ...p(QR, XI), ...w.add]),
  ];
  const undoKet = [
    ...jAddresses(w, STRIDE, [KR, KI], [JKR, JKI]),
    ...loadPair(w, KR, JKR, XR, YR),
    ...loadPair(w, KI, JKI, XI, YI),
    ...pairUpdate(w, MAT, [XR, XI], [YR, YI], OUT),
    ...storePair(w, KR, JKR, OUT[0], OUT[2]),
    ...storePair(w, KI, JKI, OUT[1], OUT[3]),
  ];
  const undoBra = [
    ...jAddresses(w, STRIDE, [PR, PI], [JPR, JPI]),
    ...loadPair(w, PR, JPR, QPR, QR),
    ...loadPair(w, PI, JPI, QPI, QI),
    ...pairUpdate(w, MAT, [QPR, QPI], [QR, QI], OUT),
    ...storePair(w, PR, JPR, OUT[0], OUT[2]),
    ...storePair(w, PI, JPI, OUT[1], OUT[3]),
  ];
  // f64x2.extract_lane 0 + extract_lane 1 for vectors.
  const total = (t: number): Code =>
    w.step === 2 ? [...get(t), ...simd(0x21, 0), ...get(t), ...simd(0x21, 1), ...SCALAR_F64.add] : get(t);
  const store = T.flatMap((t, i) => [
    ...get(ACC),
    ...get(B),
    ...i32(32),
    ...mul,
    ...add,
    ...total(t),
    ...SCALAR_F64.store.slice(0, 2),
    8 * i,
  ]);
  return {
    name,
    params: 11,
    locals: [
      [15, I32],
      [24, type],
    ],
    body: forUp(B, get(BATCH), [
      ...T.flatMap((t) => [...zero, ...set(t)]),
      ...f64RowAddress(KRE, B, AMPS, BKR),
      ...f64RowAddress(KIM, B, AMPS, BKI),
      ...f64RowAddress(BRE, B, AMPS, BBR),
      ...f64RowAddress(BIM, B, AMPS, BBI),
      ...pairLoop(w, AMPS, STRIDE, [BKR, BKI, BBR, BBI], [KR, KI, PR, PI], [BLK, K], sums),
      ...get(UNDO),
      0x04, // if
      0x40,
      ...loadMatrix(w, M, MSTRIDE, B, MAT),
      ...pairLoop(w, AMPS, STRIDE, [BKR, BKI], [KR, KI], [BLK, K], undoKet),
      ...pairLoop(w, AMPS, STRIDE, [BBR, BBI], [PR, PI], [BLK, K], undoBra),
      0x0b, // end
      ...store,
    ]),
  };
}

type Kernel = (...args: number[]) => void;

/**
 * The compiled kernels, on the kernels' arena memory. `single` and `adjoint` take stride ≥ 2, the `1` forms stride 1
 * with at least 4 amplitudes (two adjacent pairs per vector step), the `scalar` forms anything.
 */
export interface StatevectorKernels {
  single: Kernel;
  single1: Kernel;
  singleScalar: Kernel;
  adjoint: Kernel;
  adjoint1: Kernel;
  adjointScalar: Kernel;
  diag: Kernel;
  squares: Kernel;
}

let kernels: StatevectorKernels | null | undefined;

/** The module's bytes. */
function statevectorModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule([
    single(VECTOR, 'q_single'),
    single(PAIRED, 'q_single_1'),
    single(SCALAR, 'q_single_s'),
    adjoint(VECTOR, 'q_adjoint'),
    adjoint(PAIRED, 'q_adjoint_1'),
    adjoint(SCALAR, 'q_adjoint_s'),
    diagonal(),
    squares(),
  ]);
}

/** The kernels, or null where WebAssembly SIMD is unavailable or the JavaScript kernels are forced (setGemmBackend). */
export function statevectorKernels(): StatevectorKernels | null {
  if (kernelBackend() !== 'auto') return null;
  if (kernels !== undefined) return kernels;
  const bytes = statevectorModuleBytes();
  const memory = arenaMemory();
  if (memory === null || !WebAssembly.validate(bytes)) return (kernels = null);
  const fns = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<
    string,
    Kernel
  >;
  return (kernels = {
    single: fns.q_single,
    single1: fns.q_single_1,
    singleScalar: fns.q_single_s,
    adjoint: fns.q_adjoint,
    adjoint1: fns.q_adjoint_1,
    adjointScalar: fns.q_adjoint_s,
    diag: fns.q_diag,
    squares: fns.q_squares,
  });
}
