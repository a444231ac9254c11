import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { buildCircuit, QuantumSimulator, resolveCircuitSpec, type CircuitSpec } from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';
import { uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(51, 'quantum/trajectories');

function simulators(spec: Partial<CircuitSpec>, trajectories: number): [QuantumSimulator, QuantumSimulator] {
  const circuit = buildCircuit(resolveCircuitSpec(spec));
  return [
    new QuantumSimulator(circuit, { noiseMethod: 'exact' }),
    new QuantumSimulator(circuit, { noiseMethod: 'trajectories', trajectories }),
  ];
}

describe('Monte-Carlo trajectories', () => {
  it('auto chooses trajectories from 10 qubits; exact density matrices stop at 10; shots do not mix with trajectories', () => {
    expect(QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 10, layers: 1, noise: 0.01 })).representation).toBe(
      'trajectories',
    );
    expect(QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 9, layers: 1, noise: 0.01 })).representation).toBe(
      'pauli',
    );
    expect(QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 14, layers: 1, noise: 0.01 })).trajectories).toBe(
      100,
    );
    expect(() => resolveCircuitSpec({ qubits: 12, noise: 0.01, noiseMethod: 'exact' })).toThrow(
      /exact density-matrix simulation supports at most 10 qubits, got qubits = 12; use noiseMethod trajectories/,
    );
    expect(() => resolveCircuitSpec({ qubits: 10, noise: 0.01, shots: 100 })).toThrow(
      /finite shots are not supported with Monte-Carlo trajectory noise/,
    );
    expect(() => resolveCircuitSpec({ qubits: 4, noiseMethod: 'sampled' })).toThrow(
      /noiseMethod: unknown value 'sampled'; expected one of auto, exact, trajectories/,
    );
    expect(() => resolveCircuitSpec({ qubits: 4, trajectories: 1 })).toThrow(
      /trajectories: expected an integer from 2/,
    );
    const sim = QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 10, layers: 1, noise: 0.01 }));
    expect(() => sim.expval(new Float64Array(10), new Float64Array(30), 1)).toThrow(
      /noise by 100 Monte-Carlo trajectories needs an rng/,
    );
  });

  it('are unbiased: the average is within four standard errors of the exact values, and the errors shrink as 1/√T', () => {
    const spec = { qubits: 4, layers: 2, noise: 0.15, reupload: true };
    const [exact, sampled] = simulators(spec, 4000);
    const batch = 3;
    const x = uniformArray(rng, batch * 4, -3, 3);
    const w = uniformArray(rng, exact.numWeights, 0, 6);
    const truth = exact.expval(x, w, batch);
    const { values, standardErrors } = sampled.forward(x, w, batch, { rng: new Rng(1) });
    values.forEach((v, i) => {
      expect(standardErrors![i]).toBeGreaterThan(0);
      expect(standardErrors![i]).toBeLessThan(0.02);
      expect(Math.abs(v - truth[i])).toBeLessThan(4 * standardErrors![i]);
    });
    const [, few] = simulators(spec, 100);
    const coarse = few.forward(x, w, batch, { rng: new Rng(2) }).standardErrors!;
    const ratio = coarse.reduce((a, b) => a + b, 0) / standardErrors!.reduce((a, b) => a + b, 0);
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(9);
    const probs = sampled.probabilities(x, w, batch, { rng: new Rng(3) });
    expect(maxDiff(probs, exact.probabilities(x, w, batch))).toBeLessThan(0.03);
  });

  it("gradients are those of the trajectory average: finite differences of the same draws, the tape's states or a recomputed pass alike, unbiased for the exact gradient", () => {
    const spec = { qubits: 3, layers: 2, noise: 0.2 };
    const [exact, sampled] = simulators(spec, 3000);
    const batch = 2;
    const x = uniformArray(rng, batch * 3, -3, 3);
    const w = uniformArray(rng, exact.numWeights, 0, 6);
    const cot = uniformArray(rng, batch * 3, -1, 1);
    const both = { inputs: true, weights: true };
    const { tape } = sampled.forward(x, w, batch, { rng: new Rng(7), keep: true });
    expect(tape!.chunks.length).toBeGreaterThan(0);
    const fromStates = sampled.vjp(x, w, batch, cot, { ...both, tape });
    const again = sampled.forward(x, w, batch, { rng: new Rng(7), keep: true }).tape!;
    again.chunks.length = 0;
    const recomputed = sampled.vjp(x, w, batch, cot, { ...both, tape: again });
    expect(maxDiff(fromStates.weights!, recomputed.weights!)).toBe(0);
    // Finite differences of Σ cot·E with the same draws (a fresh Rng(7) each time).
    const objective = (ww: Float64Array): number =>
      sampled.expval(x, ww, batch, { rng: new Rng(7) }).reduce((s, v, i) => s + cot[i] * v, 0);
    for (let k = 0; k < w.length; k += 4) {
      const [up, down] = [w.slice(), w.slice()];
      up[k] += 1e-6;
      down[k] -= 1e-6;
      const numeric = (objective(up) - objective(down)) / 2e-6;
      const analytic = fromStates.weights!.filter((_v, j) => j % w.length === k).reduce((a, b) => a + b, 0);
      expect(Math.abs(numeric - analytic)).toBeLessThan(1e-6);
    }
    const truth = exact.vjp(x, w, batch, cot, both);
    expect(maxDiff(fromStates.inputs!, truth.inputs!)).toBeLessThan(0.1);
    expect(maxDiff(fromStates.weights!, truth.weights!)).toBeLessThan(0.1);
  });
});
