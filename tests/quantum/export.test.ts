import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  buildCircuit,
  constParam,
  drawCircuit,
  QuantumSimulator,
  resolveCircuitSpec,
  toQasm,
  type Circuit,
  type GateName,
  type Operation,
} from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';
import { naiveExpvalZ } from '../helpers/naive-quantum.js';
import { randomCircuit, uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(61, 'quantum/export');

const QASM_GATES: Record<string, GateName> = {
  rx: 'RX',
  ry: 'RY',
  rz: 'RZ',
  p: 'PhaseShift',
  h: 'H',
  x: 'X',
  y: 'Y',
  z: 'Z',
  s: 'S',
  t: 'T',
  cx: 'CNOT',
  cz: 'CZ',
  crx: 'CRX',
  cry: 'CRY',
  crz: 'CRZ',
  swap: 'SWAP',
};

/** A minimal reader of the exported OpenQASM 3 (bound parameters only), independent of the exporter. */
function readQasm(text: string, qubits: number): Circuit {
  const ops: Operation[] = [];
  const statements = text
    .split('\n')
    .filter((l) => !/^(OPENQASM|include|qubit|bit|c = measure|\/\/)/.test(l))
    .join(' ')
    .split(';');
  for (const raw of statements) {
    const s = raw.trim();
    if (s === '') continue;
    const m = /^([a-z]+)(?:\(([^)]*)\))?\s+(.*)$/.exec(s);
    if (m === null) throw new Error(`cannot read '${s}'`);
    const wires = [...m[3].matchAll(/q\[(\d+)\]/g)].map((w) => Number(w[1]));
    const params = m[2] === undefined ? [] : m[2].split(',').map((a) => constParam(Number(a)));
    ops.push({ name: QASM_GATES[m[1]], wires, params });
  }
  return { qubits, numInputs: 0, weightShape: [0], ops };
}

describe('text drawing', () => {
  it('draws wires as lines and gates in order, with symbolic or bound parameters', () => {
    const c = buildCircuit(resolveCircuitSpec({ qubits: 2, layers: 1 }));
    expect(drawCircuit(c)).toBe(
      [
        '0: ──RX(x0)──RY(x0)──RZ(x0)──RX(w[0,0,0])──RY(w[0,1,0])──RZ(w[0,2,0])──╭●──┤ ⟨Z⟩',
        '1: ──RX(x1)──RY(x1)──RZ(x1)──RX(w[0,0,1])──RY(w[0,1,1])──RZ(w[0,2,1])──╰Z──┤ ⟨Z⟩',
      ].join('\n'),
    );
    const mixed: Circuit = {
      qubits: 3,
      numInputs: 1,
      weightShape: [2, 2],
      ops: [
        { name: 'H', wires: [1], params: [] },
        { name: 'CRX', wires: [2, 0], params: [{ kind: 'weight', index: 3 }] },
        { name: 'SWAP', wires: [0, 1], params: [] },
        { name: 'DepolarizingChannel', wires: [1], params: [constParam(0.25)] },
      ],
    };
    expect(drawCircuit(mixed, { weights: [0, 1, 2, 3] })).toBe(
      [
        '0: ─────╭RX(3.00)──╭×───────────────┤ ⟨Z⟩',
        '1: ──H──│──────────╰×──Depol(0.25)──┤ ⟨Z⟩',
        '2: ─────╰●──────────────────────────┤ ⟨Z⟩',
      ].join('\n'),
    );
  });
});

describe('OpenQASM 3 export', () => {
  it('declares unbound inputs and weights as input parameters', () => {
    const q = toQasm(buildCircuit(resolveCircuitSpec({ qubits: 2, layers: 1, noise: 0.1 })));
    expect(q.startsWith('OPENQASM 3.0;\ninclude "stdgates.inc";\ninput float[64] x_0;\n')).toBe(true);
    expect(q).toContain('input float[64] w_0_2_1;');
    expect(q).toContain('rx(x_0) q[0];');
    expect(q).toContain('cz q[0], q[1];');
    expect(q).toContain('// DepolarizingChannel(0.1) q[1];');
    expect(q.endsWith('c = measure q;\n')).toBe(true);
  });

  it('with bound parameters, re-reads to the same circuit (random circuits of every gate)', () => {
    for (let trial = 0; trial < 10; trial++) {
      const circuit = randomCircuit(rng, 1 + (trial % 4), 15);
      const x = uniformArray(rng, circuit.numInputs, -3, 3);
      const w = uniformArray(rng, 6, 0, 6);
      const text = toQasm(circuit, { inputs: x, weights: w });
      expect(text).not.toContain('input float');
      const read = readQasm(text, circuit.qubits);
      expect(maxDiff(naiveExpvalZ(read, [], []), new QuantumSimulator(circuit).expval(x, w, 1))).toBeLessThan(1e-12);
    }
  });
});
