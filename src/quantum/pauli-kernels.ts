/**
 * Batched kernels of the Pauli basis (pauli-basis.ts): a batch of real vectors of 4^n entries, sample-major. Wire q
 * with stride s = 4^(n-1-q) groups entries in fours, I at +0, Z at +s, X at +2s, Y at +3s; 3x3 matrices are
 * row-major over (x, y, z), per sample `mStride` apart (9, or 0 when shared).
 */

/** Builds product states: `vecs` holds, per sample and wire, the wire's (I, Z, X, Y) components. */
export function pauliProduct(r: Float64Array, batch: number, wires: number, vecs: Float64Array): void {
  const len = 4 ** wires;
  for (let b = 0; b < batch; b++) {
    const o = b * len;
    r[o] = 1;
    for (let w = 0, size = 1; w < wires; w++, size *= 4) {
      const v = (b * wires + w) * 4;
      const v0 = vecs[v],
        v1 = vecs[v + 1],
        v2 = vecs[v + 2],
        v3 = vecs[v + 3];
      for (let i = size - 1; i >= 0; i--) {
        const x = r[o + i];
        r[o + 4 * i] = x * v0;
        r[o + 4 * i + 1] = x * v1;
        r[o + 4 * i + 2] = x * v2;
        r[o + 4 * i + 3] = x * v3;
      }
    }
  }
}

/** Applies the 3x3 at m (per sample) to one wire's Bloch components. */
export function pauliRotate(
  r: Float64Array,
  batch: number,
  len: number,
  s: number,
  m: Float64Array,
  mo: number,
  mStride: number,
): void {
  for (let b = 0; b < batch; b++, mo += mStride) {
    const m00 = m[mo],
      m01 = m[mo + 1],
      m02 = m[mo + 2];
    const m10 = m[mo + 3],
      m11 = m[mo + 4],
      m12 = m[mo + 5];
    const m20 = m[mo + 6],
      m21 = m[mo + 7],
      m22 = m[mo + 8];
    const end = (b + 1) * len;
    for (let base = b * len; base < end; base += 4 * s) {
      for (let k = base + s, e = base + 2 * s; k < e; k++) {
        const z = r[k],
          x = r[k + s],
          y = r[k + 2 * s];
        r[k + s] = m00 * x + m01 * y + m02 * z;
        r[k + 2 * s] = m10 * x + m11 * y + m12 * z;
        r[k] = m20 * x + m21 * y + m22 * z;
      }
    }
  }
}

/** Multiplies one wire's Bloch components by c (depolarizing noise, c = 1 - 4p/3). */
export function pauliScale(r: Float64Array, batch: number, len: number, s: number, c: number): void {
  for (let base = 0; base < batch * len; base += 4 * s) {
    for (let k = base + s, e = base + 4 * s; k < e; k++) r[k] *= c;
  }
}

/** Applies a signed permutation that is its own inverse: entry i goes to perm[i] times sign[i]. */
export function pauliPermute(r: Float64Array, batch: number, len: number, perm: Int32Array, sign: Float64Array): void {
  for (let b = 0, o = 0; b < batch; b++, o += len) {
    for (let i = 0; i < len; i++) {
      const j = perm[i];
      if (j > i) {
        const a = r[o + i];
        r[o + i] = sign[j] * r[o + j];
        r[o + j] = sign[i] * a;
      } else if (j === i) {
        r[o + i] *= sign[i];
      }
    }
  }
}

/**
 * One sweep of the adjoint method for a rotation on one wire, with ket r and bra l at the rotation's output: per
 * sample, A = Σ over the other wires of (Bloch components of r) × (those of l), written to acc[4b..4b+3] as
 * (A_z/2, -A_z/2, -A_y, A_x) so that the statevector's combination g0(a0+a1) + mx·a3 - my·a2 + mz(a0-a1) gives
 * m·A (see ADJOINT.md). With `undo`, the bra is multiplied by the transpose Mᵀ of the rotation's matrix and the ket
 * by Mᵀ·ketFactor (its inverse, M being c times a rotation: ketFactor = 1/c²).
 */
export function pauliAdjoint(
  r: Float64Array,
  l: Float64Array,
  batch: number,
  len: number,
  s: number,
  m: Float64Array,
  mo: number,
  mStride: number,
  acc: Float64Array,
  undo: boolean,
  ketFactor: number,
): void {
  for (let b = 0; b < batch; b++, mo += mStride) {
    // Mᵀ, row-major.
    const t00 = m[mo],
      t01 = m[mo + 3],
      t02 = m[mo + 6];
    const t10 = m[mo + 1],
      t11 = m[mo + 4],
      t12 = m[mo + 7];
    const t20 = m[mo + 2],
      t21 = m[mo + 5],
      t22 = m[mo + 8];
    let ax = 0,
      ay = 0,
      az = 0;
    const end = (b + 1) * len;
    for (let base = b * len; base < end; base += 4 * s) {
      for (let k = base + s, e = base + 2 * s; k < e; k++) {
        const rz = r[k],
          rx = r[k + s],
          ry = r[k + 2 * s];
        const lz = l[k],
          lx = l[k + s],
          ly = l[k + 2 * s];
        ax += ry * lz - rz * ly;
        ay += rz * lx - rx * lz;
        az += rx * ly - ry * lx;
        if (undo) {
          r[k + s] = (t00 * rx + t01 * ry + t02 * rz) * ketFactor;
          r[k + 2 * s] = (t10 * rx + t11 * ry + t12 * rz) * ketFactor;
          r[k] = (t20 * rx + t21 * ry + t22 * rz) * ketFactor;
          l[k + s] = t00 * lx + t01 * ly + t02 * lz;
          l[k + 2 * s] = t10 * lx + t11 * ly + t12 * lz;
          l[k] = t20 * lx + t21 * ly + t22 * lz;
        }
      }
    }
    acc[4 * b] = az / 2;
    acc[4 * b + 1] = -az / 2;
    acc[4 * b + 2] = -ay;
    acc[4 * b + 3] = ax;
  }
}
