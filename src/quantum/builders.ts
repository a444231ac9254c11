import { constParam, inputParam, weightParam, type Circuit, type Operation } from './circuit.js';
import type { GateName } from './gates.js';
import type { CircuitSpec, Encoding, Entangler, EntanglingGate } from './spec.js';

const ENCODING_GATES: Record<Encoding, readonly GateName[]> = {
  reference: ['RX', 'RY', 'RZ'],
  rx: ['RX'],
  ry: ['RY'],
  rz: ['RZ'],
};

const AXES: readonly GateName[] = ['RX', 'RY', 'RZ'];

/** Encoding block: feature x_q on wire q through the encoding's rotations (the reference: RX, RY, RZ of the same x_q). */
export function encodingOps(encoding: Encoding, qubits: number): Operation[] {
  const ops: Operation[] = [];
  for (let q = 0; q < qubits; q++) {
    for (const name of ENCODING_GATES[encoding]) ops.push({ name, wires: [q], params: [inputParam(q)] });
  }
  return ops;
}

/** Rotations of variational layer l: RX(w[l,0,q]), RY(w[l,1,q]), RZ(w[l,2,q]) on each wire q; flat index (l·3+axis)·n+q. */
export function rotationLayerOps(layer: number, qubits: number): Operation[] {
  const ops: Operation[] = [];
  for (let q = 0; q < qubits; q++) {
    AXES.forEach((name, axis) =>
      ops.push({ name, wires: [q], params: [weightParam((layer * 3 + axis) * qubits + q)] }),
    );
  }
  return ops;
}

/**
 * Wire pairs of an entangler, in application order. ring: (i, i+1) for i = 0..n-2, then (n-1, 0), as in the
 * reference. On 2 qubits the closing pair would repeat (0, 1) reversed, which for CZ cancels the first gate, so the
 * ring has the single pair (0, 1), as PennyLane's ring pattern does; on 1 qubit every entangler is empty.
 */
export function entanglerPairs(entangler: Entangler, qubits: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  if (entangler === 'none' || qubits < 2) return pairs;
  if (entangler === 'all-to-all') {
    for (let i = 0; i < qubits; i++) for (let j = i + 1; j < qubits; j++) pairs.push([i, j]);
    return pairs;
  }
  for (let i = 0; i + 1 < qubits; i++) pairs.push([i, i + 1]);
  if (entangler === 'ring' && qubits > 2) pairs.push([qubits - 1, 0]);
  return pairs;
}

/** The entangler's gates (the first wire of each pair is the control). */
export function entanglerOps(entangler: Entangler, gate: EntanglingGate, qubits: number): Operation[] {
  const name: GateName = gate === 'cz' ? 'CZ' : 'CNOT';
  return entanglerPairs(entangler, qubits).map(([a, b]) => ({ name, wires: [a, b], params: [] }));
}

function noiseOps(p: number, qubits: number): Operation[] {
  if (p === 0) return [];
  return Array.from({ length: qubits }, (_v, q) => ({
    name: 'DepolarizingChannel' as const,
    wires: [q],
    params: [constParam(p)],
  }));
}

/**
 * The circuit of a spec: the encoding (repeated before every layer when re-uploading), then per layer the
 * rotations and the entangler; with noise, a depolarizing channel on every wire after each encoding block and each
 * layer. Weights have shape [layers, 3, qubits]; there is one input feature per qubit.
 */
export function buildCircuit(spec: CircuitSpec): Circuit {
  const { qubits, layers } = spec;
  const ops: Operation[] = [];
  const encode = (): void => {
    ops.push(...encodingOps(spec.encoding, qubits), ...noiseOps(spec.noise, qubits));
  };
  if (layers === 0) encode();
  for (let l = 0; l < layers; l++) {
    if (l === 0 || spec.reupload) encode();
    ops.push(
      ...rotationLayerOps(l, qubits),
      ...entanglerOps(spec.entangler, spec.entanglingGate, qubits),
      ...noiseOps(spec.noise, qubits),
    );
  }
  return { qubits, numInputs: qubits, weightShape: [layers, 3, qubits], ops };
}
