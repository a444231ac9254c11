import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import {
  buildCircuit,
  circuitJacobian,
  DEFAULT_CIRCUIT,
  DEFAULT_TRAJECTORIES,
  DIFF_METHODS,
  drawCircuit,
  ENCODINGS,
  ENTANGLERS,
  ENTANGLING_GATES,
  logicalGateCount,
  NOISE_METHODS,
  QuantumSimulator,
  resolveCircuitSpec,
  resolveNoiseMethod,
  toQasm,
  TRAJECTORY_QUBITS,
  type CircuitSpec,
} from '../../quantum/index.js';
import { runAction } from '../errors.js';
import { parseInteger, parseNumber } from '../parse.js';

/** Options of `qunlearn circuit` as commander passes them (raw strings, parsed inside the action). */
export interface CircuitFlags {
  qubits?: string;
  layers?: string;
  encoding?: string;
  reupload?: boolean;
  entangler?: string;
  entanglingGate?: string;
  noise?: string;
  noiseMethod?: string;
  trajectories?: string;
  inputs?: string;
  weights?: string;
  diff?: string;
  shots?: string;
  seed?: string;
  qasm?: boolean;
}

/** Parses an optional flag value inside the action, so that a bad value is reported like every other error. */
function optional<T>(value: string | undefined, parse: (v: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new QunlearnError('usage', `${flag}: not valid JSON (${(e as Error).message}); expected e.g. '[0.1, 0.2]'`);
  }
}

function numbers(flag: string, value: unknown, length: number, what: string): number[] {
  // JSON.parse turns an out-of-range literal such as 1e400 into ±Infinity, which JSON.stringify would show as null.
  const overflow = Array.isArray(value) ? value.findIndex((v) => typeof v === 'number' && !Number.isFinite(v)) : -1;
  if (overflow >= 0) {
    throw new QunlearnError(
      'usage',
      `${flag}: element ${overflow} is beyond the range of a number (it reads as ${String((value as number[])[overflow])}); expected ${what} (${length} finite numbers)`,
    );
  }
  if (
    !Array.isArray(value) ||
    value.length !== length ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw new QunlearnError('usage', `${flag}: expected ${what} (${length} numbers), got ${JSON.stringify(value)}`);
  }
  return value as number[];
}

/** `--inputs`: one sample's angles [n], or a batch [[n], ...]. */
function parseInputs(text: string, n: number): { data: Float64Array; batch: number; single: boolean } {
  const value = parseJson('--inputs', text);
  if (Array.isArray(value) && value.length > 0 && value.every(Array.isArray)) {
    const rows = value.map((row, i) => numbers('--inputs', row, n, `row ${i} to hold one angle per qubit`));
    return { data: Float64Array.from(rows.flat()), batch: rows.length, single: false };
  }
  return {
    data: Float64Array.from(numbers('--inputs', value, n, 'one angle per qubit, or a list of such rows')),
    batch: 1,
    single: true,
  };
}

/** `--weights`: flat, length L·3·n (index (l·3+axis)·n+q), or nested [L][3][n]. */
function parseWeights(text: string, spec: CircuitSpec): Float64Array {
  const { layers: L, qubits: n } = spec;
  const value = parseJson('--weights', text);
  const nested = Array.isArray(value) && value.length === L && L > 0 && value.every(Array.isArray);
  if (!nested)
    return Float64Array.from(
      numbers('--weights', value, L * 3 * n, `a flat list of layers·3·qubits = ${L}·3·${n}, or nested [${L}][3][${n}]`),
    );
  const flat = (value as unknown[][]).flatMap((layer, l) => {
    if (layer.length !== 3)
      throw new QunlearnError(
        'usage',
        `--weights: layer ${l} must hold 3 rows (RX, RY, RZ angles), got ${layer.length}`,
      );
    return layer.flatMap((row, a) => numbers('--weights', row, n, `layer ${l}, axis ${a} to hold one angle per qubit`));
  });
  return Float64Array.from(flat);
}

function summary(spec: CircuitSpec, gates: number): string {
  const method = resolveNoiseMethod(spec);
  const noise =
    spec.noise > 0
      ? `, depolarizing p = ${spec.noise} (${method === 'exact' ? 'exact density matrix' : `${spec.trajectories ?? DEFAULT_TRAJECTORIES} Monte-Carlo trajectories`})`
      : '';
  return (
    `${spec.qubits} qubit(s), ${spec.layers} layer(s), encoding ${spec.encoding}${spec.reupload ? ' (re-uploaded)' : ''}, ` +
    `entangler ${spec.entangler} (${spec.entanglingGate})${noise}; ${gates} gates, ${spec.qubits} inputs, ` +
    `weights [${spec.layers}, 3, ${spec.qubits}]; wire 0 is the most significant bit`
  );
}

/** The spec of the flags; errors name the flag (`--entangling-gate: ...`) rather than the spec key. */
function specOf(flags: CircuitFlags): CircuitSpec {
  try {
    return resolveCircuitSpec({
      qubits: optional(flags.qubits, parseInteger('--qubits', 1)),
      layers: optional(flags.layers, parseInteger('--layers', 0)),
      encoding: flags.encoding,
      reupload: flags.reupload,
      entangler: flags.entangler,
      entanglingGate: flags.entanglingGate,
      noise: optional(flags.noise, parseNumber('--noise')),
      noiseMethod: flags.noiseMethod,
      trajectories: optional(flags.trajectories, parseInteger('--trajectories', 2)),
      shots: optional(flags.shots, parseInteger('--shots', 1)) ?? null,
      diff: flags.diff,
    });
  } catch (e) {
    if (!(e instanceof QunlearnError)) throw e;
    throw new QunlearnError(
      e.code,
      e.message.replace(/^(\w+):/, (_m, key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:`),
    );
  }
}

/** JSON with every array of numbers on one line. */
function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[[-\d.e+,\s]*\]/g, (a) =>
    a.replace(/\s+/g, ' ').replace(/\[ /, '[').replace(/ \]/, ']'),
  );
}

/** Runs `qunlearn circuit` and returns what it prints: the drawing, OpenQASM 3, or values and Jacobians as JSON. */
export function circuitCommand(flags: CircuitFlags): string {
  const spec = specOf(flags);
  const circuit = buildCircuit(spec);
  if ((flags.inputs === undefined) !== (flags.weights === undefined)) {
    throw new QunlearnError('usage', '--inputs and --weights must be given together');
  }
  if (flags.inputs === undefined || flags.weights === undefined) {
    return flags.qasm ? toQasm(circuit) : `${summary(spec, logicalGateCount(circuit))}\n${drawCircuit(circuit)}\n`;
  }
  const inputs = parseInputs(flags.inputs, spec.qubits);
  const weights = parseWeights(flags.weights, spec);
  if (flags.qasm) {
    if (inputs.batch !== 1)
      throw new QunlearnError('usage', `--qasm binds one sample's inputs, got ${inputs.batch} rows`);
    return toQasm(circuit, { inputs: inputs.data, weights });
  }
  const sim = QuantumSimulator.fromSpec(spec);
  const rng = new Rng(optional(flags.seed, parseInteger('--seed', 0)) ?? 0).stream('shots');
  const jac = circuitJacobian(sim, inputs.data, weights, inputs.batch, { rng });
  const n = spec.qubits;
  const nW = sim.numWeights;
  const rows = (data: Float64Array, width: number, count: number, from: number): number[][] =>
    Array.from({ length: count }, (_v, r) => Array.from(data.subarray(from + r * width, from + (r + 1) * width)));
  const samples = Array.from({ length: inputs.batch }, (_v, b) => ({
    expvals: Array.from(jac.values.subarray(b * n, (b + 1) * n)),
    ...(jac.standardErrors === null
      ? {}
      : { standardErrors: Array.from(jac.standardErrors.subarray(b * n, (b + 1) * n)) }),
    jacobian: { inputs: rows(jac.inputs, n, n, b * n * n), weights: rows(jac.weights, nW, n, b * n * nW) },
  }));
  const report = {
    circuit: spec,
    diff: sim.diff,
    simulation: sim.representation,
    ...(sim.trajectories === null ? {} : { trajectories: sim.trajectories }),
    layout:
      'expvals[i] = <Z_i>; jacobian.inputs[i][j] = d<Z_i>/dx_j; jacobian.weights[i][k] = d<Z_i>/dw_k, k = (l*3+axis)*qubits+q' +
      (sim.trajectories === null
        ? ''
        : '; standardErrors[i]: of expvals[i], over the trajectories (the Jacobians differentiate the same draws)'),
    ...(inputs.single ? samples[0] : { samples }),
  };
  return `${formatJson(report)}\n`;
}

/** Registers `qunlearn circuit`. */
export function registerCircuitCommand(program: Command): void {
  program
    .command('circuit')
    .description(
      'print the quantum circuit as text or OpenQASM 3; with --inputs and --weights, its <Z> values and Jacobians as JSON',
    )
    .option('--qubits <n>', `number of qubits (default ${DEFAULT_CIRCUIT.qubits})`)
    .option('--layers <n>', `number of variational layers (default ${DEFAULT_CIRCUIT.layers})`)
    .option(
      '--encoding <name>',
      `${ENCODINGS.join(' | ')} (default ${DEFAULT_CIRCUIT.encoding}: RX·RY·RZ of each feature)`,
    )
    .option('--reupload', 'repeat the encoding before every layer')
    .option('--entangler <name>', `${ENTANGLERS.join(' | ')} (default ${DEFAULT_CIRCUIT.entangler})`)
    .option('--entangling-gate <name>', `${ENTANGLING_GATES.join(' | ')} (default ${DEFAULT_CIRCUIT.entanglingGate})`)
    .option('--noise <p>', 'depolarizing probability after each encoding block and each layer (default 0)')
    .option(
      '--noise-method <name>',
      `${NOISE_METHODS.join(' | ')} (default auto: exact below ${TRAJECTORY_QUBITS} qubits, Monte-Carlo trajectories from ${TRAJECTORY_QUBITS})`,
    )
    .option('--trajectories <n>', `Monte-Carlo trajectories per sample (default ${DEFAULT_TRAJECTORIES})`)
    .option('--inputs <json>', "one sample's angles, e.g. '[0.1, 0.2, 0.3, 0.4]', or a list of rows")
    .option('--weights <json>', 'weights, flat (layers·3·qubits) or nested [layers][3][qubits]')
    .option('--diff <method>', `${DIFF_METHODS.join(' | ')} (default ${DEFAULT_CIRCUIT.diff})`)
    .option('--shots <n>', 'estimate <Z> from n shots (forces parameter-shift)')
    .option('--seed <n>', 'seed of the shot and trajectory sampling (default 0)')
    .option('--qasm', 'print OpenQASM 3 (parameters bound when --inputs and --weights are given)')
    .action(
      runAction((flags: CircuitFlags) => {
        process.stdout.write(circuitCommand(flags));
      }),
    );
}
