import type { Plan } from './plan.js';

/**
 * Measurements of ⟨Z_i⟩ and basis-state probabilities, and the adjoint method's starting bra. A `Representation`
 * hides whether the plan's vectors are statevectors or vectorised density matrices, so the forward pass, the
 * adjoint pass and shot sampling are written once.
 */
export interface Representation {
  /** The executable plan (on 2n wires for a density matrix). */
  readonly plan: Plan;
  readonly qubits: number;
  /** Writes ⟨Z_i⟩ for each sample of the ket: out[oo + b·n + i]. */
  expvalZ(ws: StateBuffers, out: Float64Array, oo: number): void;
  /** Writes the 2^n basis-state probabilities of each sample: out[oo + b·2^n + k]. */
  probabilities(re: Float64Array, im: Float64Array, batch: number, out: Float64Array, oo: number): void;
  /**
   * Writes the bra of the adjoint pass for the observable H_b = Σ_i c[b,i] Z_i (cotangents folded into one
   * observable, `cot` rows from `co`): H_b|ψ_b> for a statevector, vec(H_b) for a density matrix.
   */
  initBra(ws: StateBuffers, cot: Float64Array, co: number): void;
}

/** A chunk's buffers as measurements read them and the adjoint pass's starting bra is written into them. */
export interface StateBuffers {
  readonly batch: number;
  readonly ketRe: Float64Array;
  readonly ketIm: Float64Array;
  readonly braRe: Float64Array;
  readonly braIm: Float64Array;
  /** At least 2^wires entries. */
  readonly scratch: Float64Array;
  /** Multiplies sample b of the bra by the diagonal in `scratch`. */
  scaleBra(b: number): void;
  /** Writes |amplitude|² of sample b of the ket into `scratch`. */
  squares(b: number): void;
}

/** h[k] = Σ_i c[co+i]·z_i(k) over the 2^n basis states, z_i(k) = ±1 the eigenvalue of Z on wire i (wire 0 = MSB). */
export function zDiagonal(c: Float64Array, co: number, n: number, h: Float64Array): void {
  let total = 0;
  for (let i = 0; i < n; i++) total += c[co + i];
  h[0] = total;
  // h[k] = h[k without its lowest set bit] - 2·c[that bit's wire]: the k whose lowest set bit is `bit` (odd multiples
  // of it), highest bits first so that h[k - bit] is ready.
  const amps = 1 << n;
  for (let bit = amps >> 1, wire = 0; bit > 0; bit >>= 1, wire++) {
    const twice = 2 * c[co + wire];
    for (let k = bit; k < amps; k += 2 * bit) h[k] = h[k - bit] - twice;
  }
}

/**
 * ⟨Z_i⟩ = Σ_k p_k z_i(k) for every wire of one probability vector p[po .. po + 2^n), in 2·2^n additions: the upper
 * half of p is wire 0's |1> mass; folding it onto the lower half leaves the marginal of wires 1..n-1, and so on.
 * Overwrites p.
 */
export function wireExpectations(p: Float64Array, po: number, n: number, out: Float64Array, oo: number): void {
  for (let i = 0, half = 1 << (n - 1); i < n; i++, half >>= 1) {
    let one = 0;
    for (let j = po; j < po + half; j++) {
      const v = p[j + half];
      one += v;
      p[j] += v;
    }
    out[oo + i] = one;
  }
  const total = p[po];
  for (let i = 0; i < n; i++) out[oo + i] = total - 2 * out[oo + i];
}

/** Measurements of batched statevectors. */
export function statevectorRepresentation(plan: Plan): Representation {
  const n = plan.wires;
  const amps = 1 << n;
  return {
    plan,
    qubits: n,
    expvalZ(ws, out, oo) {
      for (let b = 0; b < ws.batch; b++) {
        ws.squares(b);
        wireExpectations(ws.scratch, 0, n, out, oo + b * n);
      }
    },
    probabilities(re, im, batch, out, oo) {
      for (let i = 0; i < batch * amps; i++) out[oo + i] = re[i] * re[i] + im[i] * im[i];
    },
    initBra(ws, cot, co) {
      ws.braRe.set(ws.ketRe);
      ws.braIm.set(ws.ketIm);
      for (let b = 0; b < ws.batch; b++) {
        zDiagonal(cot, co + b * n, n, ws.scratch);
        ws.scaleBra(b);
      }
    },
  };
}
