import { QunlearnError } from '../core/errors.js';

/** How features enter the circuit: the reference's RX·RY·RZ of the same angle, or one rotation axis. */
export type Encoding = 'reference' | 'rx' | 'ry' | 'rz';
/** Which pairs of wires each variational layer entangles. */
export type Entangler = 'ring' | 'linear' | 'all-to-all' | 'none';
/** The two-qubit gate of the entangler. */
export type EntanglingGate = 'cz' | 'cnot';
/** How gradients are computed: adjoint (fast, exact, simulator only) or parameter-shift (hardware-compatible). */
export type DiffMethod = 'adjoint' | 'parameter-shift';
/**
 * How noise is simulated: exactly (density matrix), by Monte-Carlo trajectories (statevectors with drawn Pauli
 * errors: unbiased, with a standard error), or `auto`: exact below {@link TRAJECTORY_QUBITS} qubits.
 */
export type NoiseMethod = 'auto' | 'exact' | 'trajectories';

/** The quantum layer's configuration, as used by the model layer and the CLI. */
export interface CircuitSpec {
  qubits: number;
  layers: number;
  encoding: Encoding;
  /** Repeat the encoding before every variational layer (data re-uploading). */
  reupload: boolean;
  entangler: Entangler;
  entanglingGate: EntanglingGate;
  /** Depolarizing probability after each encoding block and each layer on every wire (0 = noiseless). */
  noise: number;
  /** Finite-shot estimation of ⟨Z⟩ (null = exact); forces parameter-shift gradients. */
  shots: number | null;
  diff: DiffMethod;
  /** How noise is simulated (absent: auto). */
  noiseMethod?: NoiseMethod;
  /** Monte-Carlo trajectories per sample when noise runs by trajectories (absent: {@link DEFAULT_TRAJECTORIES}). */
  trajectories?: number;
}

/** Allowed values of each enumerated key, in the order error messages list them. */
export const ENCODINGS: readonly Encoding[] = ['reference', 'rx', 'ry', 'rz'];
/** @see ENCODINGS */
export const ENTANGLERS: readonly Entangler[] = ['ring', 'linear', 'all-to-all', 'none'];
/** @see ENCODINGS */
export const ENTANGLING_GATES: readonly EntanglingGate[] = ['cz', 'cnot'];
/** @see ENCODINGS */
export const DIFF_METHODS: readonly DiffMethod[] = ['adjoint', 'parameter-shift'];
/** @see ENCODINGS */
export const NOISE_METHODS: readonly NoiseMethod[] = ['auto', 'exact', 'trajectories'];

/** Statevector memory grows as 2^n per sample; 20 qubits is 16 MiB per sample. */
export const MAX_QUBITS = 20;
/** A density matrix on n qubits is a 4^n vector: 10 qubits is 8 MiB per sample (16 MiB in the computational basis). */
export const MAX_NOISY_QUBITS = 10;
/** From this many qubits, `auto` noise runs by Monte-Carlo trajectories. */
export const TRAJECTORY_QUBITS = 10;
/** Trajectories per sample by default: standard errors of ⟨Z⟩ at most 0.1. */
export const DEFAULT_TRAJECTORIES = 100;

/** The reference study's circuit (Iris I1 size): 4 qubits, 2 layers, RX·RY·RZ encoding, CZ ring, exact, adjoint. */
export const DEFAULT_CIRCUIT: Readonly<CircuitSpec> = Object.freeze({
  qubits: 4,
  layers: 2,
  encoding: 'reference',
  reupload: false,
  entangler: 'ring',
  entanglingGate: 'cz',
  noise: 0,
  shots: null,
  diff: 'adjoint',
});

const KEYS = [...Object.keys(DEFAULT_CIRCUIT), 'noiseMethod', 'trajectories'] as (keyof CircuitSpec)[];

function fail(message: string): never {
  throw new QunlearnError('config', message);
}

function oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
    fail(`${key}: unknown value ${shown}; expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function integer(key: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${key}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

/**
 * Fills a partial spec with {@link DEFAULT_CIRCUIT} and validates every key; errors name the key and the value,
 * e.g. `entangler: unknown value 'rng'; expected one of ring, linear, all-to-all, none`.
 */
export function resolveCircuitSpec(partial: unknown = {}): CircuitSpec {
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial))
    fail(`circuit spec: expected an object, got ${JSON.stringify(partial)}`);
  const given = partial as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(KEYS as string[]).includes(key))
      fail(`circuit spec: unknown key '${key}'; expected one of ${KEYS.join(', ')}`);
  }
  const pick = (key: keyof CircuitSpec): unknown => (given[key] === undefined ? DEFAULT_CIRCUIT[key] : given[key]);
  const qubits = integer('qubits', pick('qubits'), 1, MAX_QUBITS);
  const layers = integer('layers', pick('layers'), 0, 1000);
  const reupload = pick('reupload');
  if (typeof reupload !== 'boolean') fail(`reupload: expected true or false, got ${JSON.stringify(reupload)}`);
  const noise = pick('noise');
  if (typeof noise !== 'number' || !(noise >= 0 && noise <= 1))
    fail(`noise: expected a probability in [0, 1], got ${JSON.stringify(noise)}`);
  const noiseMethod =
    given.noiseMethod === undefined ? undefined : oneOf('noiseMethod', given.noiseMethod, NOISE_METHODS);
  const trajectories =
    given.trajectories === undefined ? undefined : integer('trajectories', given.trajectories, 2, 1_000_000);
  if (noise > 0 && noiseMethod === 'exact' && qubits > MAX_NOISY_QUBITS) {
    fail(
      `noiseMethod: exact density-matrix simulation supports at most ${MAX_NOISY_QUBITS} qubits, got qubits = ${qubits}; use noiseMethod trajectories (or auto)`,
    );
  }
  const shots = pick('shots');
  if (shots !== null && !(typeof shots === 'number' && Number.isInteger(shots) && shots >= 1)) {
    fail(`shots: expected a positive integer or null (exact), got ${JSON.stringify(shots)}`);
  }
  // Shots force parameter-shift, so the spec records that rather than a default that would not be used.
  const diff =
    given.diff === undefined && shots !== null ? 'parameter-shift' : oneOf('diff', pick('diff'), DIFF_METHODS);
  if (shots !== null && diff === 'adjoint') {
    fail(
      `diff: 'adjoint' cannot be used with shots (${String(shots)}): finite shots estimate ⟨Z⟩ from samples and need parameter-shift gradients; drop one of them`,
    );
  }
  if (noise > 0 && shots !== null && resolveNoiseMethod({ qubits, noise, noiseMethod }) === 'trajectories') {
    fail(
      `shots: finite shots are not supported with Monte-Carlo trajectory noise; use noiseMethod exact (at most ${MAX_NOISY_QUBITS} qubits) or no shots`,
    );
  }
  return {
    qubits,
    layers,
    encoding: oneOf('encoding', pick('encoding'), ENCODINGS),
    reupload,
    entangler: oneOf('entangler', pick('entangler'), ENTANGLERS),
    entanglingGate: oneOf('entanglingGate', pick('entanglingGate'), ENTANGLING_GATES),
    noise,
    shots: shots as number | null,
    diff,
    ...(noiseMethod === undefined ? {} : { noiseMethod }),
    ...(trajectories === undefined ? {} : { trajectories }),
  };
}

/** The noise method in force for a spec: `auto` resolves to trajectories from {@link TRAJECTORY_QUBITS} qubits. */
export function resolveNoiseMethod(
  spec: Pick<CircuitSpec, 'qubits' | 'noise' | 'noiseMethod'>,
): 'none' | 'exact' | 'trajectories' {
  if (spec.noise === 0) return 'none';
  const method = spec.noiseMethod ?? 'auto';
  return method === 'auto' ? (spec.qubits >= TRAJECTORY_QUBITS ? 'trajectories' : 'exact') : method;
}
