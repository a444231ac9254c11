import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { circuitCommand, registerCircuitCommand } from '../../src/cli/commands/circuit.js';
import { buildProgram } from '../../src/cli/program.js';
import { QunlearnError } from '../../src/core/index.js';
import { circuitJacobian, QuantumSimulator, resolveCircuitSpec } from '../../src/quantum/index.js';
import { maxDiff } from '../helpers/complex.js';

const weights = '[[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]]]';
const flatWeights = '[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]';

describe('qunlearn circuit', () => {
  it('prints the circuit as text: a summary, then one line per wire', () => {
    const out = circuitCommand({ qubits: '3', layers: '1', entangler: 'linear' }).trimEnd().split('\n');
    expect(out[0]).toBe(
      '3 qubit(s), 1 layer(s), encoding reference, entangler linear (cz); 20 gates, 3 inputs, weights [1, 3, 3]; wire 0 is the most significant bit',
    );
    expect(out).toHaveLength(4);
    expect(out[1].startsWith('0: ──RX(x0)──RY(x0)──RZ(x0)──RX(w[0,0,0])')).toBe(true);
    expect(out.slice(1).every((l) => l.endsWith('┤ ⟨Z⟩'))).toBe(true);
  });

  it('prints values and Jacobians as JSON, equal to the library’s, for flat or nested weights', () => {
    const report = JSON.parse(circuitCommand({ qubits: '3', layers: '1', inputs: '[0.5, -1, 2]', weights }));
    const sim = QuantumSimulator.fromSpec(resolveCircuitSpec({ qubits: 3, layers: 1 }));
    const j = circuitJacobian(sim, Float64Array.from([0.5, -1, 2]), Float64Array.from(JSON.parse(flatWeights)), 1);
    expect(report.diff).toBe('adjoint');
    expect(maxDiff(report.expvals, j.values)).toBe(0);
    expect(maxDiff(report.jacobian.inputs.flat(), j.inputs)).toBe(0);
    expect(maxDiff(report.jacobian.weights.flat(), j.weights)).toBe(0);
    const flat = JSON.parse(
      circuitCommand({
        qubits: '3',
        layers: '1',
        inputs: '[0.5, -1, 2]',
        weights: flatWeights,
        diff: 'parameter-shift',
      }),
    );
    expect(flat.diff).toBe('parameter-shift');
    expect(maxDiff(flat.jacobian.weights.flat(), j.weights)).toBeLessThan(1e-12);
  });

  it('reports noise by Monte-Carlo trajectories with standard errors (seeded), close to the exact density matrix', () => {
    const flags = {
      qubits: '3',
      layers: '1',
      inputs: '[0.5, -1, 2]',
      weights,
      noise: '0.1',
      noiseMethod: 'trajectories',
      trajectories: '2000',
      seed: '1',
    };
    const sampled = JSON.parse(circuitCommand(flags));
    expect(sampled.simulation).toBe('trajectories');
    expect(sampled.trajectories).toBe(2000);
    expect(circuitCommand(flags)).toBe(circuitCommand(flags));
    const exact = JSON.parse(circuitCommand({ ...flags, noiseMethod: 'exact' }));
    expect(exact.simulation).toBe('pauli');
    expect(exact.standardErrors).toBeUndefined();
    sampled.expvals.forEach((v: number, i: number) =>
      expect(Math.abs(v - exact.expvals[i])).toBeLessThan(4 * sampled.standardErrors[i]),
    );
    expect(circuitCommand({ qubits: '3', layers: '1', noise: '0.1' }).split('\n')[0]).toContain(
      'depolarizing p = 0.1 (exact density matrix)',
    );
    expect(() => circuitCommand({ ...flags, trajectories: '1' })).toThrow(/--trajectories/);
  });

  it('handles a batch of inputs and seeded shots (which force parameter-shift)', () => {
    const flags = { qubits: '3', layers: '1', inputs: '[[0.5, -1, 2], [0, 0, 0]]', weights, shots: '200', seed: '4' };
    const a = JSON.parse(circuitCommand(flags));
    expect(a.diff).toBe('parameter-shift');
    expect(a.circuit.diff).toBe('parameter-shift');
    expect(() => circuitCommand({ ...flags, diff: 'adjoint' })).toThrow(
      /^--diff: 'adjoint' cannot be used with shots \(200\)/,
    );
    expect(a.samples).toHaveLength(2);
    expect(a.samples[1].expvals.every((v: number) => Math.abs(v * 200 - Math.round(v * 200)) < 1e-9)).toBe(true);
    expect(circuitCommand(flags)).toBe(circuitCommand(flags));
    expect(circuitCommand({ ...flags, seed: '5' })).not.toBe(circuitCommand(flags));
  });

  it('prints OpenQASM 3, with parameters bound when values are given', () => {
    expect(circuitCommand({ qubits: '2', layers: '1', qasm: true })).toContain('input float[64] x_0;');
    const bound = circuitCommand({ qubits: '3', layers: '1', inputs: '[0.5, -1, 2]', weights, qasm: true });
    expect(bound).toContain('rx(0.5) q[0];');
    expect(bound).toContain('rz(0.9) q[2];');
    expect(bound).not.toContain('input');
  });

  it('rejects malformed JSON, wrong lengths and unknown names with one clear message', () => {
    const cases: Array<[Parameters<typeof circuitCommand>[0], string]> = [
      [{ inputs: '[1, 2', weights }, '--inputs: not valid JSON'],
      [
        { qubits: '3', layers: '1', inputs: '[1, 2]', weights },
        '--inputs: expected one angle per qubit, or a list of such rows (3 numbers), got [1,2]',
      ],
      [
        { qubits: '3', layers: '1', inputs: '[1, 2, 3]', weights: '[1, 2]' },
        '--weights: expected a flat list of layers·3·qubits = 1·3·3, or nested [1][3][3] (9 numbers), got [1,2]',
      ],
      [
        { qubits: '3', layers: '1', inputs: '[1, 2, 3]', weights: '[[[1, 2, 3], [4, 5, 6]]]' },
        '--weights: layer 0 must hold 3 rows',
      ],
      [{ qubits: '3', layers: '1', inputs: '[1, 2, "a"]', weights }, '--inputs: expected'],
      [{ inputs: '[1, 2, 3, 4]' }, '--inputs and --weights must be given together'],
      [{ entangler: 'rng' }, "--entangler: unknown value 'rng'; expected one of ring, linear, all-to-all, none"],
      [{ entanglingGate: 'cx' }, "--entangling-gate: unknown value 'cx'; expected one of cz, cnot"],
      [{ qubits: 'four' }, "--qubits: expected an integer ≥ 1, got 'four'"],
      [{ noise: '2' }, '--noise: expected a probability in [0, 1], got 2'],
      [
        { qubits: '3', layers: '1', inputs: '[[1, 2, 3], [4, 5, 6]]', weights, qasm: true },
        "--qasm binds one sample's inputs, got 2 rows",
      ],
    ];
    for (const [flags, message] of cases) {
      expect(() => circuitCommand(flags), message).toThrow(QunlearnError);
      expect(() => circuitCommand(flags)).toThrow(message);
    }
  });

  describe('through commander', () => {
    afterEach(() => {
      vi.restoreAllMocks();
      process.exitCode = undefined;
    });

    it('prints to stdout, or one error line to stderr with exit code 1', async () => {
      const out: string[] = [];
      const err: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
      vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
      const program = new Command().exitOverride();
      registerCircuitCommand(program);
      await program.parseAsync(
        ['circuit', '--qubits', '2', '--layers', '1', '--inputs', '[0, 1]', '--weights', '[1, 2, 3, 4, 5, 6]'],
        { from: 'user' },
      );
      expect(JSON.parse(out.join('')).expvals).toHaveLength(2);
      expect(process.exitCode).toBeUndefined();
      await program.parseAsync(['circuit', '--entangler', 'rng'], { from: 'user' });
      expect(err).toEqual([
        "qunlearn: error: --entangler: unknown value 'rng'; expected one of ring, linear, all-to-all, none\n",
      ]);
      expect(process.exitCode).toBe(1);
    });

    it('is registered in the qunlearn program', () => {
      expect(buildProgram().commands.map((c) => c.name())).toContain('circuit');
    });
  });
});
