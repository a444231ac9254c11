import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  buildCircuit,
  constParam,
  ENCODINGS,
  ENTANGLERS,
  GATE_NAMES,
  GATES,
  QuantumSimulator,
  resolveCircuitSpec,
  type Circuit,
} from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';
import { naiveExpvalZ, naiveProbabilities } from '../helpers/naive-quantum.js';
import { randomCircuit, uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(11, 'quantum/simulator');

/** Checks ⟨Z⟩ and probabilities of every sample against the naive one-sample simulator. */
function expectMatchesNaive(circuit: Circuit, batch: number, tol = 1e-12): void {
  const sim = new QuantumSimulator(circuit);
  const x = uniformArray(rng, batch * circuit.numInputs, -Math.PI, Math.PI);
  const w = uniformArray(rng, sim.numWeights, 0, 2 * Math.PI);
  const e = sim.expval(x, w, batch);
  const p = sim.probabilities(x, w, batch);
  const dim = 1 << circuit.qubits;
  for (let b = 0; b < batch; b++) {
    const xb = x.subarray(b * circuit.numInputs, (b + 1) * circuit.numInputs);
    expect(
      maxDiff(e.subarray(b * circuit.qubits, (b + 1) * circuit.qubits), naiveExpvalZ(circuit, xb, w)),
    ).toBeLessThan(tol);
    expect(maxDiff(p.subarray(b * dim, (b + 1) * dim), naiveProbabilities(circuit, xb, w))).toBeLessThan(tol);
  }
}

describe('batched statevector simulation', () => {
  it('matches a naive dense simulator on random circuits of every gate (1 to 6 qubits)', () => {
    for (let trial = 0; trial < 24; trial++) {
      const qubits = 1 + (trial % 6);
      expectMatchesNaive(randomCircuit(rng, qubits, 4 + rng.int(25)), 1 + rng.int(4));
    }
  });

  it('matches the naive simulator on the built circuits (every encoding, entangler, gate, re-uploading)', () => {
    let k = 0;
    for (const entangler of ENTANGLERS) {
      for (const entanglingGate of ['cz', 'cnot'] as const) {
        for (const reupload of [false, true]) {
          const encoding = ENCODINGS[k++ % ENCODINGS.length];
          const qubits = 1 + (k % 5);
          expectMatchesNaive(
            buildCircuit(
              resolveCircuitSpec({ qubits, layers: 1 + (k % 3), encoding, entangler, entanglingGate, reupload }),
            ),
            3,
          );
        }
      }
    }
  });

  it('every gate preserves the norm of random states', () => {
    for (const name of GATE_NAMES) {
      const gate = GATES[name];
      const qubits = 3;
      // Random product-and-entangled state first, then the gate under test.
      const prep = randomCircuit(rng, qubits, 12);
      const circuit: Circuit = {
        ...prep,
        ops: [
          ...prep.ops,
          {
            name,
            wires: Array.from(rng.choice(qubits, gate.numWires)),
            params: Array.from({ length: gate.numParams }, () => constParam(rng.uniformIn(-4, 4))),
          },
        ],
      };
      const sim = new QuantumSimulator(circuit);
      const batch = 4;
      const p = sim.probabilities(
        uniformArray(rng, batch * qubits, -3, 3),
        uniformArray(rng, sim.numWeights, 0, 6),
        batch,
      );
      for (let b = 0; b < batch; b++) {
        const norm = p.subarray(b * 8, (b + 1) * 8).reduce((s, v) => s + v, 0);
        expect(Math.abs(norm - 1), name).toBeLessThan(1e-14);
      }
    }
  });

  it('a batch equals its samples simulated one at a time, across chunk boundaries', () => {
    // A 6-qubit noisy circuit is simulated in chunks of a few samples, so a batch of 30 spans several chunks.
    for (const noise of [0, 0.05]) {
      const spec = resolveCircuitSpec({ qubits: 6, layers: 2, noise });
      const sim = QuantumSimulator.fromSpec(spec);
      const batch = noise > 0 ? 30 : 9;
      const x = uniformArray(rng, batch * 6, -3, 3);
      const w = uniformArray(rng, sim.numWeights, 0, 6);
      const all = sim.expval(x, w, batch);
      for (let b = 0; b < batch; b += 7) {
        const one = sim.expval(x.slice(b * 6, (b + 1) * 6), w, 1);
        expect(maxDiff(all.subarray(b * 6, (b + 1) * 6), one)).toBeLessThan(1e-13);
      }
    }
  });

  it('handles ten qubits', () => {
    expectMatchesNaive(buildCircuit(resolveCircuitSpec({ qubits: 10, layers: 1, entangler: 'all-to-all' })), 1, 1e-11);
  });

  it('rejects arrays of the wrong size, naming what was expected', () => {
    const sim = QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 2, layers: 1 }));
    expect(() => sim.expval(new Float64Array(3), new Float64Array(6), 2)).toThrow(
      /inputs must have batch·numInputs = 2·2 elements, got 3/,
    );
    expect(() => sim.expval(new Float64Array(4), new Float64Array(5), 2)).toThrow(
      /weights must have 6 elements, got 5/,
    );
    expect(() =>
      sim.vjp(new Float64Array(4), new Float64Array(6), 2, new Float64Array(3), { inputs: true, weights: true }),
    ).toThrow(/cotangent/);
  });
});
