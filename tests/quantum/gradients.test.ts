import { describe, expect, it } from 'vitest';
import { gradcheck, Rng, Tensor } from '../../src/core/index.js';
import {
  buildCircuit,
  ENCODINGS,
  ENTANGLERS,
  QuantumSimulator,
  quantumLayer,
  resolveCircuitSpec,
  type Circuit,
  type CircuitSpec,
} from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';
import { randomCircuit, uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(21, 'quantum/gradients');

/** Adjoint VJP = parameter-shift VJP (per sample, inputs and weights), and the layer op passes gradcheck. */
function checkGradients(circuit: Circuit, batch: number, label: string): void {
  const sim = new QuantumSimulator(circuit);
  const x = uniformArray(rng, batch * circuit.numInputs, -Math.PI, Math.PI);
  const w = uniformArray(rng, sim.numWeights, 0, 2 * Math.PI);
  const cot = uniformArray(rng, batch * circuit.qubits, -1, 1);
  const both = { inputs: true, weights: true };
  const adjoint = sim.vjp(x, w, batch, cot, { ...both, method: 'adjoint' });
  const shift = sim.vjp(x, w, batch, cot, { ...both, method: 'parameter-shift' });
  expect(maxDiff(adjoint.inputs!, shift.inputs!), `${label}: inputs, adjoint vs parameter-shift`).toBeLessThan(1e-10);
  expect(maxDiff(adjoint.weights!, shift.weights!), `${label}: weights, adjoint vs parameter-shift`).toBeLessThan(
    1e-10,
  );
  const inputs = new Tensor(x, [batch, circuit.numInputs], { requiresGrad: true });
  const weights = new Tensor(w, [...circuit.weightShape], { requiresGrad: true });
  const report = gradcheck((a, b) => quantumLayer(a, b, sim), [inputs, weights]);
  expect(report.checked).toBe(x.length + w.length);
  expect(report.ok, `${label}: ${JSON.stringify(report.worst)}`).toBe(true);
}

describe('adjoint = parameter-shift = finite differences', () => {
  it('on built circuits: every encoding, entangler, entangling gate and re-uploading, 1 to 10 qubits, 1 to 6 layers', () => {
    let k = 0;
    for (const encoding of ENCODINGS) {
      for (const entangler of ENTANGLERS) {
        for (const entanglingGate of ['cz', 'cnot'] as const) {
          for (const reupload of [false, true]) {
            k++;
            // Sizes cycle through 1..10 qubits and 1..6 layers; large states get small batches.
            const qubits = 1 + ((k * 3) % 10);
            const layers = 1 + ((k * 5) % 6);
            const batch = qubits >= 8 ? 1 : 3;
            const spec: CircuitSpec = resolveCircuitSpec({
              qubits,
              layers,
              entangler,
              entanglingGate,
              reupload,
              encoding,
            });
            checkGradients(buildCircuit(spec), batch, JSON.stringify(spec));
          }
        }
      }
    }
  });

  it('on the largest reference shape: 10 qubits, 6 layers', () => {
    checkGradients(buildCircuit(resolveCircuitSpec({ qubits: 10, layers: 6 })), 1, '10 qubits, 6 layers');
  });

  it('on random circuits of every gate (controlled rotations, Rot, PhaseShift, SWAP, constants)', () => {
    for (let trial = 0; trial < 16; trial++) {
      const qubits = 1 + (trial % 5);
      checkGradients(randomCircuit(rng, qubits, 6 + rng.int(20)), 2, `random circuit ${trial}`);
    }
  });

  it('computes only what is asked for and leaves frozen tensors without gradients', () => {
    const sim = QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 3, layers: 2 }));
    const x = new Tensor(uniformArray(rng, 6, -3, 3), [2, 3], { requiresGrad: false });
    const w = new Tensor(uniformArray(rng, 18, 0, 6), [2, 3, 3], { requiresGrad: true });
    quantumLayer(x, w, sim).backward(new Float64Array(6).fill(1));
    expect(x.grad).toBeNull();
    expect(w.grad).not.toBeNull();
    const only = sim.vjp(x.data as Float64Array, w.data as Float64Array, 2, new Float64Array(6).fill(1), {
      inputs: true,
      weights: false,
    });
    expect(only.weights).toBeNull();
    expect(only.inputs!.length).toBe(6);
  });
});
