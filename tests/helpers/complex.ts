/** Dense complex matrices for tests (interleaved re/im, row-major), independent of src/quantum/matrix.ts. */
export type CMatrix = Float64Array;

/** a·b for dim x dim complex matrices. */
export function cmul(a: CMatrix, b: CMatrix, dim: number): CMatrix {
  const out = new Float64Array(2 * dim * dim);
  for (let r = 0; r < dim; r++) {
    for (let c = 0; c < dim; c++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < dim; k++) {
        const [xr, xi] = [a[2 * (r * dim + k)], a[2 * (r * dim + k) + 1]];
        const [yr, yi] = [b[2 * (k * dim + c)], b[2 * (k * dim + c) + 1]];
        sr += xr * yr - xi * yi;
        si += xr * yi + xi * yr;
      }
      out[2 * (r * dim + c)] = sr;
      out[2 * (r * dim + c) + 1] = si;
    }
  }
  return out;
}

/** Conjugate transpose. */
export function cdagger(a: CMatrix, dim: number): CMatrix {
  const out = new Float64Array(2 * dim * dim);
  for (let r = 0; r < dim; r++) {
    for (let c = 0; c < dim; c++) {
      out[2 * (c * dim + r)] = a[2 * (r * dim + c)];
      out[2 * (c * dim + r) + 1] = -a[2 * (r * dim + c) + 1];
    }
  }
  return out;
}

/** The identity. */
export function cidentity(dim: number): CMatrix {
  const out = new Float64Array(2 * dim * dim);
  for (let i = 0; i < dim; i++) out[2 * (i * dim + i)] = 1;
  return out;
}

/** Largest entrywise |a - b|. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
