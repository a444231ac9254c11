import {
  buildCircuit,
  logicalGateCount,
  QuantumSimulator,
  resolveCircuitSpec,
  Rng,
  type CircuitSpec,
} from '../src/index.js';
import { time, timingRow, type BenchRow } from './harness.js';

/** Forward + VJP (inputs and weights) as the quantum layer runs them: the VJP starts from the forward pass's tape. */
function forwardVjp(spec: CircuitSpec, batch: number, options: { minRuns: number; minTimeMs: number }) {
  const sim = QuantumSimulator.fromSpec(spec);
  const rng = new Rng(0, `bench/quantum/${spec.qubits}/${spec.layers}/${spec.noise}`);
  const n = spec.qubits;
  const uniform = (length: number, low: number, high: number): Float64Array => {
    const a = new Float64Array(length);
    rng.fillUniform(a, low, high);
    return a;
  };
  const x = uniform(batch * n, -Math.PI, Math.PI);
  const w = uniform(sim.numWeights, 0, 2 * Math.PI);
  const cot = uniform(batch * n, -1, 1);
  const draws = rng.stream('draws');
  const forward = time(() => sim.expval(x, w, batch, { rng: draws }), options);
  const both = time(() => {
    const { tape } = sim.forward(x, w, batch, { rng: draws, keep: true });
    sim.vjp(x, w, batch, cot, { inputs: true, weights: true, tape, rng: draws });
  }, options);
  return { sim, forward, both };
}

/**
 * The reference circuit (RX·RY·RZ encoding, RX·RY·RZ layers, CZ ring) at batch 64: the quantum layer alone. An
 * amplitude-gate is one logical gate of the unfused circuit applied to one amplitude of one sample: gates × 2^n ×
 * batch. The reference (PennyLane, one sample at a time) spends about 0.1 s per sample on forward + backward.
 */
function statevector(): BenchRow[] {
  const rows: BenchRow[] = [];
  const batch = 64;
  for (const qubits of [4, 8, 10]) {
    for (const layers of [2, 6]) {
      const spec = resolveCircuitSpec({ qubits, layers });
      const { forward, both } = forwardVjp(spec, batch, { minRuns: 20, minTimeMs: 1000 });
      const ampGates = logicalGateCount(buildCircuit(spec)) * 2 ** qubits * batch;
      const reference = qubits === 8 && layers === 2;
      const label = `${qubits} qubits, ${layers} layers, batch 64`;
      rows.push(
        timingRow(`${label}: forward per amplitude-gate`, forward, 'ns', 1e6 / ampGates, {
          note: 'unfused gates x 2^n x batch',
        }),
        timingRow(`${label}: forward + VJP per sample`, both, 'µs', 1e3 / batch, {
          target: reference ? '<= 20 µs (reference ~100000 µs)' : undefined,
        }),
      );
    }
  }
  return rows;
}

/**
 * Depolarizing noise (p = 0.02 after each block, every wire): exact in the Pauli basis at 8 and 10 qubits, and by
 * Monte-Carlo trajectories (100 per sample, the default from 10 qubits) at 10 and 12.
 */
function noisy(): BenchRow[] {
  const rows: BenchRow[] = [];
  const cases: Array<[number, 'exact' | 'trajectories', number, string | undefined]> = [
    [8, 'exact', 16, '<= 5 ms (was ~17 ms)'],
    [10, 'exact', 2, undefined],
    [10, 'trajectories', 4, undefined],
    [12, 'trajectories', 2, undefined],
  ];
  for (const [qubits, noiseMethod, batch, target] of cases) {
    const spec = resolveCircuitSpec({ qubits, layers: 2, noise: 0.02, noiseMethod });
    const { sim, both } = forwardVjp(spec, batch, { minRuns: 3, minTimeMs: 3000 });
    const how = noiseMethod === 'exact' ? `exact (${sim.representation} basis)` : `${sim.trajectories} trajectories`;
    rows.push(
      timingRow(
        `${qubits} qubits, 2 layers, depolarizing p = 0.02, ${how}: forward + VJP per sample`,
        both,
        'ms',
        1 / batch,
        { target },
      ),
    );
  }
  return rows;
}

/** Quantum-layer benchmarks: statevector sizes and noise. */
export function benchQuantum(): BenchRow[] {
  return [...statevector(), ...noisy()];
}
