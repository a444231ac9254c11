/**
 * A minimal WebAssembly assembler: opcodes as byte arrays, structured loops, and a module writer for functions whose
 * parameters are all i32 (byte addresses and counts) and that return nothing. The kernels are written with it in
 * TypeScript, so the project ships no binary and needs no compiler.
 */

/** A sequence of instruction bytes. */
export type Code = number[];

export const I32 = 0x7f;
export const F64 = 0x7c;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32 constants). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const get = (l: number): Code => [0x20, ...uleb(l)];
export const set = (l: number): Code => [0x21, ...uleb(l)];
export const i32 = (v: number): Code => [0x41, ...sleb(v)];
export const add = [0x6a];
export const sub = [0x6b];
export const mul = [0x6c];
export const and = [0x71];
export const or = [0x72];
export const shl = [0x74];
export const shrU = [0x76];
export const ne = [0x47];
export const ltS = [0x48];
export const geS = [0x4e];
export const select = [0x1b];
export const i32Load = (offset = 0): Code => [0x28, 2, ...uleb(offset)];
export const i32Load8U = (offset = 0): Code => [0x2d, 0, ...uleb(offset)];
export const i32Store8 = (offset = 0): Code => [0x3a, 0, ...uleb(offset)];
const f64PromoteF32 = [0xbb];
export const simd = (op: number, ...imm: number[]): Code => [0xfd, ...uleb(op), ...imm];
// Alignment hints of 0: rows of shifted image slices start at any element.
export const v128Load = (offset = 0): Code => simd(0x00, 0, ...uleb(offset));
export const v128Store = (offset = 0): Code => simd(0x0b, 0, ...uleb(offset));
export const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));

/** `local += by`. */
export const inc = (local: number, by: Code): Code => [...get(local), ...by, ...add, ...set(local)];

/** A do-while loop: runs `body` at least once while it leaves a non-zero condition produced by `condition`. */
/** Sets local `to` to the byte address of row `row` of `length` doubles from byte address `base` (all locals). */
export const f64RowAddress = (base: number, row: number, length: number, to: number): Code => [
  ...get(base),
  ...get(row),
  ...get(length),
  ...mul,
  ...i32(8),
  ...mul,
  ...add,
  ...set(to),
];

export const doWhile = (body: Code, condition: Code): Code => [0x03, 0x40, ...body, ...condition, 0x0d, 0, 0x0b];

/** for (counter = 0; counter < limit; counter++) body — zero iterations when limit ≤ 0. */
export function forUp(counter: number, limit: Code, body: Code): Code {
  return [
    ...i32(0),
    ...set(counter),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(counter),
    ...limit,
    ...geS,
    0x0d,
    1,
    ...body,
    ...inc(counter, i32(1)),
    0x0c,
    0,
    0x0b,
    0x0b,
  ];
}

/** if (condition) then. */
export const ifThen = (condition: Code, then: Code): Code => [...condition, 0x04, 0x40, ...then, 0x0b];

/** Scalar element operations of one floating-point type. */
export interface Scalar {
  readonly type: number;
  readonly size: number;
  readonly load: Code;
  readonly store: Code;
  readonly add: Code;
  readonly sub: Code;
  readonly mul: Code;
  readonly gt: Code;
  readonly zero: Code;
  /** Converts the value on the stack to f64. */
  readonly toF64: Code;
}

export const SCALAR_F64: Scalar = {
  type: F64,
  size: 8,
  load: [0x2b, 3, 0],
  store: [0x39, 3, 0],
  add: [0xa0],
  sub: [0xa1],
  mul: [0xa2],
  gt: [0x64],
  zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  toF64: [],
};
export const SCALAR_F32: Scalar = {
  type: F32,
  size: 4,
  load: [0x2a, 2, 0],
  store: [0x38, 2, 0],
  add: [0x92],
  sub: [0x93],
  mul: [0x94],
  gt: [0x5e],
  zero: [0x43, 0, 0, 0, 0],
  toF64: f64PromoteF32,
};

/** Lane-wise arithmetic of 16-byte vectors of one floating-point type, and the splat of a scalar into them. */
export interface VectorOps {
  readonly add: Code;
  readonly sub: Code;
  readonly mul: Code;
  readonly splat: Code;
}

export const F64X2: VectorOps = { add: simd(0xf0), sub: simd(0xf1), mul: simd(0xf2), splat: simd(0x14) };
export const F32X4: VectorOps = { add: simd(0xe4), sub: simd(0xe5), mul: simd(0xe6), splat: simd(0x13) };

/**
 * One exported function: `params` parameters (i32, except the last `f64Params`, which are f64), extra locals as
 * [count, type] groups, and its body.
 */
export interface WasmFunction {
  name: string;
  params: number;
  f64Params?: number;
  locals: ReadonlyArray<readonly [number, number]>;
  body: Code;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** A module importing its memory as ('env', 'memory') and exporting every function by name. */
export function assembleModule(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const signature = (f: WasmFunction): number[] =>
    Array.from({ length: f.params }, (_v, i) => (i >= f.params - (f.f64Params ?? 0) ? F64 : I32));
  const keys = [...new Set(functions.map((f) => signature(f).join(',')))];
  const types = section(1, [
    ...uleb(keys.length),
    ...keys.flatMap((k) => {
      const params = k === '' ? [] : k.split(',').map(Number);
      return [0x60, ...uleb(params.length), ...params, 0];
    }),
  ]);
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]);
  const decls = section(3, [
    ...uleb(functions.length),
    ...functions.flatMap((f) => uleb(keys.indexOf(signature(f).join(',')))),
  ]);
  const exports = section(7, [
    ...uleb(functions.length),
    ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...uleb(i)]),
  ]);
  const bodies = functions.map((f) => {
    const code = [
      ...uleb(f.locals.length),
      ...f.locals.flatMap(([count, type]) => [...uleb(count), type]),
      ...f.body,
      0x0b,
    ];
    return [...uleb(code.length), ...code];
  });
  const code = section(10, [...uleb(functions.length), ...bodies.flat()]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...decls, ...exports, ...code]);
}
