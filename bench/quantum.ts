import { buildCircuit, logicalGateCount, QuantumSimulator, resolveCircuitSpec, Rng } from '../src/index.js';
import { time, type BenchRow } from './harness.js';

/**
 * The reference circuit (RX·RY·RZ encoding, RX·RY·RZ layers, CZ ring) at batch 64. An amplitude-gate is one logical
 * gate of the unfused circuit applied to one amplitude of one sample: gates × 2^n × batch. The reference (PennyLane,
 * one sample at a time) spends about 0.1 s per sample on forward + backward.
 */
export function benchQuantum(): BenchRow[] {
  const rows: BenchRow[] = [];
  const batch = 64;
  for (const qubits of [4, 8, 10]) {
    for (const layers of [2, 6]) {
      const spec = resolveCircuitSpec({ qubits, layers });
      const sim = QuantumSimulator.fromSpec(spec);
      const rng = new Rng(0, `bench/quantum/${qubits}/${layers}`);
      const x = new Float64Array(batch * qubits);
      const w = new Float64Array(sim.numWeights);
      const cot = new Float64Array(batch * qubits);
      rng.fillUniform(x, -Math.PI, Math.PI);
      rng.fillUniform(w, 0, 2 * Math.PI);
      rng.fillUniform(cot, -1, 1);
      const ampGates = logicalGateCount(buildCircuit(spec)) * 2 ** qubits * batch;
      const fwd = time(() => sim.expval(x, w, batch), { minRuns: 20, minTimeMs: 1000 });
      const both = time(() => {
        sim.expval(x, w, batch);
        sim.vjp(x, w, batch, cot, { inputs: true, weights: true });
      }, { minRuns: 20, minTimeMs: 1000 });
      const label = `${qubits} qubits, ${layers} layers`;
      rows.push(
        { name: `${label}: forward`, value: (fwd.medianMs * 1e3) / batch, unit: 'µs/sample' },
        {
          name: `${label}: forward per amplitude-gate`, value: (fwd.medianMs * 1e6) / ampGates, unit: 'ns',
          target: qubits === 8 && layers === 2 ? '<= 1 ns' : undefined, note: 'unfused gates x 2^n x batch',
        },
        {
          name: `${label}: forward + VJP (inputs and weights)`, value: (both.medianMs * 1e3) / batch, unit: 'µs/sample',
          target: qubits === 8 && layers === 2 ? '<= 40 µs (reference ~100000 µs)' : undefined,
        },
      );
    }
  }
  return rows;
}
