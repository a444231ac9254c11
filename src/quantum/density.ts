import { wireExpectations, zDiagonal, type Representation } from './measure.js';
import type { FusedGate, Plan, PlanStep } from './plan.js';

/**
 * Exact noisy simulation with density matrices. ρ (N x N, N = 2^n) is stored as the vector vec(ρ)[i·N + j] = ρ_ij,
 * i.e. a state on 2n wires: wires 0..n-1 index rows, wires n..2n-1 index columns. A unitary U on wire q acts as
 * ρ -> UρU†, which on vec(ρ) is U on row wire q and U* on column wire n+q, so the statevector kernels, fusion and
 * the adjoint pass run unchanged on a "doubled" plan. ⟨Z_i⟩ = Tr(Z_i ρ) reads the diagonal.
 */

/**
 * Single-qubit depolarizing channel (PennyLane's DepolarizingChannel): ρ -> (1-p)ρ + p/3 (XρX + YρY + ZρZ). On
 * the 2x2 block of wire q it mixes the diagonal, ρ00' = (1-2p/3)ρ00 + (2p/3)ρ11, and scales the coherences by
 * 1-4p/3. The map is real and symmetric on vec(ρ), hence self-adjoint.
 */
export function depolarize(
  re: Float64Array,
  im: Float64Array,
  batch: number,
  amps: number,
  rowStride: number,
  colStride: number,
  p: number,
): void {
  const keep = 1 - (2 * p) / 3;
  const move = (2 * p) / 3;
  const coherence = 1 - (4 * p) / 3;
  for (let a = 0; a < batch * amps; a += 2 * rowStride) {
    for (let c = a; c < a + rowStride; c += 2 * colStride) {
      for (let k00 = c; k00 < c + colStride; k00++) {
        const k01 = k00 + colStride;
        const k10 = k00 + rowStride;
        const k11 = k10 + colStride;
        const r0 = re[k00],
          i0 = im[k00],
          r1 = re[k11],
          i1 = im[k11];
        re[k00] = keep * r0 + move * r1;
        im[k00] = keep * i0 + move * i1;
        re[k11] = move * r0 + keep * r1;
        im[k11] = move * i0 + keep * i1;
        re[k01] *= coherence;
        im[k01] *= coherence;
        re[k10] *= coherence;
        im[k10] *= coherence;
      }
    }
  }
}

/** The plan of ρ -> UρU† on 2n wires: every gate gets a conjugated copy on the column wires. */
export function doublePlan(plan: Plan): Plan {
  const n = plan.wires;
  let units = plan.units;
  const copy = (g: FusedGate): FusedGate => ({ ...g, wire: g.wire + n, conjugate: true, unit: units++ });
  const steps: PlanStep[] = [];
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'local':
        steps.push({ kind: 'local', gates: [...step.gates, ...step.gates.map(copy)] });
        break;
      case 'diagonal': {
        const amps = 1 << n;
        const diag = new Float64Array(amps * amps);
        for (let i = 0; i < amps; i++) for (let j = 0; j < amps; j++) diag[i * amps + j] = step.diag[i] * step.diag[j];
        steps.push({ kind: 'diagonal', diag });
        break;
      }
      case 'controlled':
        steps.push(step, { kind: 'controlled', control: step.control + n, gate: copy(step.gate) });
        break;
      case 'swap':
        steps.push(step, { kind: 'swap', a: step.a + n, b: step.b + n });
        break;
      case 'depolarizing':
        steps.push(step);
        break;
      case 'pauli':
        throw new Error('doublePlan: a trajectory plan has no density matrix');
    }
  }
  return { ...plan, wires: 2 * n, steps, units };
}

/** Measurements of batched vectorised density matrices (the plan must come from {@link doublePlan}). */
export function densityRepresentation(plan: Plan): Representation {
  const n = plan.wires / 2;
  const dim = 1 << n;
  const amps = dim * dim;
  // Diagonal element k of ρ sits at k·(N + 1). Probabilities clip round-off below zero; expectations stay linear.
  const diagonal = (re: Float64Array, b: number, out: Float64Array, oo: number, floor: number): void => {
    for (let k = 0; k < dim; k++) out[oo + k] = Math.max(floor, re[b * amps + k * (dim + 1)]);
  };
  return {
    plan,
    qubits: n,
    expvalZ({ ketRe: re, batch, scratch }, out, oo) {
      for (let b = 0; b < batch; b++) {
        diagonal(re, b, scratch, 0, -Infinity);
        wireExpectations(scratch, 0, n, out, oo + b * n);
      }
    },
    probabilities(re, _im, batch, out, oo) {
      for (let b = 0; b < batch; b++) diagonal(re, b, out, oo + b * dim, 0);
    },
    // E = Tr(Hρ) = <<vec(H)|vec(ρ)>> is linear in ρ, so the bra is vec(H), the same for any ρ.
    initBra({ batch, braRe, braIm, scratch }, cot, co) {
      braRe.fill(0, 0, batch * amps);
      braIm.fill(0, 0, batch * amps);
      for (let b = 0; b < batch; b++) {
        zDiagonal(cot, co + b * n, n, scratch);
        for (let k = 0; k < dim; k++) braRe[b * amps + k * (dim + 1)] = scratch[k];
      }
    },
  };
}
