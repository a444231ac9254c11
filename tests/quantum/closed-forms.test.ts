import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  buildCircuit,
  constParam,
  inputParam,
  QuantumSimulator,
  resolveCircuitSpec,
  weightParam,
  type Circuit,
} from '../../src/quantum/index.js';

const x1 = (values: number[]): Float64Array => Float64Array.from(values);

describe('closed forms on one and two qubits', () => {
  it('⟨Z⟩ after RX(θ) is cos θ, after RY too, and RZ leaves |0> alone', () => {
    for (const [gate, f] of [
      ['RX', Math.cos],
      ['RY', Math.cos],
      ['RZ', () => 1],
    ] as const) {
      const circuit: Circuit = {
        qubits: 1,
        numInputs: 1,
        weightShape: [0],
        ops: [{ name: gate, wires: [0], params: [inputParam(0)] }],
      };
      const sim = new QuantumSimulator(circuit);
      const thetas = [-2.5, -0.3, 0, 0.9, 3.1];
      const e = sim.expval(x1(thetas), new Float64Array(0), thetas.length);
      thetas.forEach((t, b) => expect(e[b]).toBeCloseTo(f(t), 14));
    }
  });

  it('wire 0 is the most significant bit: RX(θ) on wire 0 of 2 gives probabilities [c², 0, s², 0]', () => {
    const t = 1.1;
    const circuit: Circuit = {
      qubits: 2,
      numInputs: 0,
      weightShape: [0],
      ops: [{ name: 'RX', wires: [0], params: [constParam(t)] }],
    };
    const p = new QuantumSimulator(circuit).probabilities(new Float64Array(0), new Float64Array(0), 1);
    const [c2, s2] = [Math.cos(t / 2) ** 2, Math.sin(t / 2) ** 2];
    [c2, 0, s2, 0].forEach((v, k) => expect(p[k]).toBeCloseTo(v, 15));
  });

  it('a Bell pair: ⟨Z0⟩ = ⟨Z1⟩ = 0, probabilities ½ on |00> and |11>; RY(θ)+CNOT correlates both wires as cos θ', () => {
    const bell: Circuit = {
      qubits: 2,
      numInputs: 0,
      weightShape: [0],
      ops: [
        { name: 'H', wires: [0], params: [] },
        { name: 'CNOT', wires: [0, 1], params: [] },
      ],
    };
    const sim = new QuantumSimulator(bell);
    const none = new Float64Array(0);
    const e = sim.expval(none, none, 1);
    expect(Math.abs(e[0]) + Math.abs(e[1])).toBeLessThan(1e-15);
    [0.5, 0, 0, 0.5].forEach((v, k) => expect(sim.probabilities(none, none, 1)[k]).toBeCloseTo(v, 15));
    const corr: Circuit = {
      qubits: 2,
      numInputs: 1,
      weightShape: [0],
      ops: [
        { name: 'RY', wires: [0], params: [inputParam(0)] },
        { name: 'CNOT', wires: [0, 1], params: [] },
      ],
    };
    const t = 0.8;
    const p = new QuantumSimulator(corr).probabilities(x1([t]), none, 1);
    [Math.cos(t / 2) ** 2, 0, 0, Math.sin(t / 2) ** 2].forEach((v, k) => expect(p[k]).toBeCloseTo(v, 15));
    const z = new QuantumSimulator(corr).expval(x1([t]), none, 1);
    expect(z[0]).toBeCloseTo(Math.cos(t), 15);
    expect(z[1]).toBeCloseTo(Math.cos(t), 15);
  });

  it('CZ, CRX and SWAP on basis states', () => {
    const none = new Float64Array(0);
    // X on wire 1 then SWAP moves the excitation to wire 0.
    const swap: Circuit = {
      qubits: 2,
      numInputs: 0,
      weightShape: [0],
      ops: [
        { name: 'X', wires: [1], params: [] },
        { name: 'SWAP', wires: [0, 1], params: [] },
      ],
    };
    expect(Array.from(new QuantumSimulator(swap).expval(none, none, 1))).toEqual([-1, 1]);
    // CRX(θ) with control |1> rotates the target: ⟨Z1⟩ = cos θ; with control |0> nothing happens.
    const t = 0.6;
    const crx = (control: boolean): Circuit => ({
      qubits: 2,
      numInputs: 0,
      weightShape: [1],
      ops: [
        ...(control ? [{ name: 'X' as const, wires: [0], params: [] }] : []),
        { name: 'CRX', wires: [0, 1], params: [weightParam(0)] },
      ],
    });
    expect(new QuantumSimulator(crx(true)).expval(none, x1([t]), 1)[1]).toBeCloseTo(Math.cos(t), 15);
    expect(new QuantumSimulator(crx(false)).expval(none, x1([t]), 1)[1]).toBeCloseTo(1, 15);
    // H·CZ·H on wire 1 with control |1> is a NOT: ⟨Z1⟩ = -1.
    const cz: Circuit = {
      qubits: 2,
      numInputs: 0,
      weightShape: [0],
      ops: [
        { name: 'X', wires: [0], params: [] },
        { name: 'H', wires: [1], params: [] },
        { name: 'CZ', wires: [0, 1], params: [] },
        { name: 'H', wires: [1], params: [] },
      ],
    };
    expect(new QuantumSimulator(cz).expval(none, none, 1)[1]).toBeCloseTo(-1, 15);
  });

  it('the reference encoding RX(x)·RY(x)·RZ(x) on one qubit gives ⟨Z⟩ = cos² x and d⟨Z⟩/dx = -sin 2x', () => {
    const spec = resolveCircuitSpec({ qubits: 1, layers: 0 });
    const sim = QuantumSimulator.fromSpec(spec);
    const xs = [-2, -0.7, 0.1, 1.3, 2.9];
    const e = sim.expval(x1(xs), new Float64Array(0), xs.length);
    const g = sim.vjp(x1(xs), new Float64Array(0), xs.length, new Float64Array(xs.length).fill(1), {
      inputs: true,
      weights: false,
    });
    xs.forEach((x, b) => {
      expect(e[b]).toBeCloseTo(Math.cos(x) ** 2, 14);
      expect(g.inputs![b]).toBeCloseTo(-Math.sin(2 * x), 13);
    });
  });

  it('one qubit with layers follows the Bloch-sphere rotations (an independent SO(3) computation)', () => {
    const rng = new Rng(3, 'quantum/bloch');
    const rotate = (axis: number, t: number, v: number[]): number[] => {
      const [c, s] = [Math.cos(t), Math.sin(t)];
      const [x, y, z] = v;
      if (axis === 0) return [x, c * y - s * z, s * y + c * z];
      if (axis === 1) return [c * x + s * z, y, -s * x + c * z];
      return [c * x - s * y, s * x + c * y, z];
    };
    for (const layers of [1, 2, 5]) {
      const spec = resolveCircuitSpec({ qubits: 1, layers, reupload: layers === 2 });
      const sim = QuantumSimulator.fromSpec(spec);
      const x = rng.uniformIn(-3, 3);
      const w = Float64Array.from({ length: 3 * layers }, () => rng.uniformIn(0, 6));
      let v = [0, 0, 1];
      const encode = (): void =>
        [0, 1, 2].forEach((a) => {
          v = rotate(a, x, v);
        });
      for (let l = 0; l < layers; l++) {
        if (l === 0 || spec.reupload) encode();
        [0, 1, 2].forEach((a) => {
          v = rotate(a, w[l * 3 + a], v);
        });
      }
      expect(sim.expval(x1([x]), w, 1)[0]).toBeCloseTo(v[2], 14);
    }
    expect(buildCircuit(resolveCircuitSpec({ qubits: 1, layers: 3 })).ops.every((op) => op.wires.length === 1)).toBe(
      true,
    );
  });
});
