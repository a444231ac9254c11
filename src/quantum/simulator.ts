import { QunlearnError, ShapeError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import { scratch } from '../core/workspace.js';
import type { GradientSink } from './adjoint.js';
import { buildCircuit } from './builders.js';
import { isNoisy, numWeights, type Circuit } from './circuit.js';
import { densityRepresentation, doublePlan } from './density.js';
import { vectorEngine, type Engine, type EngineWorkspace } from './engine.js';
import type { ParamValues, Shift } from './execute.js';
import { statevectorRepresentation, wireExpectations } from './measure.js';
import { parameterShiftVjp } from './parameter-shift.js';
import { compilePauliPlan } from './pauli-basis.js';
import { pauliEngine } from './pauli-engine.js';
import { compilePlan } from './plan.js';
import { sampleFrequencies } from './shots.js';
import {
  DEFAULT_TRAJECTORIES,
  resolveNoiseMethod,
  type CircuitSpec,
  type DiffMethod,
  type NoiseMethod,
} from './spec.js';
import {
  averageTrajectories,
  drawErrors,
  repeatRows,
  sumTrajectoryRows,
  trailingFlips,
  trajectoryCotangents,
  trajectoryPlan,
  type TrajectoryPlan,
} from './trajectories.js';

/** How a simulator measures and differentiates. */
export interface SimulatorOptions {
  /** Finite shots per evaluation (null = exact expectation values). Shots force parameter-shift gradients. */
  shots?: number | null;
  diff?: DiffMethod;
  /** How noise channels are simulated (default auto: exact below 10 qubits, Monte-Carlo trajectories from 10). */
  noiseMethod?: NoiseMethod;
  /** Trajectories per sample when noise runs by trajectories (default 100). */
  trajectories?: number;
}

/** What a forward pass returns. */
export interface ForwardResult {
  /** ⟨Z_i⟩, [batch, qubits]. */
  values: Float64Array;
  /** Under Monte-Carlo trajectories, the standard error of each value (null when values are exact). */
  standardErrors: Float64Array | null;
  tape: ForwardTape | null;
}

/** Per-sample gradients: inputs [batch, numInputs] and weights [batch, numWeights] (null when not requested). */
export interface Gradients {
  inputs: Float64Array | null;
  weights: Float64Array | null;
}

/** What a VJP should compute. */
export interface VjpOptions {
  inputs: boolean;
  weights: boolean;
  /** Overrides the simulator's method (ignored under shots, which need parameter-shift). */
  method?: DiffMethod;
  /** Required with shots, and under trajectories without a tape (the VJP then draws new errors). */
  rng?: Rng;
  /** The record of {@link QuantumSimulator.forward} on the same inputs and weights: the adjoint VJP starts from it. */
  tape?: ForwardTape | null;
}

/**
 * What a forward pass keeps so that the adjoint VJP needs no second forward pass: each chunk's final state and gate
 * matrices. Buffers come from the simulator's pool and go back to it when a VJP has used them, so steady training
 * allocates none. A tape used once is spent; a second VJP on the same forward pass recomputes it.
 */
export class ForwardTape {
  spent = false;
  /** Under trajectories, the drawn errors (kept even when the states are not). */
  errors: Uint8Array | null = null;

  /** Per chunk, copies of the engine's tape arrays (filled by the forward pass; empty when states are not kept). */
  constructor(
    readonly batch: number,
    readonly chunks: Float64Array[][],
  ) {}
}

/** Tapes larger than this are not kept (the VJP recomputes the forward pass instead): 64 MiB. */
const MAX_TAPE_BYTES = 64 << 20;

/**
 * A compiled circuit: evaluates ⟨Z_i⟩ on every wire for a batch of samples, by statevector or, when the circuit has
 * noise channels, by density matrix (in the Pauli basis when its gates allow, else in the computational basis);
 * differentiates by the adjoint method or parameter shift. Samples run in chunks whose working memory is bounded
 * (a 10-qubit density matrix runs a sample at a time). Inputs are row-major [batch, numInputs] angles; weights are
 * flat.
 */
export class QuantumSimulator {
  readonly circuit: Circuit;
  readonly qubits: number;
  readonly numInputs: number;
  readonly numWeights: number;
  readonly shots: number | null;
  /** The gradient method in force ('parameter-shift' whenever shots are set). */
  readonly diff: DiffMethod;
  readonly noisy: boolean;
  private readonly engine: Engine;
  private readonly chunk: number;
  /** Under Monte-Carlo trajectories: the plan with noise slots and the trajectories per sample. */
  private readonly trajectory: { plan: TrajectoryPlan; count: number } | null;
  /** Buffers of spent tapes, reused by later forward passes (a spent tape object is never reused). */
  private readonly tapePool: Array<{ batch: number; chunks: Float64Array[][] }> = [];

  constructor(circuit: Circuit, options: SimulatorOptions = {}) {
    const plan = compilePlan(circuit);
    this.circuit = circuit;
    this.qubits = circuit.qubits;
    this.numInputs = circuit.numInputs;
    this.numWeights = numWeights(circuit);
    this.shots = options.shots ?? null;
    if (this.shots !== null && !(Number.isInteger(this.shots) && this.shots >= 1)) {
      throw new QunlearnError('config', `shots: expected a positive integer or null, got ${this.shots}`);
    }
    this.diff = this.shots !== null ? 'parameter-shift' : (options.diff ?? 'adjoint');
    this.noisy = isNoisy(circuit);
    const method = this.noisy
      ? resolveNoiseMethod({ qubits: this.qubits, noise: 1, noiseMethod: options.noiseMethod })
      : 'none';
    if (method === 'trajectories' && this.shots !== null) {
      throw new QunlearnError(
        'config',
        'shots: finite shots are not supported with Monte-Carlo trajectory noise; use noiseMethod exact or no shots',
      );
    }
    const count = options.trajectories ?? DEFAULT_TRAJECTORIES;
    if (method === 'trajectories' && !(Number.isInteger(count) && count >= 2)) {
      throw new QunlearnError('config', `trajectories: expected an integer of at least 2, got ${count}`);
    }
    this.trajectory = method === 'trajectories' ? { plan: trajectoryPlan(plan), count } : null;
    const pauli = method === 'exact' ? compilePauliPlan(plan) : null;
    this.engine =
      this.trajectory !== null
        ? vectorEngine(statevectorRepresentation(this.trajectory.plan.plan))
        : pauli !== null
          ? pauliEngine(pauli)
          : vectorEngine(this.noisy ? densityRepresentation(doublePlan(plan)) : statevectorRepresentation(plan));
    this.chunk = Math.max(1, Math.floor(this.engine.chunkBytes / this.engine.bytesPerSample));
  }

  /** How noise is simulated: not at all, exactly in the Pauli or the computational basis, or by trajectories. */
  get representation(): 'statevector' | 'pauli' | 'density' | 'trajectories' {
    if (this.trajectory !== null) return 'trajectories';
    return !this.noisy ? 'statevector' : this.engine.plan.wires === this.qubits ? 'pauli' : 'density';
  }

  /** Trajectories per sample, or null when noise (if any) is simulated exactly. */
  get trajectories(): number | null {
    return this.trajectory?.count ?? null;
  }

  /** The simulator of a resolved spec (its shots, differentiation and noise method included). */
  static fromSpec(spec: CircuitSpec): QuantumSimulator {
    return new QuantumSimulator(buildCircuit(spec), {
      shots: spec.shots,
      diff: spec.diff,
      noiseMethod: spec.noiseMethod,
      trajectories: spec.trajectories,
    });
  }

  /**
   * ⟨Z_i⟩ for every sample and wire, [batch, qubits]; with shots, estimated from `shots` draws made with `rng`; under
   * trajectories, averaged over trajectories whose errors are drawn with `rng`.
   */
  expval(
    inputs: Float64Array,
    weights: Float64Array,
    batch: number,
    options: { rng?: Rng; shift?: Shift } = {},
  ): Float64Array {
    return this.forward(inputs, weights, batch, { ...options, keep: false }).values;
  }

  /**
   * {@link expval}, keeping with `keep` a {@link ForwardTape} for an adjoint VJP on the same inputs and weights
   * (none under shots or parameter shift or for density matrices that save states inside the pass; without the
   * states when they would exceed 64 MiB, though the drawn trajectory errors are always kept). Under trajectories,
   * also the standard errors of the values.
   */
  forward(
    inputs: Float64Array,
    weights: Float64Array,
    batch: number,
    options: { rng?: Rng; shift?: Shift; keep?: boolean } = {},
  ): ForwardResult {
    this.check(inputs, weights, batch);
    const n = this.qubits;
    const shots = this.shots === null ? null : this.requireRng(options.rng, 'shots');
    const run = this.expand(inputs, batch, options.rng, null);
    const out = scratch(Float64Array, run.states * n);
    const tape = options.keep && this.tapeable() ? this.takeTape(batch) : null;
    const keepStates = tape !== null && (run.states * this.engine.bytesPerSample) / 2 <= MAX_TAPE_BYTES;
    if (tape !== null) tape.errors = run.errors;
    this.eachChunk(run.inputs, weights, run.states, run.errors, (ws, values, size, index) => {
      this.engine.run(ws, values, options.shift ?? null);
      if (keepStates) {
        const arrays = this.engine.tapeArrays(ws);
        const kept = tape!.chunks[index];
        if (kept === undefined || kept.some((a, k) => a.length !== arrays[k].length))
          tape!.chunks[index] = arrays.map((a) => a.slice());
        else kept.forEach((a, k) => a.set(arrays[k]));
      }
      if (shots === null) {
        this.engine.expvalZ(ws, out, values.row * n);
        return;
      }
      this.engine.probabilities(ws, ws.probs, 0);
      sampleFrequencies(ws.probs, size, n, this.shots!, shots, ws.scratch);
      for (let b = 0; b < size; b++) wireExpectations(ws.probs, b * (1 << n), n, out, (values.row + b) * n);
    });
    if (tape !== null && !keepStates) tape.chunks.length = 0;
    if (run.flips === null) return { values: out, standardErrors: null, tape };
    const { means, standardErrors } = averageTrajectories(out, run.flips, batch, run.count, n);
    return { values: means, standardErrors, tape };
  }

  /**
   * Basis-state probabilities [batch, 2^qubits] (index bits: wire 0 most significant); empirical under shots, the
   * average over trajectories under trajectories.
   */
  probabilities(inputs: Float64Array, weights: Float64Array, batch: number, options: { rng?: Rng } = {}): Float64Array {
    this.check(inputs, weights, batch);
    const n = this.qubits;
    const dim = 1 << n;
    const out = new Float64Array(batch << n);
    const shots = this.shots === null ? null : this.requireRng(options.rng, 'shots');
    const run = this.expand(inputs, batch, options.rng, null);
    this.eachChunk(run.inputs, weights, run.states, run.errors, (ws, values, size) => {
      this.engine.run(ws, values, null);
      if (run.flips === null) {
        const probs = out.subarray(values.row << n, (values.row + size) << n);
        this.engine.probabilities(ws, probs, 0);
        if (shots !== null) sampleFrequencies(probs, size, n, this.shots!, shots, ws.scratch);
        return;
      }
      // A trailing X or Y error flips its wire's measured bit.
      this.engine.probabilities(ws, ws.probs, 0);
      for (let s = 0; s < size; s++) {
        const state = values.row + s;
        const o = Math.floor(state / run.count) * dim;
        for (let k = 0; k < dim; k++) out[o + (k ^ run.flips[state])] += ws.probs[s * dim + k] / run.count;
      }
    });
    return out;
  }

  /**
   * Vector-Jacobian product of ⟨Z⟩ with cotangents `cot` [batch, qubits]: per-sample gradients with respect to the
   * inputs and the weights (sum the weight rows for the batch gradient). Under trajectories, the gradient of the
   * trajectory average: on the forward pass's draws when given its tape, else on fresh draws made with `rng`.
   */
  vjp(inputs: Float64Array, weights: Float64Array, batch: number, cot: Float64Array, options: VjpOptions): Gradients {
    this.check(inputs, weights, batch);
    const n = this.qubits;
    if (cot.length !== batch * n) {
      throw new ShapeError(`quantum vjp: cotangent must have batch·qubits = ${batch * n} elements, got ${cot.length}`);
    }
    const sink: GradientSink = {
      inputs: options.inputs ? scratch(Float64Array, batch * this.numInputs) : null,
      weights: options.weights ? scratch(Float64Array, batch * this.numWeights) : null,
      numInputs: this.numInputs,
      numWeights: this.numWeights,
    };
    const method = this.shots !== null ? 'parameter-shift' : (options.method ?? this.diff);
    if (method !== 'adjoint') {
      const rng = options.rng;
      parameterShiftVjp(this.circuit, (shift) => this.expval(inputs, weights, batch, { rng, shift }), batch, cot, sink);
      return { inputs: sink.inputs, weights: sink.weights };
    }
    const tape = options.tape && !options.tape.spent && options.tape.batch === batch ? options.tape : null;
    const run = this.expand(inputs, batch, options.rng, tape?.errors ?? null);
    const ready = tape !== null && tape.chunks.length > 0;
    const perState =
      run.flips === null
        ? null
        : {
            cot: trajectoryCotangents(cot, run.flips, batch, run.count, n),
            sink: {
              ...sink,
              inputs: sink.inputs && new Float64Array(run.states * this.numInputs),
              weights: sink.weights && new Float64Array(run.states * this.numWeights),
            },
          };
    this.eachChunk(
      run.inputs,
      weights,
      run.states,
      run.errors,
      (ws, values, _size, index) => {
        if (ready) this.engine.tapeArrays(ws).forEach((a, k) => a.set(tape.chunks[index][k]));
        this.engine.vjp(ws, values, perState?.cot ?? cot, perState?.sink ?? sink, ready);
      },
      !ready && this.noisy,
    );
    if (perState !== null) {
      if (sink.inputs !== null) sumTrajectoryRows(perState.sink.inputs!, batch, run.count, this.numInputs, sink.inputs);
      if (sink.weights !== null)
        sumTrajectoryRows(perState.sink.weights!, batch, run.count, this.numWeights, sink.weights);
    }
    if (tape !== null) this.releaseTape(tape);
    return { inputs: sink.inputs, weights: sink.weights };
  }

  /**
   * The states a batch runs as: the samples themselves, or under trajectories each sample's rows repeated T times
   * with drawn (or given) errors and the flips of their trailing errors.
   */
  private expand(
    inputs: Float64Array,
    batch: number,
    rng: Rng | undefined,
    errors: Uint8Array | null,
  ): {
    inputs: Float64Array;
    states: number;
    count: number;
    errors: Uint8Array | null;
    flips: Int32Array | null;
  } {
    if (this.trajectory === null) return { inputs, states: batch, count: 1, errors: null, flips: null };
    const { plan, count } = this.trajectory;
    const states = batch * count;
    const drawn = errors ?? drawErrors(this.requireRng(rng, 'trajectories'), states, plan.probabilities);
    return {
      inputs: repeatRows(inputs, batch, this.numInputs, count),
      states,
      count,
      errors: drawn,
      flips: trailingFlips(plan, drawn, states),
    };
  }

  private requireRng(rng: Rng | undefined, why: 'shots' | 'trajectories'): Rng {
    if (rng === undefined) {
      const what =
        why === 'shots'
          ? `shots = ${this.shots} needs an rng to draw samples`
          : `noise by ${this.trajectory!.count} Monte-Carlo trajectories needs an rng to draw errors`;
      throw new QunlearnError('config', `quantum simulator: ${what} (pass options.rng)`);
    }
    return rng;
  }

  private check(inputs: Float64Array, weights: Float64Array, batch: number): void {
    if (!Number.isInteger(batch) || batch < 0)
      throw new ShapeError(`quantum simulator: batch must be a non-negative integer, got ${batch}`);
    if (inputs.length !== batch * this.numInputs) {
      throw new ShapeError(
        `quantum simulator: inputs must have batch·numInputs = ${batch}·${this.numInputs} elements, got ${inputs.length}`,
      );
    }
    if (weights.length !== this.numWeights) {
      throw new ShapeError(`quantum simulator: weights must have ${this.numWeights} elements, got ${weights.length}`);
    }
  }

  /** The sizes of the chunks a batch is simulated in. */
  private chunkSizes(batch: number): number[] {
    const sizes: number[] = [];
    for (let row = 0; row < batch; row += this.chunk) sizes.push(Math.min(this.chunk, batch - row));
    return sizes;
  }

  /**
   * Runs `fn` on each chunk of `states` states with a workspace laid out in the kernels' arena (with room for saved
   * states if asked), reading each state's drawn errors under trajectories.
   */
  private eachChunk(
    inputs: Float64Array,
    weights: Float64Array,
    states: number,
    errors: Uint8Array | null,
    fn: (ws: EngineWorkspace, values: ParamValues, size: number, index: number) => void,
    saveNoisy = false,
  ): void {
    const numNoise = this.trajectory?.plan.probabilities.length ?? 0;
    this.chunkSizes(states).forEach((size, index) => {
      const values = {
        inputs,
        numInputs: this.numInputs,
        row: index * this.chunk,
        weights,
        noise: errors ?? undefined,
        numNoise,
      };
      fn(this.engine.workspace(size, saveNoisy), values, size, index);
    });
  }

  /** Whether forward passes can keep a tape: exact adjoint, nothing saved inside the pass. */
  private tapeable(): boolean {
    return this.shots === null && this.diff === 'adjoint' && this.engine.tapeable;
  }

  /** A tape for a batch, with the buffers of a spent tape of the same batch when the pool has one. */
  private takeTape(batch: number): ForwardTape {
    const pooled = this.tapePool.findIndex((t) => t.batch === batch);
    return new ForwardTape(batch, pooled >= 0 ? this.tapePool.splice(pooled, 1)[0].chunks : []);
  }

  /** Marks a tape spent and returns its buffers to the pool (which keeps a few). */
  private releaseTape(tape: ForwardTape): void {
    tape.spent = true;
    if (this.tapePool.length < 4) this.tapePool.push({ batch: tape.batch, chunks: tape.chunks });
  }
}
