/**
 * Small dense complex matrices, stored row-major with interleaved real and imaginary parts: entry (r, c) of a
 * dim x dim matrix is at offset 2(r·dim + c). Used to build gate matrices, fuse rotations and form derivative
 * operators; the hot loops over state vectors never call these.
 */

/** out = a† (conjugate transpose; out must not alias a). */
export function cadjoint(a: Float64Array, ao: number, out: Float64Array, oo: number, dim = 2): void {
  for (let r = 0; r < dim; r++) {
    for (let c = 0; c < dim; c++) {
      out[oo + 2 * (c * dim + r)] = a[ao + 2 * (r * dim + c)];
      out[oo + 2 * (c * dim + r) + 1] = -a[ao + 2 * (r * dim + c) + 1];
    }
  }
}

/** Conjugates a matrix in place (the column half of a density matrix evolves with U*). */
export function cconjugate(a: Float64Array, ao: number, dim = 2): void {
  for (let i = 1; i < 2 * dim * dim; i += 2) a[ao + i] = -a[ao + i];
}

/** Writes the identity. */
export function cidentity(out: Float64Array, oo: number, dim = 2): void {
  out.fill(0, oo, oo + 2 * dim * dim);
  for (let i = 0; i < dim; i++) out[oo + 2 * (i * dim + i)] = 1;
}

/** Writes a 2x2 matrix from its four complex entries. */
export function set2(
  out: Float64Array,
  oo: number,
  ar: number,
  ai: number,
  br: number,
  bi: number,
  cr: number,
  ci: number,
  dr: number,
  di: number,
): void {
  out[oo] = ar;
  out[oo + 1] = ai;
  out[oo + 2] = br;
  out[oo + 3] = bi;
  out[oo + 4] = cr;
  out[oo + 5] = ci;
  out[oo + 6] = dr;
  out[oo + 7] = di;
}

/** The 4x4 matrix of a gate that applies the 2x2 `u` to the second wire when the first wire is |1>. */
export function controlled(u: Float64Array, uo: number, out: Float64Array, oo: number): void {
  cidentity(out, oo, 4);
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      out[oo + 2 * ((2 + r) * 4 + 2 + c)] = u[uo + 2 * (r * 2 + c)];
      out[oo + 2 * ((2 + r) * 4 + 2 + c) + 1] = u[uo + 2 * (r * 2 + c) + 1];
    }
  }
}

/** out = a·b for 2x2 complex matrices, unrolled; `out` may alias `a` or `b`. */
export function mul2(a: Float64Array, ao: number, b: Float64Array, bo: number, out: Float64Array, oo: number): void {
  const a0 = a[ao],
    a1 = a[ao + 1],
    a2 = a[ao + 2],
    a3 = a[ao + 3],
    a4 = a[ao + 4],
    a5 = a[ao + 5],
    a6 = a[ao + 6],
    a7 = a[ao + 7];
  const b0 = b[bo],
    b1 = b[bo + 1],
    b2 = b[bo + 2],
    b3 = b[bo + 3],
    b4 = b[bo + 4],
    b5 = b[bo + 5],
    b6 = b[bo + 6],
    b7 = b[bo + 7];
  out[oo] = a0 * b0 - a1 * b1 + a2 * b4 - a3 * b5;
  out[oo + 1] = a0 * b1 + a1 * b0 + a2 * b5 + a3 * b4;
  out[oo + 2] = a0 * b2 - a1 * b3 + a2 * b6 - a3 * b7;
  out[oo + 3] = a0 * b3 + a1 * b2 + a2 * b7 + a3 * b6;
  out[oo + 4] = a4 * b0 - a5 * b1 + a6 * b4 - a7 * b5;
  out[oo + 5] = a4 * b1 + a5 * b0 + a6 * b5 + a7 * b4;
  out[oo + 6] = a4 * b2 - a5 * b3 + a6 * b6 - a7 * b7;
  out[oo + 7] = a4 * b3 + a5 * b2 + a6 * b7 + a7 * b6;
}

/** out = a·b† for 2x2 complex matrices, unrolled; `out` may alias `a` or `b`. */
export function mul2Adjoint(
  a: Float64Array,
  ao: number,
  b: Float64Array,
  bo: number,
  out: Float64Array,
  oo: number,
): void {
  const a0 = a[ao],
    a1 = a[ao + 1],
    a2 = a[ao + 2],
    a3 = a[ao + 3],
    a4 = a[ao + 4],
    a5 = a[ao + 5],
    a6 = a[ao + 6],
    a7 = a[ao + 7];
  // b† = [[conj b00, conj b10], [conj b01, conj b11]]
  const b0 = b[bo],
    b1 = -b[bo + 1],
    b2 = b[bo + 4],
    b3 = -b[bo + 5],
    b4 = b[bo + 2],
    b5 = -b[bo + 3],
    b6 = b[bo + 6],
    b7 = -b[bo + 7];
  out[oo] = a0 * b0 - a1 * b1 + a2 * b4 - a3 * b5;
  out[oo + 1] = a0 * b1 + a1 * b0 + a2 * b5 + a3 * b4;
  out[oo + 2] = a0 * b2 - a1 * b3 + a2 * b6 - a3 * b7;
  out[oo + 3] = a0 * b3 + a1 * b2 + a2 * b7 + a3 * b6;
  out[oo + 4] = a4 * b0 - a5 * b1 + a6 * b4 - a7 * b5;
  out[oo + 5] = a4 * b1 + a5 * b0 + a6 * b5 + a7 * b4;
  out[oo + 6] = a4 * b2 - a5 * b3 + a6 * b6 - a7 * b7;
  out[oo + 7] = a4 * b3 + a5 * b2 + a6 * b7 + a7 * b6;
}
