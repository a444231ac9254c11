import { QunlearnError } from '../core/errors.js';
import { GATES, isGateName, type GateName } from './gates.js';

/**
 * A circuit is data: an ordered list of operations, each naming a gate of the table (or a noise channel), its
 * wires, and where each parameter comes from. One description is simulated, differentiated, drawn and exported.
 * Wire 0 is the most significant bit of a basis-state index, as in PennyLane: on 2 qubits |01> has index 1 and
 * means wire 0 in |0>, wire 1 in |1>.
 */

/** Where a gate parameter comes from: a per-sample input feature, a shared trainable weight, or a constant. */
export type ParamSource =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'weight'; readonly index: number }
  | { readonly kind: 'const'; readonly value: number };

/** Noise channels (simulated with a density matrix). DepolarizingChannel(p): ρ -> (1-p)ρ + p/3 (XρX + YρY + ZρZ). */
export type ChannelName = 'DepolarizingChannel';

/** One operation of a circuit. */
export interface Operation {
  readonly name: GateName | ChannelName;
  readonly wires: readonly number[];
  readonly params: readonly ParamSource[];
}

/** A parametrised circuit measured by ⟨Z⟩ on every wire; weights form a tensor of shape `weightShape` (flat, row-major). */
export interface Circuit {
  readonly qubits: number;
  readonly numInputs: number;
  readonly weightShape: readonly number[];
  readonly ops: readonly Operation[];
}

/** A per-sample input feature as a parameter. */
export function inputParam(index: number): ParamSource {
  return { kind: 'input', index };
}

/** A trainable weight (flat index) as a parameter. */
export function weightParam(index: number): ParamSource {
  return { kind: 'weight', index };
}

/** A constant parameter. */
export function constParam(value: number): ParamSource {
  return { kind: 'const', value };
}

/** Number of trainable weights of a circuit. */
export function numWeights(circuit: Circuit): number {
  return circuit.weightShape.reduce((a, b) => a * b, 1);
}

/** True for noise channels (as opposed to unitary gates). */
export function isChannel(op: Operation): boolean {
  return op.name === 'DepolarizingChannel';
}

/** True when the circuit contains a noise channel and so needs the density-matrix simulator. */
export function isNoisy(circuit: Circuit): boolean {
  return circuit.ops.some(isChannel);
}

/** Number of unitary gates as written (before fusion); the unit of the benchmark's ns per amplitude-gate. */
export function logicalGateCount(circuit: Circuit): number {
  return circuit.ops.filter((op) => !isChannel(op)).length;
}

/** Checks a circuit's structure, naming the first bad operation; returns it unchanged. */
export function validateCircuit(circuit: Circuit): Circuit {
  const { qubits, numInputs } = circuit;
  if (!Number.isInteger(qubits) || qubits < 1)
    throw new QunlearnError('config', `circuit: qubits must be a positive integer, got ${qubits}`);
  if (!Number.isInteger(numInputs) || numInputs < 0)
    throw new QunlearnError('config', `circuit: numInputs must be a non-negative integer, got ${numInputs}`);
  const nw = numWeights(circuit);
  circuit.ops.forEach((op, i) => {
    const where = `circuit op ${i} (${op.name})`;
    const channel = isChannel(op);
    if (!channel && !isGateName(op.name))
      throw new QunlearnError(
        'config',
        `${where}: unknown gate; expected one of ${Object.keys(GATES).join(', ')}, DepolarizingChannel`,
      );
    const wiresNeeded = channel ? 1 : GATES[op.name as GateName].numWires;
    const paramsNeeded = channel ? 1 : GATES[op.name as GateName].numParams;
    if (op.wires.length !== wiresNeeded)
      throw new QunlearnError('config', `${where}: needs ${wiresNeeded} wire(s), got [${op.wires.join(', ')}]`);
    for (const w of op.wires) {
      if (!Number.isInteger(w) || w < 0 || w >= qubits)
        throw new QunlearnError('config', `${where}: wire ${w} is out of range for ${qubits} qubit(s)`);
    }
    if (new Set(op.wires).size !== op.wires.length)
      throw new QunlearnError('config', `${where}: wires must be distinct, got [${op.wires.join(', ')}]`);
    if (op.params.length !== paramsNeeded)
      throw new QunlearnError('config', `${where}: needs ${paramsNeeded} parameter(s), got ${op.params.length}`);
    for (const p of op.params) {
      if (p.kind === 'input' && !(Number.isInteger(p.index) && p.index >= 0 && p.index < numInputs)) {
        throw new QunlearnError('config', `${where}: input index ${p.index} is out of range for ${numInputs} input(s)`);
      }
      if (p.kind === 'weight' && !(Number.isInteger(p.index) && p.index >= 0 && p.index < nw)) {
        throw new QunlearnError('config', `${where}: weight index ${p.index} is out of range for ${nw} weight(s)`);
      }
      if (p.kind === 'const' && !Number.isFinite(p.value))
        throw new QunlearnError('config', `${where}: constant parameter must be finite, got ${p.value}`);
    }
    if (channel) {
      const p = op.params[0];
      if (p.kind !== 'const' || p.value < 0 || p.value > 1) {
        throw new QunlearnError(
          'config',
          `${where}: the probability must be a constant in [0, 1], got ${p.kind === 'const' ? p.value : `a ${p.kind}`}`,
        );
      }
    }
  });
  return circuit;
}
