import {
  add, and, eq, f64Add, forUp, get, i32, i32Load8U, i32Store8, ifThen, inc, mul, or, select, set, shl, shrU, F64, I32,
  SCALAR_F32, SCALAR_F64, type Code, type Scalar, type WasmFunction,
} from './wasm-asm.js';

/**
 * The passes around the implicit convolution (conv-implicit.ts), as scalar WebAssembly in float64 and float32: the
 * same loops in JavaScript are polymorphic over the element type and call-heavy, and measured 3-5x slower. Every
 * argument is an i32 (byte addresses into the arena, counts, byte strides). Names end in _f64 or _f32.
 *
 *   pad(src, dst, planes, h, w, dstRow, dstPlane)            copies contiguous h x w planes into a strided layout
 *   unpad_add(src, dst, planes, h, w, srcRow, srcPlane)      dst (contiguous planes) += src (strided)
 *   pool(c, ld, channels, poolH, poolW, pool, row, bias, out, codes)
 *       per channel row of a product (output pixel (y, x) at c + channel·ld + y·row + x·size): adds the bias,
 *       takes each window's first maximum, applies ReLU, and writes the pooled value and its winner code
 *       (dy << 4 | dx, or 255 where the maximum was ≤ 0)
 *   scatter(g, codes, channels, poolH, poolW, pool, dst, chan, row, col, sums, write)
 *       sends each pooled gradient to its winner (at dst + channel·chan + y·row + x·col, when `write`) and writes
 *       each channel's sum in plane order, in float64, to sums[channel]
 */

const F64_STORE: Code = [0x39, 3, 0];

function pad(t: Scalar): WasmFunction {
  const [SRC, DST, PLANES, H, W, DROW, DPLANE, PL, Y, X, S, D] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return {
    name: `pad_${t.type === F64 ? 'f64' : 'f32'}`, params: 7, locals: [[5, I32]],
    body: [
      ...get(SRC), ...set(S),
      ...forUp(PL, get(PLANES), forUp(Y, get(H), [
        ...get(DST), ...get(PL), ...get(DPLANE), ...mul, ...add, ...get(Y), ...get(DROW), ...mul, ...add, ...set(D),
        ...forUp(X, get(W), [...get(D), ...get(S), ...t.load, ...t.store, ...inc(D, i32(t.size)), ...inc(S, i32(t.size))]),
      ])),
    ],
  };
}

function unpadAdd(t: Scalar): WasmFunction {
  const [SRC, DST, PLANES, H, W, SROW, SPLANE, PL, Y, X, S, D] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  return {
    name: `unpad_add_${t.type === F64 ? 'f64' : 'f32'}`, params: 7, locals: [[5, I32]],
    body: [
      ...get(DST), ...set(D),
      ...forUp(PL, get(PLANES), forUp(Y, get(H), [
        ...get(SRC), ...get(PL), ...get(SPLANE), ...mul, ...add, ...get(Y), ...get(SROW), ...mul, ...add, ...set(S),
        ...forUp(X, get(W), [
          ...get(D), ...get(D), ...t.load, ...get(S), ...t.load, ...t.add, ...t.store,
          ...inc(D, i32(t.size)), ...inc(S, i32(t.size)),
        ]),
      ])),
    ],
  };
}

function pool(t: Scalar): WasmFunction {
  const [C, LD, CH, PH, PW, POOL, ROW, BIAS, OUT, CODES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [CO, PY, PX, DY, DX, R, AT, FIRST, ROWC] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
  const [BEST, V, BC] = [19, 20, 21];
  const positive = [...get(BEST), ...t.zero, ...t.gt];
  const window = forUp(DY, get(POOL), [
    // r = rowc + (py·pool + dy)·row + px·pool·size
    ...get(ROWC), ...get(PY), ...get(POOL), ...mul, ...get(DY), ...add, ...get(ROW), ...mul, ...add,
    ...get(PX), ...get(POOL), ...mul, ...i32(t.size), ...mul, ...add, ...set(R),
    ...forUp(DX, get(POOL), [
      ...get(R), ...t.load, ...get(BC), ...t.add, ...set(V),
      ...ifThen([...get(FIRST), ...get(V), ...get(BEST), ...t.gt, ...or], [
        ...get(V), ...set(BEST),
        ...get(DY), ...i32(4), ...shl, ...get(DX), ...or, ...set(AT),
        ...i32(0), ...set(FIRST),
      ]),
      ...inc(R, i32(t.size)),
    ]),
  ]);
  return {
    name: `pool_${t.type === F64 ? 'f64' : 'f32'}`, params: 10, locals: [[9, I32], [3, t.type]],
    body: forUp(CO, get(CH), [
      ...get(BIAS), ...get(CO), ...i32(t.size), ...mul, ...add, ...t.load, ...set(BC),
      ...get(C), ...get(CO), ...get(LD), ...mul, ...add, ...set(ROWC),
      ...forUp(PY, get(PH), forUp(PX, get(PW), [
        ...i32(1), ...set(FIRST),
        ...window,
        ...get(OUT), ...get(BEST), ...t.zero, ...positive, ...select, ...t.store,
        ...get(CODES), ...get(AT), ...i32(255), ...positive, ...select, ...i32Store8(),
        ...inc(OUT, i32(t.size)), ...inc(CODES, i32(1)),
      ])),
    ]),
  };
}

function scatter(t: Scalar): WasmFunction {
  const [G, CODES, CH, PH, PW, POOL, DST, CHAN, ROWB, COLB, SUMS, WRITE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [CO, PY, DY, PX, O, CODE, SUM, V] = [12, 13, 14, 15, 16, 17, 18, 19];
  const gAt = [...get(G), ...get(O), ...i32(t.size), ...mul, ...add];
  const target = [
    ...get(DST), ...get(CO), ...get(CHAN), ...mul, ...add,
    ...get(PY), ...get(POOL), ...mul, ...get(DY), ...add, ...get(ROWB), ...mul, ...add,
    ...get(PX), ...get(POOL), ...mul, ...get(CODE), ...i32(15), ...and, ...add, ...get(COLB), ...mul, ...add,
  ];
  return {
    name: `scatter_${t.type === F64 ? 'f64' : 'f32'}`, params: 12, locals: [[6, I32], [1, F64], [1, t.type]],
    body: forUp(CO, get(CH), [
      ...SCALAR_F64.zero, ...set(SUM),
      ...forUp(PY, get(PH), forUp(DY, get(POOL), forUp(PX, get(PW), [
        ...get(CO), ...get(PH), ...mul, ...get(PY), ...add, ...get(PW), ...mul, ...get(PX), ...add, ...set(O),
        ...get(CODES), ...get(O), ...add, ...i32Load8U(), ...set(CODE),
        // Inactive outputs have code 255, whose dy (15) no window of at most 15 rows reaches.
        ...ifThen([...get(CODE), ...i32(4), ...shrU, ...get(DY), ...eq], [
          ...gAt, ...t.load, ...set(V),
          ...get(SUM), ...get(V), ...t.toF64, ...f64Add, ...set(SUM),
          ...ifThen(get(WRITE), [...target, ...get(V), ...t.store]),
        ]),
      ]))),
      ...get(SUMS), ...get(CO), ...i32(8), ...mul, ...add, ...get(SUM), ...F64_STORE,
    ]),
  };
}

/** The convolution passes in both precisions. */
export function convFunctions(): WasmFunction[] {
  return [SCALAR_F64, SCALAR_F32].flatMap((t) => [pad(t), unpadAdd(t), pool(t), scatter(t)]);
}
