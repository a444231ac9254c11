import { QunlearnError, ShapeError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
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
import type { CircuitSpec, DiffMethod } from './spec.js';

/** How a simulator measures and differentiates. */
export interface SimulatorOptions {
  /** Finite shots per evaluation (null = exact expectation values). Shots force parameter-shift gradients. */
  shots?: number | null;
  diff?: DiffMethod;
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
  /** Required with shots. */
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

  /** Per chunk, copies of the engine's tape arrays (filled by the forward pass). */
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
    const pauli = this.noisy ? compilePauliPlan(plan) : null;
    this.engine = pauli !== null ? pauliEngine(pauli)
      : vectorEngine(this.noisy ? densityRepresentation(doublePlan(plan)) : statevectorRepresentation(plan));
    this.chunk = Math.max(1, Math.floor(this.engine.chunkBytes / this.engine.bytesPerSample));
  }

  /** How noise is simulated: not at all, exactly in the Pauli basis, or exactly in the computational basis. */
  get representation(): 'statevector' | 'pauli' | 'density' {
    return !this.noisy ? 'statevector' : this.engine.plan.wires === this.qubits ? 'pauli' : 'density';
  }

  /** The simulator of a resolved spec (its shots and differentiation method included). */
  static fromSpec(spec: CircuitSpec): QuantumSimulator {
    return new QuantumSimulator(buildCircuit(spec), { shots: spec.shots, diff: spec.diff });
  }

  /** ⟨Z_i⟩ for every sample and wire, [batch, qubits]; with shots, estimated from `shots` draws made with `rng`. */
  expval(inputs: Float64Array, weights: Float64Array, batch: number, options: { rng?: Rng; shift?: Shift } = {}): Float64Array {
    return this.forward(inputs, weights, batch, { ...options, keep: false }).values;
  }

  /**
   * {@link expval}, keeping with `keep` a {@link ForwardTape} for an adjoint VJP on the same inputs and weights
   * (none under shots or parameter shift, for noisy circuits that must save states inside the pass, or when it
   * would exceed 64 MiB).
   */
  forward(inputs: Float64Array, weights: Float64Array, batch: number, options: { rng?: Rng; shift?: Shift; keep?: boolean } = {}): { values: Float64Array; tape: ForwardTape | null } {
    this.check(inputs, weights, batch);
    const n = this.qubits;
    const out = new Float64Array(batch * n);
    const rng = this.shots === null ? null : this.requireRng(options.rng);
    const tape = options.keep && this.tapeable(batch) ? this.takeTape(batch) : null;
    this.eachChunk(inputs, weights, batch, (ws, values, size, index) => {
      this.engine.run(ws, values, options.shift ?? null);
      if (tape !== null) {
        const arrays = this.engine.tapeArrays(ws);
        const kept = tape.chunks[index];
        if (kept === undefined || kept.some((a, k) => a.length !== arrays[k].length)) tape.chunks[index] = arrays.map((a) => a.slice());
        else kept.forEach((a, k) => a.set(arrays[k]));
      }
      if (rng === null) {
        this.engine.expvalZ(ws, out, values.row * n);
        return;
      }
      this.engine.probabilities(ws, ws.probs, 0);
      sampleFrequencies(ws.probs, size, n, this.shots!, rng, ws.scratch);
      for (let b = 0; b < size; b++) wireExpectations(ws.probs, b * (1 << n), n, out, (values.row + b) * n);
    });
    return { values: out, tape };
  }

  /** Basis-state probabilities [batch, 2^qubits] (index bits: wire 0 most significant); empirical under shots. */
  probabilities(inputs: Float64Array, weights: Float64Array, batch: number, options: { rng?: Rng } = {}): Float64Array {
    this.check(inputs, weights, batch);
    const n = this.qubits;
    const out = new Float64Array(batch << n);
    const rng = this.shots === null ? null : this.requireRng(options.rng);
    this.eachChunk(inputs, weights, batch, (ws, values, size) => {
      this.engine.run(ws, values, null);
      const probs = out.subarray(values.row << n, (values.row + size) << n);
      this.engine.probabilities(ws, probs, 0);
      if (rng !== null) sampleFrequencies(probs, size, n, this.shots!, rng, ws.scratch);
    });
    return out;
  }

  /**
   * Vector-Jacobian product of ⟨Z⟩ with cotangents `cot` [batch, qubits]: per-sample gradients with respect to the
   * inputs and the weights (sum the weight rows for the batch gradient).
   */
  vjp(inputs: Float64Array, weights: Float64Array, batch: number, cot: Float64Array, options: VjpOptions): Gradients {
    this.check(inputs, weights, batch);
    if (cot.length !== batch * this.qubits) {
      throw new ShapeError(`quantum vjp: cotangent must have batch·qubits = ${batch * this.qubits} elements, got ${cot.length}`);
    }
    const sink: GradientSink = {
      inputs: options.inputs ? new Float64Array(batch * this.numInputs) : null,
      weights: options.weights ? new Float64Array(batch * this.numWeights) : null,
      numInputs: this.numInputs,
      numWeights: this.numWeights,
    };
    const method = this.shots !== null ? 'parameter-shift' : (options.method ?? this.diff);
    if (method === 'adjoint') {
      const tape = options.tape && !options.tape.spent && options.tape.batch === batch ? options.tape : null;
      this.eachChunk(inputs, weights, batch, (ws, values, _size, index) => {
        if (tape !== null) this.engine.tapeArrays(ws).forEach((a, k) => a.set(tape.chunks[index][k]));
        this.engine.vjp(ws, values, cot, sink, tape !== null);
      }, tape === null && this.noisy);
      if (tape !== null) this.releaseTape(tape);
    } else {
      const rng = options.rng;
      parameterShiftVjp(this.circuit, (shift) => this.expval(inputs, weights, batch, { rng, shift }), batch, cot, sink);
    }
    return { inputs: sink.inputs, weights: sink.weights };
  }

  private requireRng(rng: Rng | undefined): Rng {
    if (rng === undefined) throw new QunlearnError('config', `quantum simulator: shots = ${this.shots} needs an rng to draw samples (pass options.rng)`);
    return rng;
  }

  private check(inputs: Float64Array, weights: Float64Array, batch: number): void {
    if (!Number.isInteger(batch) || batch < 0) throw new ShapeError(`quantum simulator: batch must be a non-negative integer, got ${batch}`);
    if (inputs.length !== batch * this.numInputs) {
      throw new ShapeError(`quantum simulator: inputs must have batch·numInputs = ${batch}·${this.numInputs} elements, got ${inputs.length}`);
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

  /** Runs `fn` on each chunk with a workspace laid out in the kernels' arena (with room for saved states if asked). */
  private eachChunk(inputs: Float64Array, weights: Float64Array, batch: number, fn: (ws: EngineWorkspace, values: ParamValues, size: number, index: number) => void, saveNoisy = false): void {
    this.chunkSizes(batch).forEach((size, index) => {
      fn(this.engine.workspace(size, saveNoisy), { inputs, numInputs: this.numInputs, row: index * this.chunk, weights }, size, index);
    });
  }

  /** Whether a forward pass of this batch can keep a tape: exact adjoint, nothing saved inside the pass, small enough. */
  private tapeable(batch: number): boolean {
    return this.shots === null && this.diff === 'adjoint' && this.engine.tapeable && batch * this.engine.bytesPerSample / 2 <= MAX_TAPE_BYTES;
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
