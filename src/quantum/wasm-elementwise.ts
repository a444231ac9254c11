import {
  f64RowAddress,
  forUp,
  get,
  i32,
  inc,
  set,
  v128Load,
  v128Store,
  F64X2,
  I32,
  V128,
  type Code,
  type WasmFunction,
} from '../core/kernels/wasm-asm.js';

/**
 * Element-wise kernels of the statevector module (assembled with those of wasm-statevector.ts), two amplitudes per
 * f64x2 step; each result is computed as in the JavaScript loops they replace, so results are bitwise identical:
 *
 *   q_diag(re, im, batch, amps, diag)      multiplies every sample by a real diagonal (applyDiagonal)
 *   q_squares(re, im, out, count)          out[k] = re[k]·re[k] + im[k]·im[k] (|amplitude|², count even)
 */

/** The diagonal kernel. */
export function diagonal(): WasmFunction {
  const [RE, IM, BATCH, AMPS, DIAG] = [0, 1, 2, 3, 4];
  const [B, K, R, I, D] = [5, 6, 7, 8, 9];
  const V = 10;
  const scale = (at: number): Code => [
    ...get(at),
    ...get(at),
    ...v128Load(0),
    ...get(V),
    ...F64X2.mul,
    ...v128Store(0),
  ];
  return {
    name: 'q_diag',
    params: 5,
    locals: [
      [5, I32],
      [1, V128],
    ],
    body: forUp(B, get(BATCH), [
      ...f64RowAddress(RE, B, AMPS, R),
      ...f64RowAddress(IM, B, AMPS, I),
      ...get(DIAG),
      ...set(D),
      // Two amplitudes at a time (amps is a power of two, at least 2).
      ...forUp(
        K,
        [...get(AMPS), ...i32(1), 0x76],
        [
          ...get(D),
          ...v128Load(0),
          ...set(V),
          ...scale(R),
          ...scale(I),
          ...inc(R, i32(16)),
          ...inc(I, i32(16)),
          ...inc(D, i32(16)),
        ],
      ),
    ]),
  };
}

/** The squared-magnitude kernel. */
export function squares(): WasmFunction {
  const [RE, IM, OUT, COUNT] = [0, 1, 2, 3];
  const [K, R, I] = [4, 5, 6];
  const square = (at: number): Code => [...get(at), ...v128Load(0), ...get(at), ...v128Load(0), ...F64X2.mul];
  return {
    name: 'q_squares',
    params: 4,
    locals: [[3, I32]],
    body: [
      ...get(RE),
      ...set(R),
      ...get(IM),
      ...set(I),
      ...forUp(
        K,
        [...get(COUNT), ...i32(1), 0x76],
        [
          ...get(OUT),
          ...square(R),
          ...square(I),
          ...F64X2.add,
          ...v128Store(0),
          ...inc(R, i32(16)),
          ...inc(I, i32(16)),
          ...inc(OUT, i32(16)),
        ],
      ),
    ],
  };
}
