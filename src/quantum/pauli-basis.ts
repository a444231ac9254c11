import { QunlearnError } from '../core/errors.js';
import { mul2, mul2Adjoint } from './matrix.js';
import type { FusedGate, Plan, PlanStep } from './plan.js';

/**
 * The density matrix in the Pauli basis (the Pauli transfer representation): ρ = 2^-n Σ_P r_P P over the 4^n Pauli
 * strings, r real. It is the vectorised density matrix of density.ts in another basis, a real vector on 2n bits:
 * each qubit owns two bits (x, z), digit 2x + z ∈ {I = 0, Z = 1, X = 2, Y = 3}, wire 0 the most significant digit.
 * In it a single-qubit unitary acts on both of its qubit's bits at once, as the 3x3 rotation R of the Bloch
 * components (X, Y, Z) (I is fixed), depolarizing noise scales those components by c = 1 - 4p/3, and a layer of CZ
 * gates permutes the strings with signs. Everything is real and a gate costs 9 multiply-adds per 4 entries, against
 * 2 complex 2x2 products per 4 entries of the computational basis: exact noise at a few times the statevector's cost
 * per entry. ⟨Z_i⟩ is one entry, r at the string Z_i.
 */

/** Offsets of a wire's digits within its group of four (in units of the wire's stride): I, Z, X, Y. */
export const DIGIT = { I: 0, Z: 1, X: 2, Y: 3 } as const;

/** Stride of wire q's digit in a Pauli index on n wires: 4^(n-1-q). */
export function pauliStride(n: number, wire: number): number {
  return 4 ** (n - 1 - wire);
}

const PAULI = [
  [0, 0, 1, 0, 1, 0, 0, 0], // X
  [0, 0, 0, -1, 0, 1, 0, 0], // Y
  [1, 0, 0, 0, 0, 0, -1, 0], // Z
].map((m) => Float64Array.from(m));

/**
 * The Bloch rotation of the 2x2 unitary at u[uo..uo+8): R_ij = ½ Tr(σ_i U σ_j U†) over (x, y, z), row-major into
 * out[oo..oo+9). `scratch` needs 8 entries.
 */
export function blochRotation(u: Float64Array, uo: number, out: Float64Array, oo: number, scratch: Float64Array): void {
  for (let j = 0; j < 3; j++) {
    mul2(u, uo, PAULI[j], 0, scratch, 0);
    mul2Adjoint(scratch, 0, u, uo, scratch, 0);
    // M = UσU† is Hermitian: x = Re m01, y = -Im m01, z = (m00 - m11)/2.
    out[oo + j] = scratch[2];
    out[oo + 3 + j] = -scratch[3];
    out[oo + 6 + j] = (scratch[0] - scratch[6]) / 2;
  }
}

/** A diagonal step's signed permutation of Pauli strings: entry i goes to perm[i] with factor sign[i] (an involution). */
export interface SignedPermutation {
  perm: Int32Array;
  sign: Float64Array;
  /** Wires whose identity/non-identity pattern it can change (noise on them does not commute with it). */
  wires: number[];
}

/**
 * The conjugation D P D of Pauli strings by a ±1 diagonal D (a set of CZ gates). With P = i^|x∧z| X^x Z^z, D X^x D
 * = X^x·f_x where f_x(k) = d(k)·d(k ⊕ x) must be ± a Z string Z^w(x) (true for CZ gates, which are Clifford), so
 * D P D = s(x)·i^(|x∧z| - |x∧z'|)·P' with z' = z ⊕ w(x).
 */
export function diagonalPermutation(n: number, diag: Float64Array): SignedPermutation {
  const dim = 1 << n;
  const len = 4 ** n;
  const wOf = new Int32Array(dim);
  const sOf = new Float64Array(dim);
  let touched = 0;
  for (let x = 0; x < dim; x++) {
    const f0 = diag[0] * diag[x];
    let w = 0;
    for (let q = 0; q < n; q++) if (diag[1 << q] * diag[(1 << q) ^ x] !== f0) w |= 1 << q;
    for (let k = 0; k < dim; k++) {
      const parity = popcount(k & w) & 1;
      if (diag[k] * diag[k ^ x] !== (parity ? -f0 : f0)) {
        throw new QunlearnError(
          'config',
          'noise in the Pauli basis: a diagonal step is not a set of CZ-like (Clifford) gates',
        );
      }
    }
    wOf[x] = w;
    sOf[x] = f0;
    touched |= w;
  }
  const perm = new Int32Array(len);
  const sign = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    // Digits → bit patterns x and z (bit n-1-q for wire q).
    let x = 0;
    let z = 0;
    for (let q = 0, s = len / 4; q < n; q++, s /= 4) {
      const digit = Math.floor(i / s) % 4;
      x = (x << 1) | (digit >> 1);
      z = (z << 1) | (digit & 1);
    }
    const z2 = z ^ wOf[x];
    let j = 0;
    for (let q = n - 1, s = 1; q >= 0; q--, s *= 4) j += (2 * ((x >> (n - 1 - q)) & 1) + ((z2 >> (n - 1 - q)) & 1)) * s;
    const phase = (((popcount(x & z) - popcount(x & z2)) % 4) + 4) % 4;
    perm[i] = j;
    sign[i] = sOf[x] * (phase === 0 ? 1 : -1);
  }
  const wires = Array.from({ length: n }, (_v, q) => q).filter((q) => (touched >> (n - 1 - q)) & 1);
  return { perm, sign, wires };
}

function popcount(v: number): number {
  let c = 0;
  for (let u = v; u !== 0; u &= u - 1) c++;
  return c;
}

/** One step of a plan in the Pauli basis. Noise is folded into the neighbouring rotations where it commutes. */
export type PauliStep =
  /** The local step's gates as rotations, each scaled by `scale[g]` (the noise folded into it). */
  | { readonly kind: 'rotate'; readonly step: Extract<PlanStep, { kind: 'local' }>; readonly scale: readonly number[] }
  | { readonly kind: 'permute'; readonly permutation: SignedPermutation }
  /** Depolarizing noise on one wire that no rotation could absorb. */
  | { readonly kind: 'scale'; readonly wire: number; readonly c: number };

/** A plan in the Pauli basis. */
export interface PauliPlan {
  readonly plan: Plan;
  readonly steps: readonly PauliStep[];
  /** Noise after the last operation on each wire: ⟨Z_i⟩ is scaled by it. */
  readonly measureScale: Float64Array;
}

/**
 * Compiles a plan for the Pauli basis, or returns null when it has steps the basis does not take (controlled gates,
 * swaps, non-Clifford diagonals) or noise with c = 1 - 4p/3 too close to 0 to undo (p ≈ 3/4): the computational
 * basis serves those. Noise on a wire is carried forward and folded into the wire's next rotation (a scalar on the
 * Bloch components commutes with it), or into the measurement when nothing follows; a CZ layer that acts on the
 * wire first receives it as a separate scale step.
 */
export function compilePauliPlan(plan: Plan): PauliPlan | null {
  const n = plan.wires;
  const pending = new Float64Array(n).fill(1);
  const steps: PauliStep[] = [];
  const flush = (wires: readonly number[]): void => {
    for (const w of wires) {
      if (pending[w] !== 1) steps.push({ kind: 'scale', wire: w, c: pending[w] });
      pending[w] = 1;
    }
  };
  for (const step of plan.steps) {
    if (step.kind === 'controlled' || step.kind === 'swap' || step.kind === 'pauli') return null;
    if (step.kind === 'depolarizing') {
      const c = 1 - (4 * step.p) / 3;
      if (Math.abs(c) < 1e-6) return null;
      for (const w of step.wires) pending[w] *= c;
    } else if (step.kind === 'local') {
      steps.push({ kind: 'rotate', step, scale: step.gates.map((g: FusedGate) => pending[g.wire]) });
      for (const g of step.gates) pending[g.wire] = 1;
    } else {
      let permutation: SignedPermutation;
      try {
        permutation = diagonalPermutation(n, step.diag);
      } catch {
        return null;
      }
      flush(permutation.wires);
      steps.push({ kind: 'permute', permutation });
    }
  }
  return { plan, steps, measureScale: pending };
}
