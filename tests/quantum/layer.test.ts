import { describe, expect, it } from 'vitest';
import { noGrad, Rng, Tensor } from '../../src/core/index.js';
import {
  circuitJacobian,
  initQuantumWeights,
  QuantumSimulator,
  quantumLayer,
  resolveCircuitSpec,
} from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';
import { uniformArray } from '../helpers/random-circuits.js';

const rng = new Rng(51, 'quantum/layer');
const spec = resolveCircuitSpec({ qubits: 3, layers: 2 });
const sim = QuantumSimulator.fromSpec(spec);

describe('quantumLayer', () => {
  it('keeps the dtype of the inputs and accumulates float32 gradients', () => {
    const x = new Tensor(Float32Array.from(uniformArray(rng, 6, -3, 3)), [2, 3], { requiresGrad: true });
    const w = initQuantumWeights(rng, 2, 3);
    const out = quantumLayer(x, w, sim);
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([2, 3]);
    const exact = sim.expval(Float64Array.from(x.data), w.data as Float64Array, 2);
    expect(maxDiff(out.data, exact)).toBeLessThan(1e-6);
    out.backward(new Float32Array(6).fill(1));
    expect(x.grad).toBeInstanceOf(Float32Array);
    expect(w.grad).toBeInstanceOf(Float64Array);
    const first = Array.from(w.grad!);
    quantumLayer(x, w, sim).backward(new Float32Array(6).fill(1));
    // Leaf gradients accumulate across backward passes.
    expect(
      maxDiff(
        w.grad!,
        first.map((v) => 2 * v),
      ),
    ).toBeLessThan(1e-12);
  });

  it('records no graph under noGrad or when nothing requires gradients', () => {
    const x = new Tensor(uniformArray(rng, 3, -3, 3), [1, 3]);
    const w = initQuantumWeights(rng, 2, 3);
    expect(noGrad(() => quantumLayer(x, w, sim)).requiresGrad).toBe(false);
    w.requiresGrad = false;
    expect(quantumLayer(x, w, sim).requiresGrad).toBe(false);
  });

  it('rejects wrong shapes, naming the expected one', () => {
    const w = initQuantumWeights(rng, 2, 3);
    expect(() => quantumLayer(new Tensor(new Float64Array(4), [2, 2]), w, sim)).toThrow(
      /inputs must be \[batch, 3\] angles, got shape \[2, 2\]/,
    );
    expect(() => quantumLayer(new Tensor(new Float64Array(3), [1, 3]), initQuantumWeights(rng, 1, 3), sim)).toThrow(
      /weights must have shape \[2, 3, 3\], got \[1, 3, 3\]/,
    );
  });

  it('initialises weights from U[0, 2π) with shape [layers, 3, qubits], reproducibly', () => {
    const w = initQuantumWeights(new Rng(9), 6, 10);
    expect(w.shape).toEqual([6, 3, 10]);
    expect(w.requiresGrad).toBe(true);
    expect(w.data.every((v) => v >= 0 && v < 2 * Math.PI)).toBe(true);
    expect(Math.max(...w.data)).toBeGreaterThan(6);
    expect(Array.from(initQuantumWeights(new Rng(9), 6, 10).data)).toEqual(Array.from(w.data));
  });
});

describe('circuitJacobian', () => {
  it('adjoint and parameter-shift Jacobians agree with central differences, per sample', () => {
    for (const noise of [0, 0.1]) {
      const s = QuantumSimulator.fromSpec({ ...spec, noise, reupload: true });
      const batch = 2;
      const x = uniformArray(rng, batch * 3, -3, 3);
      const w = uniformArray(rng, 18, 0, 6);
      const adj = circuitJacobian(s, x, w, batch, { method: 'adjoint' });
      const ps = circuitJacobian(s, x, w, batch, { method: 'parameter-shift' });
      expect(maxDiff(adj.inputs, ps.inputs)).toBeLessThan(1e-10);
      expect(maxDiff(adj.weights, ps.weights)).toBeLessThan(1e-10);
      const h = 1e-6;
      const central = (a: Float64Array, j: number): Float64Array => {
        const saved = a[j];
        a[j] = saved + h;
        const plus = s.expval(x, w, batch);
        a[j] = saved - h;
        const minus = s.expval(x, w, batch);
        a[j] = saved;
        return plus.map((v, i) => (v - minus[i]) / (2 * h));
      };
      for (let j = 0; j < 18; j++) {
        const d = central(w, j);
        for (let b = 0; b < batch; b++)
          for (let i = 0; i < 3; i++)
            expect(Math.abs(adj.weights[(b * 3 + i) * 18 + j] - d[b * 3 + i])).toBeLessThan(1e-7);
      }
      for (let b = 0; b < batch; b++) {
        for (let j = 0; j < 3; j++) {
          const d = central(x, b * 3 + j);
          for (let i = 0; i < 3; i++)
            expect(Math.abs(adj.inputs[(b * 3 + i) * 3 + j] - d[b * 3 + i])).toBeLessThan(1e-7);
        }
      }
      expect(maxDiff(adj.values, s.expval(x, w, batch))).toBe(0);
    }
  });
});
