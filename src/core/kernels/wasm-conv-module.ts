import {
  add,
  and,
  forUp,
  geS,
  get,
  i32,
  i32Load8U,
  i32Store8,
  ifThen,
  inc,
  ltS,
  mul,
  ne,
  or,
  select,
  set,
  shl,
  shrU,
  simd,
  sub,
  v128Load,
  v128Store,
  v128Zero,
  F32X4,
  F64,
  F64X2,
  I32,
  SCALAR_F32,
  SCALAR_F64,
  V128,
  type Code,
  type Scalar,
  type WasmFunction,
} from './wasm-asm.js';

/**
 * The passes around the implicit convolution (conv-implicit.ts), as scalar WebAssembly in float64 and float32: the
 * same loops in JavaScript are polymorphic over the element type and call-heavy, and measured 3-5x slower. Every
 * argument is an i32 (byte addresses into the arena, counts, byte strides). Names end in _f64 or _f32.
 *
 *   pad(src, dst, planes, h, w, dstRow, dstPlane)            copies contiguous h x w planes into a strided layout
 *   unpad_add(src, dst, planes, h, w, srcRow, srcPlane)      dst (contiguous planes) += src (strided)
 *   pool(c, ld, channels, poolH, poolW, pool, row, bias, out, codes, px0)
 *       per channel row of a product (output pixel (y, x) at c + channel·ld + y·row + x·size): adds the bias,
 *       takes each window's first maximum, applies ReLU, and writes the pooled value and its winner code
 *       (dy << 4 | dx, or 255 where the maximum was ≤ 0), for pooled columns px0 ≤ px < poolW
 *   pool2(c, ld, channels, poolH, poolW, groups, row, bias, out, codes)
 *       the same for pool = 2 on SIMD lanes (groups = ⌈poolW / lanes⌉, lanes 2 or 4, poolW ≥ lanes)
 *   scatter(g, codes, channels, poolH, poolW, pool, write, dst1, chan1, row1, col1, dst2, chan2, row2, col2)
 *       sends each pooled gradient to its winner, at dst + channel·chan + y·row + x·col of destination 1 and/or 2
 *       (bits 1 and 2 of `write`)
 */

/**
 * pad (`unpad` false) or unpad_add (`unpad` true): the same walk over planes x h x w elements, one side contiguous
 * and the other strided (rows `row` bytes apart, planes `plane` bytes apart); pad copies the contiguous source into
 * the strided destination, unpad_add adds the strided source into the contiguous destination.
 */
function planes(t: Scalar, unpad: boolean): WasmFunction {
  const [SRC, DST, PLANES, H, W, ROW, PLANE, PL, Y, X, S, D] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [contiguous, contiguousAt, strided, stridedAt] = unpad ? [DST, D, SRC, S] : [SRC, S, DST, D];
  const element = unpad
    ? [...get(D), ...get(D), ...t.load, ...get(S), ...t.load, ...t.add, ...t.store]
    : [...get(D), ...get(S), ...t.load, ...t.store];
  return {
    name: `${unpad ? 'unpad_add' : 'pad'}_${t.type === F64 ? 'f64' : 'f32'}`,
    params: 7,
    locals: [[5, I32]],
    body: [
      ...get(contiguous),
      ...set(contiguousAt),
      ...forUp(
        PL,
        get(PLANES),
        forUp(Y, get(H), [
          ...get(strided),
          ...get(PL),
          ...get(PLANE),
          ...mul,
          ...add,
          ...get(Y),
          ...get(ROW),
          ...mul,
          ...add,
          ...set(stridedAt),
          ...forUp(X, get(W), [...element, ...inc(D, i32(t.size)), ...inc(S, i32(t.size))]),
        ]),
      ),
    ],
  };
}

function pool(t: Scalar): WasmFunction {
  const [C, LD, CH, PH, PW, POOL, ROW, BIAS, OUT, CODES, PX0] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [CO, PY, PX, DY, DX, R, AT, FIRST, ROWC, O] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [BEST, V, BC] = [21, 22, 23];
  const positive = [...get(BEST), ...t.zero, ...t.gt];
  const window = forUp(DY, get(POOL), [
    // r = rowc + (py·pool + dy)·row + px·pool·size
    ...get(ROWC),
    ...get(PY),
    ...get(POOL),
    ...mul,
    ...get(DY),
    ...add,
    ...get(ROW),
    ...mul,
    ...add,
    ...get(PX),
    ...get(POOL),
    ...mul,
    ...i32(t.size),
    ...mul,
    ...add,
    ...set(R),
    ...forUp(DX, get(POOL), [
      ...get(R),
      ...t.load,
      ...get(BC),
      ...t.add,
      ...set(V),
      ...ifThen(
        [...get(FIRST), ...get(V), ...get(BEST), ...t.gt, ...or],
        [
          ...get(V),
          ...set(BEST),
          ...get(DY),
          ...i32(4),
          ...shl,
          ...get(DX),
          ...or,
          ...set(AT),
          ...i32(0),
          ...set(FIRST),
        ],
      ),
      ...inc(R, i32(t.size)),
    ]),
  ]);
  return {
    name: `pool_${t.type === F64 ? 'f64' : 'f32'}`,
    params: 11,
    locals: [
      [10, I32],
      [3, t.type],
    ],
    body: forUp(CO, get(CH), [
      ...get(BIAS),
      ...get(CO),
      ...i32(t.size),
      ...mul,
      ...add,
      ...t.load,
      ...set(BC),
      ...get(C),
      ...get(CO),
      ...get(LD),
      ...mul,
      ...add,
      ...set(ROWC),
      ...forUp(PY, get(PH), [
        ...get(PX0),
        ...set(PX),
        0x02,
        0x40,
        0x03,
        0x40,
        ...get(PX),
        ...get(PW),
        ...geS,
        0x0d,
        1,
        ...i32(1),
        ...set(FIRST),
        ...window,
        // o = (co·poolH + py)·poolW + px
        ...get(CO),
        ...get(PH),
        ...mul,
        ...get(PY),
        ...add,
        ...get(PW),
        ...mul,
        ...get(PX),
        ...add,
        ...set(O),
        ...get(OUT),
        ...get(O),
        ...i32(t.size),
        ...mul,
        ...add,
        ...get(BEST),
        ...t.zero,
        ...positive,
        ...select,
        ...t.store,
        ...get(CODES),
        ...get(O),
        ...add,
        ...get(AT),
        ...i32(255),
        ...positive,
        ...select,
        ...i32Store8(),
        ...inc(PX, i32(1)),
        0x0c,
        0,
        0x0b,
        0x0b,
      ]),
    ]),
  };
}

/** SIMD lane operations of one floating-point type for the 2x2 pool. */
interface Lanes {
  scalar: Scalar;
  /** Elements per vector. */
  count: number;
  splat: Code;
  add: Code;
  gt: Code;
  /** A vector of code lanes (i32x4 or i64x2) all equal to `v`. */
  codes: (v: number) => Code;
  /** Byte shuffles picking the even and the odd elements of two vectors. */
  evens: number[];
  odds: number[];
  /** Packs two copies of the code lanes (on the stack) into a vector whose first `count` bytes are the codes. */
  packCodes: (scratch: number) => Code;
  /** Stores `count` bytes from the low lanes of the packed vector (address below it on the stack). */
  storeCodes: Code;
}

const byteLanes = (elements: number[], size: number): number[] =>
  elements.flatMap((e) => Array.from({ length: size }, (_v, b) => e * size + b));
const LANES_F32: Lanes = {
  scalar: SCALAR_F32,
  count: 4,
  splat: F32X4.splat,
  add: F32X4.add,
  gt: simd(0x44),
  codes: (v) => [...i32(v), ...simd(0x11)],
  evens: byteLanes([0, 2, 4, 6], 4),
  odds: byteLanes([1, 3, 5, 7], 4),
  // i32x4 → i16x8 → i8x16 (unsigned saturating narrows of values ≤ 255), then the low 4 bytes as one i32.
  packCodes: (scratch) => [...simd(0x86), ...set(scratch), ...get(scratch), ...get(scratch), ...simd(0x66)],
  storeCodes: [...simd(0x1b, 0), 0x36, 0, 0],
};
const LANES_F64: Lanes = {
  scalar: SCALAR_F64,
  count: 2,
  splat: F64X2.splat,
  add: F64X2.add,
  gt: simd(0x4a),
  codes: (v) => [0x42, ...i32(v).slice(1), ...simd(0x12)],
  evens: byteLanes([0, 2], 8),
  odds: byteLanes([1, 3], 8),
  // Bytes 0 and 8 (the low bytes of the two i64 lanes) to bytes 0 and 1, stored as one i16.
  packCodes: () => simd(0x0d, 0, 8, ...new Array<number>(14).fill(0)),
  storeCodes: [...simd(0x19, 0), 0x3b, 0, 0],
};

/**
 * 2x2 max-pool pass on SIMD lanes: per channel row and pooled row, `groups` = ⌈poolW / count⌉ groups of `count`
 * windows (2·count columns of two grid rows) at a time (poolW ≥ count). The two rows' even and odd columns are the
 * window's candidates in the scalar pass's order; greater-than masks and bit selects keep the first maximum and its
 * code, so results are identical to {@link pool}.
 */
function pool2(l: Lanes): WasmFunction {
  const t = l.scalar;
  const [C, LD, CH, PH, PW, GROUPS, ROW, BIAS, OUT, CODES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [CO, PY, G, R, O, PX] = [10, 11, 12, 13, 14, 15];
  const [BC, BEST, AT, CAND, M, A, B] = [16, 17, 18, 19, 20, 21, 22];
  const candidate = (row: number[], lanes: number[]): Code => [
    ...get(R),
    ...row,
    ...v128Load(0),
    ...get(R),
    ...row,
    ...v128Load(16),
    ...simd(0x0d, ...lanes),
    ...get(BC),
    ...l.add,
  ];
  const better = (code: number): Code => [
    ...set(CAND),
    ...get(CAND),
    ...get(BEST),
    ...l.gt,
    ...set(M),
    ...get(CAND),
    ...get(BEST),
    ...get(M),
    ...simd(0x52),
    ...set(BEST),
    ...l.codes(code),
    ...get(AT),
    ...get(M),
    ...simd(0x52),
    ...set(AT),
  ];
  const next = [...get(ROW), ...add];
  return {
    name: `pool2_${t.type === F64 ? 'f64' : 'f32'}`,
    params: 10,
    locals: [
      [6, I32],
      [7, V128],
    ],
    body: forUp(CO, get(CH), [
      ...get(BIAS),
      ...get(CO),
      ...i32(t.size),
      ...mul,
      ...add,
      ...t.load,
      ...l.splat,
      ...set(BC),
      ...forUp(
        PY,
        get(PH),
        forUp(G, get(GROUPS), [
          // The group's first window: g·count, or poolW - count for the last group (overlapping its predecessor, whose
          // windows it recomputes identically). r = c + co·ld + 2·py·row + 2·px·size;  o = (co·poolH + py)·poolW + px
          ...get(G),
          ...i32(l.count),
          ...mul,
          ...set(PX),
          ...get(PW),
          ...i32(l.count),
          ...sub,
          ...set(O),
          ...get(PX),
          ...get(O),
          ...get(PX),
          ...get(O),
          ...ltS,
          ...select,
          ...set(PX),
          ...get(C),
          ...get(CO),
          ...get(LD),
          ...mul,
          ...add,
          ...get(PY),
          ...i32(2),
          ...mul,
          ...get(ROW),
          ...mul,
          ...add,
          ...get(PX),
          ...i32(2 * t.size),
          ...mul,
          ...add,
          ...set(R),
          ...get(CO),
          ...get(PH),
          ...mul,
          ...get(PY),
          ...add,
          ...get(PW),
          ...mul,
          ...get(PX),
          ...add,
          ...set(O),
          ...candidate([], l.evens),
          ...set(BEST),
          ...v128Zero,
          ...set(AT),
          ...candidate([], l.odds),
          ...better(0x01),
          ...candidate(next, l.evens),
          ...better(0x10),
          ...candidate(next, l.odds),
          ...better(0x11),
          ...v128Zero,
          ...set(A),
          ...get(BEST),
          ...get(A),
          ...l.gt,
          ...set(M),
          ...get(OUT),
          ...get(O),
          ...i32(t.size),
          ...mul,
          ...add,
          ...get(BEST),
          ...get(A),
          ...get(M),
          ...simd(0x52),
          ...v128Store(0),
          ...get(CODES),
          ...get(O),
          ...add,
          ...get(AT),
          ...l.codes(255),
          ...get(M),
          ...simd(0x52),
          ...set(B),
          ...get(B),
          ...get(B),
          ...l.packCodes(B),
          ...l.storeCodes,
        ]),
      ),
    ]),
  };
}

function scatter(t: Scalar): WasmFunction {
  const [G, CODES, CH, PH, PW, POOL, WRITE] = [0, 1, 2, 3, 4, 5, 6];
  const DEST = [
    [7, 8, 9, 10],
    [11, 12, 13, 14],
  ];
  const [CO, PY, PX, O, CODE, ACTIVE, DY, DX] = [15, 16, 17, 18, 19, 20, 21, 22];
  const V = 23;
  const target = ([dst, chan, row, col]: number[]): Code => [
    ...get(dst),
    ...get(CO),
    ...get(chan),
    ...mul,
    ...add,
    ...get(PY),
    ...get(POOL),
    ...mul,
    ...get(DY),
    ...add,
    ...get(row),
    ...mul,
    ...add,
    ...get(PX),
    ...get(POOL),
    ...mul,
    ...get(DX),
    ...add,
    ...get(col),
    ...mul,
    ...add,
  ];
  // Branch-free (whether a window is active is a coin flip): an inactive window writes 0 at its first position, where
  // no other value goes.
  return {
    name: `scatter_${t.type === F64 ? 'f64' : 'f32'}`,
    params: 15,
    locals: [
      [8, I32],
      [1, t.type],
    ],
    body: forUp(
      CO,
      get(CH),
      forUp(
        PY,
        get(PH),
        forUp(PX, get(PW), [
          ...get(CO),
          ...get(PH),
          ...mul,
          ...get(PY),
          ...add,
          ...get(PW),
          ...mul,
          ...get(PX),
          ...add,
          ...set(O),
          ...get(CODES),
          ...get(O),
          ...add,
          ...i32Load8U(),
          ...set(CODE),
          ...get(CODE),
          ...i32(255),
          ...ne,
          ...set(ACTIVE),
          ...get(CODE),
          ...i32(4),
          ...shrU,
          ...i32(0),
          ...get(ACTIVE),
          ...select,
          ...set(DY),
          ...get(CODE),
          ...i32(15),
          ...and,
          ...i32(0),
          ...get(ACTIVE),
          ...select,
          ...set(DX),
          ...get(G),
          ...get(O),
          ...i32(t.size),
          ...mul,
          ...add,
          ...t.load,
          ...t.zero,
          ...get(ACTIVE),
          ...select,
          ...set(V),
          ...DEST.flatMap((d, k) =>
            ifThen([...get(WRITE), ...i32(1 << k), ...and], [...target(d), ...get(V), ...t.store]),
          ),
        ]),
      ),
    ),
  };
}

/** The convolution passes in both precisions. */
export function convFunctions(): WasmFunction[] {
  return [
    ...[SCALAR_F64, SCALAR_F32].flatMap((t) => [planes(t, false), planes(t, true), pool(t), scatter(t)]),
    pool2(LANES_F64),
    pool2(LANES_F32),
  ];
}
