import { describe, expect, it } from 'vitest';
import { gradcheck, Rng, Tensor } from '../../src/core/index.js';
import {
  buildCircuit,
  constParam,
  ENTANGLERS,
  inputParam,
  isNoisy,
  QuantumSimulator,
  quantumLayer,
  resolveCircuitSpec,
  type Circuit,
  type Operation,
} from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';
import { naiveExpvalZ, naiveProbabilities } from '../helpers/naive-quantum.js';
import { randomCircuit, uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(31, 'quantum/density');

/** The same circuit with a depolarizing channel of probability p on every wire after every op. */
function withNoiseEverywhere(circuit: Circuit, p: number): Circuit {
  const ops: Operation[] = circuit.ops.flatMap((op) => [
    op,
    ...Array.from({ length: circuit.qubits }, (_v, q) => ({
      name: 'DepolarizingChannel' as const,
      wires: [q],
      params: [constParam(p)],
    })),
  ]);
  return { ...circuit, ops };
}

describe('density-matrix simulation', () => {
  it('with p = 0 equals the statevector, values and gradients', () => {
    for (let trial = 0; trial < 6; trial++) {
      const pure = randomCircuit(rng, 1 + (trial % 4), 10);
      const noisy = withNoiseEverywhere(pure, 0);
      expect(isNoisy(noisy)).toBe(true);
      const [sv, dm] = [new QuantumSimulator(pure), new QuantumSimulator(noisy)];
      const batch = 3;
      const x = uniformArray(rng, batch * pure.numInputs, -3, 3);
      const w = uniformArray(rng, sv.numWeights, 0, 6);
      const cot = uniformArray(rng, batch * pure.qubits, -1, 1);
      expect(maxDiff(sv.expval(x, w, batch), dm.expval(x, w, batch))).toBeLessThan(1e-13);
      expect(maxDiff(sv.probabilities(x, w, batch), dm.probabilities(x, w, batch))).toBeLessThan(1e-13);
      const [gs, gd] = [
        sv.vjp(x, w, batch, cot, { inputs: true, weights: true }),
        dm.vjp(x, w, batch, cot, { inputs: true, weights: true }),
      ];
      expect(maxDiff(gs.inputs!, gd.inputs!)).toBeLessThan(1e-12);
      expect(maxDiff(gs.weights!, gd.weights!)).toBeLessThan(1e-12);
    }
  });

  it('depolarizing after RX(θ) gives ⟨Z⟩ = (1 - 4p/3)·cos θ, twice gives (1 - 4p/3)²·cos θ', () => {
    const p = 0.15;
    const noise: Operation = { name: 'DepolarizingChannel', wires: [0], params: [constParam(p)] };
    const once: Circuit = {
      qubits: 1,
      numInputs: 1,
      weightShape: [0],
      ops: [{ name: 'RX', wires: [0], params: [inputParam(0)] }, noise],
    };
    const twice: Circuit = { ...once, ops: [...once.ops, noise] };
    const t = 0.9;
    const x = Float64Array.from([t]);
    expect(new QuantumSimulator(once).expval(x, new Float64Array(0), 1)[0]).toBeCloseTo(
      (1 - (4 * p) / 3) * Math.cos(t),
      15,
    );
    expect(new QuantumSimulator(twice).expval(x, new Float64Array(0), 1)[0]).toBeCloseTo(
      (1 - (4 * p) / 3) ** 2 * Math.cos(t),
      15,
    );
    // The fully depolarizing channel (p = 3/4) leaves the maximally mixed state.
    const mixed: Circuit = { ...once, ops: [once.ops[0], { ...noise, params: [constParam(0.75)] }] };
    expect(new QuantumSimulator(mixed).expval(x, new Float64Array(0), 1)[0]).toBeCloseTo(0, 15);
  });

  it('matches Kraus-operator evolution on random noisy circuits and on the built noisy circuits', () => {
    const circuits = [
      ...Array.from({ length: 8 }, (_v, t) =>
        randomCircuit(rng, 1 + (t % 4), 12, { noise: 0.5, p: rng.uniformIn(0, 1) }),
      ),
      buildCircuit(resolveCircuitSpec({ qubits: 3, layers: 2, noise: 0.02, reupload: true })),
      buildCircuit(resolveCircuitSpec({ qubits: 4, layers: 1, noise: 0.3, entanglingGate: 'cnot' })),
    ];
    for (const circuit of circuits) {
      const sim = new QuantumSimulator(circuit);
      const batch = 2;
      const x = uniformArray(rng, batch * circuit.numInputs, -3, 3);
      const w = uniformArray(rng, sim.numWeights, 0, 6);
      const e = sim.expval(x, w, batch);
      const p = sim.probabilities(x, w, batch);
      const dim = 1 << circuit.qubits;
      for (let b = 0; b < batch; b++) {
        const xb = x.subarray(b * circuit.numInputs, (b + 1) * circuit.numInputs);
        expect(
          maxDiff(e.subarray(b * circuit.qubits, (b + 1) * circuit.qubits), naiveExpvalZ(circuit, xb, w)),
        ).toBeLessThan(1e-12);
        expect(maxDiff(p.subarray(b * dim, (b + 1) * dim), naiveProbabilities(circuit, xb, w))).toBeLessThan(1e-12);
      }
    }
  });

  it('noisy gradients: adjoint = parameter-shift = finite differences', () => {
    const circuits = [
      ...ENTANGLERS.map((entangler, k) =>
        buildCircuit(
          resolveCircuitSpec({
            qubits: 1 + k,
            layers: 1 + (k % 3),
            entangler,
            noise: 0.05 * (k + 1),
            reupload: k % 2 === 1,
            entanglingGate: k === 2 ? 'cnot' : 'cz',
          }),
        ),
      ),
      ...Array.from({ length: 4 }, (_v, t) => randomCircuit(rng, 1 + t, 10, { noise: 0.4, p: 0.2 })),
    ];
    for (const circuit of circuits) {
      const sim = new QuantumSimulator(circuit);
      const batch = 2;
      const x = uniformArray(rng, batch * circuit.numInputs, -3, 3);
      const w = uniformArray(rng, sim.numWeights, 0, 6);
      const cot = uniformArray(rng, batch * circuit.qubits, -1, 1);
      const both = { inputs: true, weights: true };
      const [a, s] = [
        sim.vjp(x, w, batch, cot, { ...both, method: 'adjoint' }),
        sim.vjp(x, w, batch, cot, { ...both, method: 'parameter-shift' }),
      ];
      expect(maxDiff(a.inputs!, s.inputs!)).toBeLessThan(1e-10);
      expect(maxDiff(a.weights!, s.weights!)).toBeLessThan(1e-10);
      const report = gradcheck(
        (i, v) => quantumLayer(i, v, sim),
        [
          new Tensor(x, [batch, circuit.numInputs], { requiresGrad: true }),
          new Tensor(w, [...circuit.weightShape], { requiresGrad: true }),
        ],
      );
      expect(report.ok, JSON.stringify(report.worst)).toBe(true);
    }
  });
});
