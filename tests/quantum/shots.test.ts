import { describe, expect, it } from 'vitest';
import { Rng, Tensor } from '../../src/core/index.js';
import {
  circuitJacobian,
  inputParam,
  QuantumSimulator,
  quantumLayer,
  resolveCircuitSpec,
  type Circuit,
} from '../../src/quantum/index.js';
import { uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(41, 'quantum/shots');

// Each ⟨Z_i⟩ estimate from N shots is a mean of ±1 outcomes: σ = sqrt(1 - ⟨Z⟩²)/√N. Tolerances are 4σ (bounded
// by 4/√N where σ is not known exactly), at fixed seeds.
describe('finite shots', () => {
  it('estimates ⟨Z⟩ within 4σ/√N, exact and noisy circuits alike', () => {
    const shots = 4000;
    for (const noise of [0, 0.1]) {
      const spec = resolveCircuitSpec({ qubits: 3, layers: 2, noise });
      const exact = QuantumSimulator.fromSpec(spec);
      const sampled = QuantumSimulator.fromSpec({ ...spec, shots });
      const batch = 5;
      const x = uniformArray(rng, batch * 3, -3, 3);
      const w = uniformArray(rng, exact.numWeights, 0, 6);
      const e = exact.expval(x, w, batch);
      const s = sampled.expval(x, w, batch, { rng: rng.stream(`noise-${noise}`) });
      for (let i = 0; i < e.length; i++) {
        const sigma = Math.sqrt(Math.max(1 - e[i] * e[i], 1e-12) / shots);
        expect(Math.abs(s[i] - e[i])).toBeLessThan(4 * sigma + 1e-12);
        // An estimate is a multiple of 2/N (count differences over N).
        expect(Math.abs(s[i] * shots - Math.round(s[i] * shots))).toBeLessThan(1e-9);
      }
    }
  });

  it('estimates every wire from the same joint samples (perfectly correlated wires agree exactly)', () => {
    const circuit: Circuit = {
      qubits: 2,
      numInputs: 1,
      weightShape: [0],
      ops: [
        { name: 'RY', wires: [0], params: [inputParam(0)] },
        { name: 'CNOT', wires: [0, 1], params: [] },
      ],
    };
    const sim = new QuantumSimulator(circuit, { shots: 50 });
    const e = sim.expval(Float64Array.from([1, 2, 2.5]), new Float64Array(0), 3, { rng: rng.stream('bell') });
    for (let b = 0; b < 3; b++) expect(e[2 * b]).toBe(e[2 * b + 1]);
    const p = sim.probabilities(Float64Array.from([1]), new Float64Array(0), 1, { rng: rng.stream('bell-p') });
    expect(p[1] + p[2]).toBe(0);
    expect(p[0] + p[3]).toBeCloseTo(1, 15);
  });

  it('is reproducible from the seed and needs an rng', () => {
    const sim = QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 2, layers: 1, shots: 100 }));
    const x = uniformArray(rng, 4, -3, 3);
    const w = uniformArray(rng, 6, 0, 6);
    const a = sim.expval(x, w, 2, { rng: new Rng(5).stream('shots') });
    const b = sim.expval(x, w, 2, { rng: new Rng(5).stream('shots') });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => sim.expval(x, w, 2)).toThrow(/shots = 100 needs an rng/);
    expect(sim.diff).toBe('parameter-shift');
  });

  it('parameter-shift Jacobians under shots are within 4σ of the exact ones (each shifted evaluation draws its own shots)', () => {
    const shots = 20000;
    const spec = resolveCircuitSpec({ qubits: 2, layers: 2, noise: 0.05 });
    const exact = circuitJacobian(
      QuantumSimulator.fromSpec(spec),
      Float64Array.from([0.4, -1.2]),
      Float64Array.from({ length: 12 }, (_v, i) => 0.5 * i),
      1,
    );
    const sampled = circuitJacobian(
      QuantumSimulator.fromSpec({ ...spec, shots }),
      Float64Array.from([0.4, -1.2]),
      Float64Array.from({ length: 12 }, (_v, i) => 0.5 * i),
      1,
      { rng: rng.stream('jacobian') },
    );
    // Two-term rule: (E+ - E-)/2 with independent shots has σ ≤ sqrt(2·¼/N); an input enters 3 gates (3 such terms).
    const sigmaWeight = Math.sqrt(0.5 / shots);
    exact.weights.forEach((v, i) => expect(Math.abs(sampled.weights[i] - v)).toBeLessThan(4 * sigmaWeight));
    exact.inputs.forEach((v, i) =>
      expect(Math.abs(sampled.inputs[i] - v)).toBeLessThan(4 * Math.sqrt(3) * sigmaWeight),
    );
    // Under shots nothing is exactly right.
    expect(sampled.weights.some((v, i) => v !== exact.weights[i])).toBe(true);
  });

  it('the layer op under shots: forward and backward by sampling', () => {
    const spec = resolveCircuitSpec({ qubits: 2, layers: 1, shots: 20000 });
    const sim = QuantumSimulator.fromSpec(spec);
    const exactSim = QuantumSimulator.fromSpec({ ...spec, shots: null });
    const x = new Tensor(Float64Array.from([0.3, 1.1]), [1, 2], { requiresGrad: true });
    const w = new Tensor(Float64Array.from([1, 2, 3, 4, 5, 6]), [1, 3, 2], { requiresGrad: true });
    const out = quantumLayer(x, w, sim, { rng: rng.stream('layer') });
    out.backward(Float64Array.from([1, 0]));
    const exactJ = circuitJacobian(exactSim, x.data as Float64Array, w.data as Float64Array, 1);
    const sigma = Math.sqrt(0.5 / 20000);
    for (let j = 0; j < 6; j++) expect(Math.abs(w.grad![j] - exactJ.weights[j])).toBeLessThan(4 * sigma);
    for (let j = 0; j < 2; j++) expect(Math.abs(x.grad![j] - exactJ.inputs[j])).toBeLessThan(4 * Math.sqrt(3) * sigma);
    expect(Math.abs(out.data[0] - exactJ.values[0])).toBeLessThan(4 / Math.sqrt(20000));
    expect(() => quantumLayer(x, w, sim)).toThrow(/needs an rng/);
  });
});
