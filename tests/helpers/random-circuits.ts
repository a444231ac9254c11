import type { Rng } from '../../src/core/index.js';
import {
  constParam,
  GATE_NAMES,
  GATES,
  inputParam,
  weightParam,
  type Circuit,
  type Operation,
  type ParamSource,
} from '../../src/quantum/index.js';

/** Options of {@link randomCircuit}. */
export interface RandomCircuitOptions {
  numInputs?: number;
  numWeights?: number;
  /** Probability of inserting a depolarizing channel after an op (0 = pure circuit). */
  noise?: number;
  /** Depolarizing probability of the inserted channels. */
  p?: number;
}

/** A circuit of `numOps` gates drawn uniformly from the whole gate table, with random wires and parameter sources. */
export function randomCircuit(rng: Rng, qubits: number, numOps: number, options: RandomCircuitOptions = {}): Circuit {
  const numInputs = options.numInputs ?? qubits;
  const numWeights = options.numWeights ?? 6;
  const names = GATE_NAMES.filter((n) => GATES[n].numWires <= qubits);
  const ops: Operation[] = [];
  const source = (): ParamSource => {
    const r = rng.uniform();
    if (r < 0.4) return inputParam(rng.int(numInputs));
    if (r < 0.85) return weightParam(rng.int(numWeights));
    return constParam(rng.uniformIn(-3, 3));
  };
  for (let i = 0; i < numOps; i++) {
    const gate = GATES[names[rng.int(names.length)]];
    const wires = Array.from(rng.choice(qubits, gate.numWires));
    ops.push({ name: gate.name, wires, params: Array.from({ length: gate.numParams }, source) });
    if (options.noise !== undefined && rng.uniform() < options.noise) {
      ops.push({ name: 'DepolarizingChannel', wires: [rng.int(qubits)], params: [constParam(options.p ?? 0.1)] });
    }
  }
  return { qubits, numInputs, weightShape: [numWeights], ops };
}

/** Fills a new Float64Array with U[low, high). */
export function uniformArray(rng: Rng, length: number, low: number, high: number): Float64Array {
  const a = new Float64Array(length);
  rng.fillUniform(a, low, high);
  return a;
}
