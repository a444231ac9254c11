import { afterEach, describe, expect, it } from 'vitest';
import { gradcheck, Rng, Tensor } from '../../src/core/index.js';
import {
  buildCircuit,
  constParam,
  ENCODINGS,
  ENTANGLERS,
  GATES,
  inputParam,
  QuantumSimulator,
  quantumLayer,
  resolveCircuitSpec,
  weightParam,
  type Circuit,
  type GateName,
  type Operation,
} from '../../src/quantum/index.js';
import { blochRotation, compilePauliPlan, diagonalPermutation, pauliStride } from '../../src/quantum/pauli-basis.js';
import { setPauliAdjoint, sparseAdjoint } from '../../src/quantum/pauli-sparse.js';
import { compilePlan } from '../../src/quantum/plan.js';
import { maxDiff } from '../helpers/complex.js';
import { naiveExpvalZ, naiveProbabilities } from '../helpers/naive-quantum.js';
import { uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(41, 'quantum/pauli');
const SINGLE: GateName[] = ['RX', 'RY', 'RZ', 'Rot', 'PhaseShift', 'H', 'X', 'Y', 'Z', 'S', 'T'];

/** Random circuits of single-qubit gates, CZ and depolarizing noise in any order (noise before a CZ cannot fold). */
function randomPauliCircuit(qubits: number, numOps: number): Circuit {
  const ops: Operation[] = [];
  for (let i = 0; i < numOps; i++) {
    const r = rng.uniform();
    if (r < 0.25 && qubits > 1) {
      const [a, b] = Array.from(rng.choice(qubits, 2));
      ops.push({ name: 'CZ', wires: [a, b], params: [] });
    } else if (r < 0.45) {
      ops.push({ name: 'DepolarizingChannel', wires: [rng.int(qubits)], params: [constParam(rng.uniformIn(0, 0.7))] });
    } else {
      const gate = GATES[SINGLE[rng.int(SINGLE.length)]];
      const params = Array.from({ length: gate.numParams }, () =>
        rng.uniform() < 0.5 ? inputParam(rng.int(qubits)) : weightParam(rng.int(5)),
      );
      ops.push({ name: gate.name, wires: [rng.int(qubits)], params });
    }
  }
  return { qubits, numInputs: qubits, weightShape: [5], ops };
}

describe('density matrices in the Pauli basis', () => {
  it('shallow circuits get the sparse adjoint: its records are a small part of the state', () => {
    const circuit = buildCircuit(resolveCircuitSpec({ qubits: 8, layers: 2, noise: 0.02 }));
    const plan = compilePauliPlan(compilePlan(circuit))!;
    expect(sparseAdjoint(plan, 4 ** 8)!.recordSize).toBeLessThan(4 ** 8 / 16);
    expect(
      sparseAdjoint(
        compilePauliPlan(compilePlan(buildCircuit(resolveCircuitSpec({ qubits: 8, layers: 6, noise: 0.02 }))))!,
        4 ** 8,
      ),
    ).toBeNull();
  });

  it('built noisy circuits with CZ entanglers run in the Pauli basis; CNOT and p = 3/4 in the computational basis', () => {
    for (const entangler of ENTANGLERS) {
      expect(
        QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 4, layers: 2, entangler, noise: 0.02 })).representation,
      ).toBe('pauli');
    }
    expect(
      QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 4, layers: 2, noise: 0.02, entanglingGate: 'cnot' }))
        .representation,
    ).toBe('density');
    expect(QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 3, layers: 1, noise: 0.75 })).representation).toBe(
      'density',
    );
    expect(QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 3, layers: 1 })).representation).toBe('statevector');
  });

  it('a CZ permutes Pauli strings with signs: X⊗I → X⊗Z, X⊗X → Y⊗Y, X⊗Y → -Y⊗X, and twice is the identity', () => {
    const { perm, sign } = diagonalPermutation(2, Float64Array.from([1, 1, 1, -1]));
    const index = (a: number, b: number): number => a * pauliStride(2, 0) + b * pauliStride(2, 1);
    const [I, Z, X, Y] = [0, 1, 2, 3];
    expect([perm[index(X, I)], sign[index(X, I)]]).toEqual([index(X, Z), 1]);
    expect([perm[index(X, X)], sign[index(X, X)]]).toEqual([index(Y, Y), 1]);
    expect([perm[index(X, Y)], sign[index(X, Y)]]).toEqual([index(Y, X), -1]);
    expect([perm[index(Z, Z)], sign[index(Z, Z)]]).toEqual([index(Z, Z), 1]);
    for (let i = 0; i < 16; i++) expect(perm[perm[i]] === i && sign[i] * sign[perm[i]] === 1).toBe(true);
  });

  it('the Bloch rotation of RX(θ) turns y towards z by θ', () => {
    const u = new Float64Array(8);
    const t = 0.7;
    GATES.RX.matrix([t], u, 0);
    const r = new Float64Array(9);
    blochRotation(u, 0, r, 0, new Float64Array(8));
    const c = Math.cos(t);
    const s = Math.sin(t);
    [1, 0, 0, 0, c, -s, 0, s, c].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 15));
  });

  it('values and probabilities match Kraus-operator evolution (random circuits, built circuits of every encoding and entangler)', () => {
    const circuits = [
      ...Array.from({ length: 10 }, (_v, t) => randomPauliCircuit(1 + (t % 5), 14)),
      ...ENCODINGS.map((encoding, k) =>
        buildCircuit(
          resolveCircuitSpec({
            qubits: 3 + (k % 2),
            layers: 2,
            encoding,
            entangler: ENTANGLERS[k],
            noise: 0.1,
            reupload: k % 2 === 0,
          }),
        ),
      ),
    ];
    for (const circuit of circuits) {
      const sim = new QuantumSimulator(circuit);
      expect(sim.representation === 'pauli' || circuit.ops.every((op) => op.name !== 'DepolarizingChannel')).toBe(true);
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

  afterEach(() => setPauliAdjoint('auto'));

  for (const mode of ['sparse', 'dense'] as const)
    it(`gradients (${mode} adjoint): adjoint from the forward pass's tape and recomputed = parameter shift = finite differences`, () => {
      setPauliAdjoint(mode);
      const circuits = [
        ...Array.from({ length: 6 }, (_v, t) => randomPauliCircuit(1 + (t % 4), 14)),
        buildCircuit(resolveCircuitSpec({ qubits: 5, layers: 2, noise: 0.02 })),
        buildCircuit(resolveCircuitSpec({ qubits: 3, layers: 3, noise: 0.3, reupload: true, entangler: 'all-to-all' })),
        buildCircuit(resolveCircuitSpec({ qubits: 7, layers: 2, noise: 0.05 })),
      ];
      for (const circuit of circuits) {
        const sim = new QuantumSimulator(circuit);
        const batch = 3;
        const x = uniformArray(rng, batch * circuit.numInputs, -3, 3);
        const w = uniformArray(rng, sim.numWeights, 0, 6);
        const cot = uniformArray(rng, batch * circuit.qubits, -1, 1);
        const both = { inputs: true, weights: true };
        const shift = sim.vjp(x, w, batch, cot, { ...both, method: 'parameter-shift' });
        const recomputed = sim.vjp(x, w, batch, cot, both);
        const { tape } = sim.forward(x, w, batch, { keep: true });
        expect(tape).not.toBeNull();
        const fromTape = sim.vjp(x, w, batch, cot, { ...both, tape });
        for (const g of [recomputed, fromTape]) {
          expect(maxDiff(g.inputs!, shift.inputs!)).toBeLessThan(1e-10);
          expect(maxDiff(g.weights!, shift.weights!)).toBeLessThan(1e-10);
        }
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
