/**
 * The bytes of a WebAssembly module with one SIMD kernel, assembled here instead of shipping a binary or a compiler:
 *
 *   gemm(m4, n4, k, a, sai, sak, b, sbk, c, ldc)   (counts, then byte addresses and byte strides)
 *
 * computes C[i, j] = Σ_p A[i, p]·B[p, j] for the full 4x4 tiles of an m4 x n4 block (m4, n4 multiples of 4, k > 0),
 * where B's rows are contiguous (two f64x2 loads give four columns) and A is read one element at a time and
 * splatted. Eight f64x2 accumulators and three operands fit the 16 vector registers of x86-64, so nothing spills.
 * Each lane multiplies and then adds in the same order over p as the scalar JavaScript kernel, so results are
 * bitwise identical to it. Memory is imported ('env', 'memory') so the caller can grow it.
 */

const I32 = 0x7f;
const V128 = 0x7b;

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

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

// Parameters (all i32) and locals, by index.
const [M4, N4, K, A, SAI, SAK, B, SBK, C, LDC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const [I, J, P, PA0, PA1, PA2, PA3, PB, CP] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
const [B01, B23, X] = [19, 20, 21];
const ACC = [22, 23, 24, 25, 26, 27, 28, 29];

const get = (l: number): number[] => [0x20, l];
const set = (l: number): number[] => [0x21, l];
const i32 = (v: number): number[] => [0x41, ...uleb(v)];
const add = [0x6a];
const mul = [0x6c];
const sub = [0x6b];
const ltS = [0x48];
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const f64Load = [0x2b, 3, 0];
const v128Load = (offset: number): number[] => simd(0x00, 3, ...uleb(offset));
const v128Store = (offset: number): number[] => simd(0x0b, 3, ...uleb(offset));
const zero = simd(0x0c, ...new Array<number>(16).fill(0));
const splat = simd(0x14);
const fAdd = simd(0xf0);
const fMul = simd(0xf2);
const loop = (body: number[]): number[] => [0x03, 0x40, ...body, 0x0b];
const brIf = (depth: number): number[] => [0x0d, depth];
const inc = (local: number, by: number[]): number[] => [...get(local), ...by, ...add, ...set(local)];

/** acc[r·2] += x·b01 and acc[r·2+1] += x·b23 with x = splat(A at pa_r). */
function rowUpdate(r: number, pa: number): number[] {
  return [
    ...get(pa), ...f64Load, ...splat, ...set(X),
    ...get(ACC[2 * r]), ...get(X), ...get(B01), ...fMul, ...fAdd, ...set(ACC[2 * r]),
    ...get(ACC[2 * r + 1]), ...get(X), ...get(B23), ...fMul, ...fAdd, ...set(ACC[2 * r + 1]),
  ];
}

function body(): number[] {
  const pa = [PA0, PA1, PA2, PA3];
  const pLoop = loop([
    ...get(PB), ...v128Load(0), ...set(B01),
    ...get(PB), ...v128Load(16), ...set(B23),
    ...pa.flatMap((l, r) => rowUpdate(r, l)),
    ...pa.flatMap((l) => inc(l, get(SAK))),
    ...inc(PB, get(SBK)),
    ...get(P), ...i32(1), ...sub, ...set(P),
    ...get(P), ...brIf(0),
  ]);
  const store = ACC.flatMap((acc, t) => [
    ...(t > 0 && t % 2 === 0 ? inc(CP, get(LDC)) : []),
    ...get(CP), ...get(acc), ...v128Store(t % 2 === 0 ? 0 : 16),
  ]);
  const jLoop = loop([
    ...ACC.flatMap((acc) => [...zero, ...set(acc)]),
    // pa0 = a + i·sai; pa1..pa3 one row apart; pb = b + j·8; p = k.
    ...get(A), ...get(I), ...get(SAI), ...mul, ...add, ...set(PA0),
    ...get(PA0), ...get(SAI), ...add, ...set(PA1),
    ...get(PA1), ...get(SAI), ...add, ...set(PA2),
    ...get(PA2), ...get(SAI), ...add, ...set(PA3),
    ...get(B), ...get(J), ...i32(8), ...mul, ...add, ...set(PB),
    ...get(K), ...set(P),
    ...pLoop,
    // cp = c + i·ldc + j·8
    ...get(C), ...get(I), ...get(LDC), ...mul, ...add, ...get(J), ...i32(8), ...mul, ...add, ...set(CP),
    ...store,
    ...inc(J, i32(4)),
    ...get(J), ...get(N4), ...ltS, ...brIf(0),
  ]);
  const iLoop = loop([
    ...i32(0), ...set(J),
    ...jLoop,
    ...inc(I, i32(4)),
    ...get(I), ...get(M4), ...ltS, ...brIf(0),
  ]);
  const locals = [2, ...uleb(9), I32, ...uleb(11), V128];
  const code = [...locals, ...i32(0), ...set(I), ...iLoop, 0x0b];
  return [...uleb(code.length), ...code];
}

/** The module's bytes. */
export function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const type = section(1, [1, 0x60, 10, ...new Array<number>(10).fill(I32), 0]);
  const imports = section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]);
  const functions = section(3, [1, 0]);
  const exports = section(7, [1, ...name('gemm'), 0x00, 0]);
  const code = section(10, [1, ...body()]);
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imports, ...functions, ...exports, ...code]);
}
