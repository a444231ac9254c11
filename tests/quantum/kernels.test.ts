import { afterEach, describe, expect, it } from 'vitest';
import { mul, noGrad, Rng, sum, Tensor } from '../../src/core/index.js';
import { ArenaLayout, reserveArena } from '../../src/core/kernels/arena.js';
import { setGemmBackend } from '../../src/core/kernels/gemm.js';
import { buildCircuit, QuantumSimulator, quantumLayer, resolveCircuitSpec } from '../../src/quantum/index.js';
import { accumulateSingle, applyDiagonal, applySingle } from '../../src/quantum/statevector.js';
import { statevectorKernels } from '../../src/quantum/wasm-statevector.js';
import { maxDiff } from '../helpers/complex.js';
import { uniformArray } from '../helpers/random-circuits.js';

afterEach(() => setGemmBackend('auto'));

/** Random states and matrices in the arena, with their byte addresses and copies for the JavaScript kernels. */
function arenaStates(rng: Rng, batch: number, amps: number, perSample: boolean) {
  const n = batch * amps;
  const layout = new ArenaLayout();
  const at = {
    kr: layout.take(n, 8),
    ki: layout.take(n, 8),
    br: layout.take(n, 8),
    bi: layout.take(n, 8),
    m: layout.take(batch * 8, 8),
    acc: layout.take(batch * 4, 8),
    d: layout.take(amps, 8),
  };
  const f64 = reserveArena(layout.bytes).f64;
  const view = (byte: number, len: number): Float64Array => f64.subarray(byte / 8, byte / 8 + len);
  const arrays = {
    kr: view(at.kr, n),
    ki: view(at.ki, n),
    br: view(at.br, n),
    bi: view(at.bi, n),
    m: view(at.m, batch * 8),
    acc: view(at.acc, batch * 4),
    d: view(at.d, amps),
  };
  for (const a of [arrays.kr, arrays.ki, arrays.br, arrays.bi, arrays.m]) rng.fillUniform(a, -1, 1);
  rng.fillUniform(arrays.d, -1, 1);
  const copy = {
    kr: arrays.kr.slice(),
    ki: arrays.ki.slice(),
    br: arrays.br.slice(),
    bi: arrays.bi.slice(),
    m: arrays.m.slice(),
  };
  return { at, arrays, copy, mStride: perSample ? 64 : 0 };
}

describe('WebAssembly statevector kernels against the JavaScript kernels', () => {
  const k = statevectorKernels()!;

  it('are available on Node 20', () => {
    expect(k).not.toBeNull();
  });

  it('q_single and q_diag are bitwise identical to applySingle and applyDiagonal, every wire, shared and per-sample matrices', () => {
    const rng = new Rng(5);
    for (const wires of [1, 3, 6]) {
      const amps = 1 << wires;
      for (let stride = 1; stride < amps; stride *= 2) {
        for (const perSample of [false, true]) {
          const batch = 3;
          const s = arenaStates(rng, batch, amps, perSample);
          (stride >= 2 ? k.single : amps >= 4 ? k.single1 : k.singleScalar)(
            s.at.kr,
            s.at.ki,
            batch,
            amps,
            stride,
            s.at.m,
            s.mStride,
          );
          applySingle(s.copy.kr, s.copy.ki, batch, amps, stride, s.copy.m, 0, s.mStride / 8);
          expect(Array.from(s.arrays.kr)).toEqual(Array.from(s.copy.kr));
          expect(Array.from(s.arrays.ki)).toEqual(Array.from(s.copy.ki));
        }
      }
      const s = arenaStates(rng, 2, amps, false);
      k.diag(s.at.kr, s.at.ki, 2, amps, s.at.d);
      applyDiagonal(s.copy.kr, s.copy.ki, 2, amps, s.arrays.d);
      expect(Array.from(s.arrays.kr)).toEqual(Array.from(s.copy.kr));
    }
  });

  it('q_squares is bitwise identical to re·re + im·im', () => {
    const rng = new Rng(8);
    for (const amps of [2, 4, 64]) {
      const s = arenaStates(rng, 2, amps, false);
      k.squares(s.at.kr, s.at.ki, s.at.br, 2 * amps);
      const expected = s.copy.kr.map((re, i) => re * re + s.copy.ki[i] * s.copy.ki[i]);
      expect(Array.from(s.arrays.br)).toEqual(Array.from(expected));
      expect(Array.from(s.arrays.kr)).toEqual(Array.from(s.copy.kr));
    }
  });

  it("q_adjoint gives accumulateSingle's sums (to rounding: two lanes are added at the end) and undoes the gate on ket and bra bitwise", () => {
    const rng = new Rng(6);
    for (const wires of [1, 2, 5]) {
      const amps = 1 << wires;
      for (let stride = 1; stride < amps; stride *= 2) {
        for (const undo of [false, true]) {
          const batch = 2;
          const s = arenaStates(rng, batch, amps, true);
          (stride >= 2 ? k.adjoint : amps >= 4 ? k.adjoint1 : k.adjointScalar)(
            s.at.kr,
            s.at.ki,
            s.at.br,
            s.at.bi,
            batch,
            amps,
            stride,
            s.at.m,
            s.mStride,
            s.at.acc,
            undo ? 1 : 0,
          );
          const acc = new Float64Array(batch * 4);
          accumulateSingle(s.copy.kr, s.copy.ki, s.copy.br, s.copy.bi, batch, amps, stride, acc);
          expect(maxDiff(s.arrays.acc, acc)).toBeLessThan(1e-13);
          if (amps < 4) expect(Array.from(s.arrays.acc)).toEqual(Array.from(acc));
          if (undo) {
            applySingle(s.copy.kr, s.copy.ki, batch, amps, stride, s.copy.m, 0, 8);
            applySingle(s.copy.br, s.copy.bi, batch, amps, stride, s.copy.m, 0, 8);
          }
          expect(Array.from(s.arrays.kr)).toEqual(Array.from(s.copy.kr));
          expect(Array.from(s.arrays.bi)).toEqual(Array.from(s.copy.bi));
        }
      }
    }
  });

  it('the simulator gives the same values (bitwise) and gradients (to 1e-13) on either set of kernels', () => {
    const rng = new Rng(7);
    for (const spec of [
      { qubits: 8, layers: 2 },
      { qubits: 5, layers: 3, entanglingGate: 'cnot' as const, reupload: true },
    ]) {
      const sim = QuantumSimulator.fromSpec(resolveCircuitSpec(spec));
      const batch = 5;
      const x = uniformArray(rng, batch * sim.numInputs, -3, 3);
      const w = uniformArray(rng, sim.numWeights, 0, 6);
      const cot = uniformArray(rng, batch * sim.qubits, -1, 1);
      const run = (): [Float64Array, Float64Array, Float64Array] => {
        const g = sim.vjp(x, w, batch, cot, { inputs: true, weights: true });
        return [sim.expval(x, w, batch), g.inputs!, g.weights!];
      };
      const wasm = run();
      setGemmBackend('js');
      const js = run();
      setGemmBackend('auto');
      expect(Array.from(wasm[0])).toEqual(Array.from(js[0]));
      expect(maxDiff(wasm[1], js[1])).toBeLessThan(1e-13);
      expect(maxDiff(wasm[2], js[2])).toBeLessThan(1e-13);
    }
  });
});

describe('the VJP reuses the forward pass (tape)', () => {
  const spec = resolveCircuitSpec({ qubits: 6, layers: 2 });
  const rng = new Rng(9);
  const batch = 7;
  const x = uniformArray(rng, batch * 6, -3, 3);
  const w = uniformArray(rng, 36, 0, 6);
  const cot = uniformArray(rng, batch * 6, -1, 1);

  it('starting from the kept final states gives the gradients of a recomputed forward pass', () => {
    const sim = QuantumSimulator.fromSpec(spec);
    const { values, tape } = sim.forward(x, w, batch, { keep: true });
    expect(tape).not.toBeNull();
    expect(Array.from(values)).toEqual(Array.from(sim.expval(x, w, batch)));
    const fromTape = sim.vjp(x, w, batch, cot, { inputs: true, weights: true, tape });
    expect(tape!.spent).toBe(true);
    const recomputed = sim.vjp(x, w, batch, cot, { inputs: true, weights: true });
    expect(maxDiff(fromTape.inputs!, recomputed.inputs!)).toBe(0);
    expect(maxDiff(fromTape.weights!, recomputed.weights!)).toBe(0);
    // A spent tape is never trusted again, even after its buffers went to another forward pass.
    sim.forward(uniformArray(rng, batch * 6, -3, 3), w, batch, { keep: true });
    expect(
      maxDiff(sim.vjp(x, w, batch, cot, { inputs: true, weights: true, tape }).weights!, recomputed.weights!),
    ).toBe(0);
  });

  it('the layer keeps a tape only when a graph is recorded, and backward twice still gives the same gradients', () => {
    const sim = QuantumSimulator.fromSpec(spec);
    const inputs = new Tensor(x.slice(), [batch, 6], { requiresGrad: true });
    const weights = new Tensor(w.slice(), [2, 3, 6], { requiresGrad: true });
    const out = quantumLayer(inputs, weights, sim);
    const loss = sum(mul(out, new Tensor(cot, [batch, 6])));
    loss.backward();
    const first = weights.grad!.slice();
    weights.grad = null;
    loss.backward();
    expect(Array.from(weights.grad!)).toEqual(Array.from(first));
    expect(noGrad(() => quantumLayer(inputs, weights, sim)).requiresGrad).toBe(false);
  });

  it('density matrices in the computational basis (which save states inside the pass) and parameter shift keep no tape', () => {
    const noisy = QuantumSimulator.fromSpec(
      resolveCircuitSpec({ qubits: 2, layers: 1, noise: 0.1, entanglingGate: 'cnot' }),
    );
    expect(noisy.representation).toBe('density');
    expect(noisy.forward(new Float64Array(2), new Float64Array(6), 1, { keep: true }).tape).toBeNull();
    const shift = new QuantumSimulator(buildCircuit(spec), { diff: 'parameter-shift' });
    expect(shift.forward(x, w, batch, { keep: true }).tape).toBeNull();
  });
});
