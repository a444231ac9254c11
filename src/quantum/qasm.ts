import { QunlearnError } from '../core/errors.js';
import type { Circuit } from './circuit.js';
import { GATES, type GateName } from './gates.js';
import { boundValue, weightIndex, type BoundValues } from './params.js';

/**
 * Exports a circuit as OpenQASM 3 (stdgates.inc names; Rot is written as rz·ry·rz). Parameters with values are
 * bound as numbers; inputs or weights without values become `input float[64]` parameters named x_i and w_l_a_q.
 * Wire i is q[i], the most significant bit of basis-state indices (PennyLane's order). OpenQASM 3 has no noise
 * channels, so depolarizing channels are written as comments. Ends by measuring every qubit.
 */
export function toQasm(circuit: Circuit, values: BoundValues = {}): string {
  const n = circuit.qubits;
  const lines = ['OPENQASM 3.0;', 'include "stdgates.inc";'];
  const declared = new Set<string>();
  const body: string[] = [];
  const symbol = (kind: 'input' | 'weight', index: number): string => {
    const name = kind === 'input' ? `x_${index}` : `w_${weightIndex(circuit, index).join('_')}`;
    if (!declared.has(name)) {
      declared.add(name);
      lines.push(`input float[64] ${name};`);
    }
    return name;
  };
  circuit.ops.forEach((op, i) => {
    const args = op.params.map((p) => {
      if (p.kind !== 'const' && boundValue(p, values) === null) return symbol(p.kind, p.index);
      const v = boundValue(p, values)!;
      if (!Number.isFinite(v))
        throw new QunlearnError('config', `qasm: parameter ${p.kind} of op ${i} (${op.name}) must be finite, got ${v}`);
      return String(v);
    });
    const qubits = op.wires.map((w) => `q[${w}]`);
    if (op.name === 'DepolarizingChannel')
      body.push(`// DepolarizingChannel(${args[0]}) ${qubits[0]}; (no OpenQASM 3 equivalent)`);
    else body.push(GATES[op.name as GateName].qasm(args, qubits));
  });
  lines.push(`qubit[${n}] q;`, `bit[${n}] c;`, ...body, 'c = measure q;');
  return `${lines.join('\n')}\n`;
}
