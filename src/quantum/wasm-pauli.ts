import { arenaMemory } from '../core/kernels/arena.js';
import { kernelBackend } from '../core/kernels/gemm-rows.js';
import {
  add,
  assembleModule,
  f64RowAddress,
  forUp,
  get,
  i32,
  i32Load,
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

/**
 * The Pauli-basis kernels of pauli-kernels.ts on f64x2 lanes, in their own module on the kernels' arena memory (byte
 * addresses; `len` = 4^n entries per sample, wire stride `s` in entries, 3x3 matrices row-major, `mStride` bytes
 * apart per sample: 72, or 0 when shared). Two neighbouring groups per vector when s ≥ 2, one at a time at s = 1.
 *
 *   p_rotate(r, batch, len, s, m, mStride, transpose, factor)     applies M (or Mᵀ) times the f64 `factor`
 *                                                                  (the engine uses M, factor 1)
 *   p_adjoint(r, l, batch, len, s, m, mStride, acc, undo, ketFactor)   pauliAdjoint
 *   p_permute(r, batch, len, perm, sign)    the signed involution of pauliPermute (scalar)
 *
 * Rotations compute each output as m0·x + m1·y + m2·z in that order, as the JavaScript kernels, so results are
 * bitwise identical; the adjoint's sums add two lanes at the end (equal to rounding).
 */

interface Width {
  load: Code;
  store: Code;
  add: Code;
  sub: Code;
  mul: Code;
  splat: Code;
  step: number;
}

const VECTOR: Width = {
  load: v128Load(0),
  store: v128Store(0),
  ...F64X2,
  step: 2,
};
const SCALAR: Width = { ...SCALAR_F64, splat: [], step: 1 };

/** Loads matrix entry e (row-major, or transposed) of sample b from m into a local, splatted for vectors. */
function entry(w: Width, m: number, mStride: number, b: number, e: number, transpose: boolean): Code {
  const at = transpose ? 3 * (e % 3) + Math.floor(e / 3) : e;
  return [...get(m), ...get(b), ...get(mStride), ...mul, ...add, 0x2b, 3, ...[8 * at], ...w.splat];
}

/** out_row = M[row]·(x, y, z) = m_r0·x + m_r1·y + m_r2·z for the three rows, stored to addresses (X, Y, Z order). */
function rotateInto(
  w: Width,
  mat: number,
  x: number,
  y: number,
  z: number,
  dst: [number, number, number],
  scale: Code,
): Code {
  return [0, 1, 2].flatMap((row) => [
    ...get(dst[row]),
    ...get(mat + 3 * row),
    ...get(x),
    ...w.mul,
    ...get(mat + 3 * row + 1),
    ...get(y),
    ...w.mul,
    ...w.add,
    ...get(mat + 3 * row + 2),
    ...get(z),
    ...w.mul,
    ...w.add,
    ...scale,
    ...w.store,
  ]);
}

/**
 * Loops over the groups of one wire in one sample: for each block of 4s entries, k runs over its Z entries (the
 * group's X and Y are s and 2s further), `w.step` at a time; `addr` locals hold byte addresses of the Z entries of
 * each array, advanced together.
 */
function groupLoop(
  w: Width,
  len: number,
  s: number,
  bases: number[],
  addr: number[],
  counters: [number, number],
  body: Code,
): Code {
  const [blk, k] = counters;
  // addr = base + (blk·4s + s)·8
  const blockStart = (i: number): Code => [
    ...get(bases[i]),
    ...get(blk),
    ...get(s),
    ...i32(32),
    ...mul,
    ...mul,
    ...add,
    ...get(s),
    ...i32(8),
    ...mul,
    ...add,
    ...set(addr[i]),
  ];
  return forUp(
    blk,
    [...get(len), ...get(s), ...i32(4), ...mul, 0x6e],
    [
      ...bases.flatMap((_b, i) => blockStart(i)),
      ...forUp(
        k,
        [...get(s), ...i32(w.step - 1), ...add, ...i32(w.step === 2 ? 1 : 0), 0x76],
        [...body, ...addr.flatMap((a) => inc(a, i32(8 * w.step)))],
      ),
    ],
  );
}

/** Loads the (z, x, y) values at Z address `at` (X and Y at +s, +2s entries) into locals. */
function loadGroup(
  w: Width,
  at: number,
  sBytes: number,
  into: [number, number, number],
  addrs: [number, number],
): Code {
  return [
    ...get(at),
    ...get(sBytes),
    ...add,
    ...set(addrs[0]),
    ...get(addrs[0]),
    ...get(sBytes),
    ...add,
    ...set(addrs[1]),
    ...get(at),
    ...w.load,
    ...set(into[0]),
    ...get(addrs[0]),
    ...w.load,
    ...set(into[1]),
    ...get(addrs[1]),
    ...w.load,
    ...set(into[2]),
  ];
}

function rotate(w: Width, name: string): WasmFunction {
  const [R, BATCH, LEN, S, M, MSTRIDE, TRANSPOSE, FACTOR] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [B, BLK, K, BASE, AZ, AX, AY, SB] = [8, 9, 10, 11, 12, 13, 14, 15];
  const [MAT, Z, X, Y, F] = [16, 25, 26, 27, 28];
  const type = w === VECTOR ? V128 : F64;
  const loadMatrix = (transpose: boolean): Code =>
    Array.from({ length: 9 }, (_v, e) => [...entry(w, M, MSTRIDE, B, e, transpose), ...set(MAT + e)]).flat();
  return {
    name,
    params: 8,
    f64Params: 1,
    locals: [
      [8, I32],
      [13, type],
    ],
    body: [
      ...get(FACTOR),
      ...w.splat,
      ...set(F),
      ...get(S),
      ...i32(8),
      ...mul,
      ...set(SB),
      ...forUp(B, get(BATCH), [
        ...get(TRANSPOSE),
        0x04,
        0x40,
        ...loadMatrix(true),
        0x05,
        ...loadMatrix(false),
        0x0b,
        ...f64RowAddress(R, B, LEN, BASE),
        ...groupLoop(
          w,
          LEN,
          S,
          [BASE],
          [AZ],
          [BLK, K],
          [
            ...loadGroup(w, AZ, SB, [Z, X, Y], [AX, AY]),
            ...rotateInto(w, MAT, X, Y, Z, [AX, AY, AZ], [...get(F), ...w.mul]),
          ],
        ),
      ]),
    ],
  };
}

function adjoint(w: Width, name: string): WasmFunction {
  const [R, L, BATCH, LEN, S, M, MSTRIDE, ACC, UNDO, KETFACTOR] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [B, BLK, K, RB, LB, RZ, RX, RY, LZ, LX, LY, SB] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const MAT = 22;
  const [ZR, XR, YR, ZL, XL, YL] = [31, 32, 33, 34, 35, 36];
  const [AXS, AYS, AZS, KF] = [37, 38, 39, 40];
  const type = w === VECTOR ? V128 : F64;
  const zero = w === VECTOR ? simd(0x0c, ...new Array<number>(16).fill(0)) : [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
  const p = (a: number, b: number): Code => [...get(a), ...get(b), ...w.mul];
  const acc = (t: number, expr: Code): Code => [...get(t), ...expr, ...w.add, ...set(t)];
  const total = (t: number): Code =>
    w === VECTOR ? [...get(t), ...simd(0x21, 0), ...get(t), ...simd(0x21, 1), 0xa0] : get(t);
  // acc[4b..] = (A_z/2, -A_z/2, -A_y, A_x)
  const half = [0x44, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f];
  const store = (slot: number, value: Code): Code => [
    ...get(ACC),
    ...get(B),
    ...i32(32),
    ...mul,
    ...add,
    ...value,
    0x39,
    3,
    8 * slot,
  ];
  return {
    name,
    params: 10,
    f64Params: 1,
    locals: [
      [12, I32],
      [19, type],
    ],
    body: [
      ...get(S),
      ...i32(8),
      ...mul,
      ...set(SB),
      ...get(KETFACTOR),
      ...w.splat,
      ...set(KF),
      ...forUp(B, get(BATCH), [
        // Mᵀ, for undoing.
        ...Array.from({ length: 9 }, (_v, e) => [...entry(w, M, MSTRIDE, B, e, true), ...set(MAT + e)]).flat(),
        ...[AXS, AYS, AZS].flatMap((t) => [...zero, ...set(t)]),
        ...f64RowAddress(R, B, LEN, RB),
        ...f64RowAddress(L, B, LEN, LB),
        ...groupLoop(
          w,
          LEN,
          S,
          [RB, LB],
          [RZ, LZ],
          [BLK, K],
          [
            ...loadGroup(w, RZ, SB, [ZR, XR, YR], [RX, RY]),
            ...loadGroup(w, LZ, SB, [ZL, XL, YL], [LX, LY]),
            // ax += ry·lz − rz·ly;  ay += rz·lx − rx·lz;  az += rx·ly − ry·lx
            ...acc(AXS, [...p(YR, ZL), ...p(ZR, YL), ...w.sub]),
            ...acc(AYS, [...p(ZR, XL), ...p(XR, ZL), ...w.sub]),
            ...acc(AZS, [...p(XR, YL), ...p(YR, XL), ...w.sub]),
            ...get(UNDO),
            0x04,
            0x40,
            ...rotateInto(w, MAT, XR, YR, ZR, [RX, RY, RZ], [...get(KF), ...w.mul]),
            ...rotateInto(w, MAT, XL, YL, ZL, [LX, LY, LZ], []),
            0x0b,
          ],
        ),
        ...store(0, [...total(AZS), ...half, 0xa2]),
        ...store(1, [...total(AZS), ...half, 0xa2, 0x9a]),
        ...store(2, [...total(AYS), 0x9a]),
        ...store(3, total(AXS)),
      ]),
    ],
  };
}

function permute(): WasmFunction {
  const [R, BATCH, LEN, PERM, SIGN] = [0, 1, 2, 3, 4];
  const [B, I, J, O] = [5, 6, 7, 8];
  const [A] = [9];
  const at = (base: number, index: number, size: number): Code => [
    ...get(base),
    ...get(index),
    ...i32(size),
    ...mul,
    ...add,
  ];
  const ri = [...get(O), ...get(I), ...i32(8), ...mul, ...add];
  const rj = [...get(O), ...get(J), ...i32(8), ...mul, ...add];
  return {
    name: 'p_permute',
    params: 5,
    locals: [
      [4, I32],
      [1, F64],
    ],
    body: forUp(B, get(BATCH), [
      ...f64RowAddress(R, B, LEN, O),
      ...forUp(I, get(LEN), [
        ...at(PERM, I, 4),
        ...i32Load(),
        ...set(J),
        // j > i: swap with signs; j = i: scale; j < i: done already.
        ...get(J),
        ...get(I),
        0x4a,
        0x04,
        0x40,
        ...ri,
        ...SCALAR_F64.load,
        ...set(A),
        ...ri,
        ...at(SIGN, J, 8),
        ...SCALAR_F64.load,
        ...rj,
        ...SCALAR_F64.load,
        0xa2,
        ...SCALAR_F64.store,
        ...rj,
        ...at(SIGN, I, 8),
        ...SCALAR_F64.load,
        ...get(A),
        0xa2,
        ...SCALAR_F64.store,
        0x05,
        ...get(J),
        ...get(I),
        0x46,
        0x04,
        0x40,
        ...ri,
        ...at(SIGN, I, 8),
        ...SCALAR_F64.load,
        ...ri,
        ...SCALAR_F64.load,
        0xa2,
        ...SCALAR_F64.store,
        0x0b,
        0x0b,
      ]),
    ]),
  };
}

type Kernel = (...args: number[]) => void;

/** The compiled kernels. `rotate` and `adjoint` take s ≥ 2; the `1` forms s = 1. */
export interface PauliKernels {
  rotate: Kernel;
  rotate1: Kernel;
  adjoint: Kernel;
  adjoint1: Kernel;
  permute: Kernel;
}

let kernels: PauliKernels | null | undefined;

/** The module's bytes. */
function pauliModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule([
    rotate(VECTOR, 'p_rotate'),
    rotate(SCALAR, 'p_rotate_1'),
    adjoint(VECTOR, 'p_adjoint'),
    adjoint(SCALAR, 'p_adjoint_1'),
    permute(),
  ]);
}

/** The kernels, or null where WebAssembly SIMD is unavailable or the JavaScript kernels are forced. */
export function pauliKernels(): PauliKernels | null {
  if (kernelBackend() !== 'auto') return null;
  if (kernels !== undefined) return kernels;
  const bytes = pauliModuleBytes();
  const memory = arenaMemory();
  if (memory === null || !WebAssembly.validate(bytes)) return (kernels = null);
  const fns = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<
    string,
    Kernel
  >;
  return (kernels = {
    rotate: fns.p_rotate,
    rotate1: fns.p_rotate_1,
    adjoint: fns.p_adjoint,
    adjoint1: fns.p_adjoint_1,
    permute: fns.p_permute,
  });
}
