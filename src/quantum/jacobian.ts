import type { Rng } from '../core/random.js';
import type { Shift } from './execute.js';
import { parameterShiftDerivatives, shiftOccurrences } from './parameter-shift.js';
import { ForwardTape, type QuantumSimulator } from './simulator.js';
import type { DiffMethod } from './spec.js';

/** Per-sample values and Jacobians of ⟨Z⟩: inputs [batch, qubits, numInputs], weights [batch, qubits, numWeights]. */
export interface CircuitJacobian {
  values: Float64Array;
  /** Under Monte-Carlo trajectories, the standard errors of the values (null when exact). */
  standardErrors: Float64Array | null;
  inputs: Float64Array;
  weights: Float64Array;
}

/**
 * Full Jacobians of every wire's ⟨Z⟩ with respect to the inputs and the weights, per sample. By the adjoint method
 * it costs one VJP per output wire (one-hot cotangents); by parameter shift, one pass over the occurrences yields
 * every output at once.
 */
export function circuitJacobian(
  sim: QuantumSimulator,
  inputs: Float64Array,
  weights: Float64Array,
  batch: number,
  options: { method?: DiffMethod; rng?: Rng } = {},
): CircuitJacobian {
  const n = sim.qubits;
  const nIn = sim.numInputs;
  const nW = sim.numWeights;
  // Under trajectories every Jacobian row differentiates the same draws as the values.
  const { values, standardErrors, tape } = sim.forward(inputs, weights, batch, {
    rng: options.rng,
    keep: sim.trajectories !== null,
  });
  const draws = (): ForwardTape | null => {
    if (tape?.errors == null) return null;
    const copy = new ForwardTape(batch, []);
    copy.errors = tape.errors;
    return copy;
  };
  const jin = new Float64Array(batch * n * nIn);
  const jw = new Float64Array(batch * n * nW);
  const method = sim.shots !== null ? 'parameter-shift' : (options.method ?? sim.diff);
  if (method === 'adjoint') {
    const cot = new Float64Array(batch * n);
    for (let o = 0; o < n; o++) {
      cot.fill(0);
      for (let b = 0; b < batch; b++) cot[b * n + o] = 1;
      const g = sim.vjp(inputs, weights, batch, cot, {
        inputs: true,
        weights: true,
        method,
        rng: options.rng,
        tape: draws(),
      });
      for (let b = 0; b < batch; b++) {
        jin.set(g.inputs!.subarray(b * nIn, (b + 1) * nIn), (b * n + o) * nIn);
        jw.set(g.weights!.subarray(b * nW, (b + 1) * nW), (b * n + o) * nW);
      }
    }
  } else {
    const occurrences = shiftOccurrences(sim.circuit, true, true);
    const evaluate = (shift: Shift): Float64Array => sim.expval(inputs, weights, batch, { rng: options.rng, shift });
    parameterShiftDerivatives(occurrences, evaluate, batch * n, (occ, d) => {
      const [target, width] = occ.kind === 'input' ? [jin, nIn] : [jw, nW];
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < n; i++) target[(b * n + i) * width + occ.index] += d[b * n + i];
      }
    });
  }
  return { values, standardErrors, inputs: jin, weights: jw };
}
