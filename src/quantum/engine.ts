import { adjointVjp, type GradientSink } from './adjoint.js';
import {
  computeMatrices,
  runForward,
  Workspace,
  type MatrixWorkspace,
  type ParamValues,
  type Shift,
} from './execute.js';
import type { Representation } from './measure.js';
import type { Plan } from './plan.js';

/** A chunk's buffers, as an engine lays them out. */
export interface EngineWorkspace extends MatrixWorkspace {
  /** Room for batch × 2^n probabilities (being sampled under shots). */
  readonly probs: Float64Array;
  /** Scratch of at least 2^n entries. */
  readonly scratch: Float64Array;
}

/**
 * How a simulator evolves, measures and differentiates chunks of samples: statevectors (and density matrices in the
 * computational basis), or density matrices in the Pauli basis. The simulator owns chunking, shots, tapes and
 * parameter shift; an engine owns the state.
 */
export interface Engine<W extends EngineWorkspace = EngineWorkspace> {
  /** The plan whose fused gate matrices computeMatrices fills. */
  readonly plan: Plan;
  readonly qubits: number;
  /** Working memory per sample, and the chunk size it aims at. */
  readonly bytesPerSample: number;
  readonly chunkBytes: number;
  /** Whether a forward pass's final state suffices for the VJP (no state saved inside the pass). */
  readonly tapeable: boolean;
  workspace(batch: number, saveNoisy: boolean): W;
  /** Computes the chunk's gate matrices (with an optional parameter shift) and runs it forward. */
  run(ws: W, values: ParamValues, shift: Shift | null): void;
  expvalZ(ws: W, out: Float64Array, oo: number): void;
  probabilities(ws: W, out: Float64Array, oo: number): void;
  /** Adjoint VJP of the chunk; `ready` when the workspace already holds the forward pass's final state (a tape). */
  vjp(ws: W, values: ParamValues, cot: Float64Array, sink: GradientSink, ready: boolean): void;
  /** The arrays a tape keeps to restore a forward pass's end: final state and matrices. */
  tapeArrays(ws: W): Float64Array[];
}

/** Statevectors, or (on a plan from doublePlan) density matrices as vectors on 2n wires: see execute.ts and density.ts. */
export function vectorEngine(rep: Representation): Engine<Workspace> {
  const plan = rep.plan;
  const noiseSteps = plan.steps.filter((s) => s.kind === 'depolarizing').length;
  return {
    plan,
    qubits: rep.qubits,
    bytesPerSample: (1 << plan.wires) * 16 * (2 + noiseSteps),
    chunkBytes: 8 << 20,
    tapeable: noiseSteps === 0,
    workspace: (batch, saveNoisy) => new Workspace(plan, batch, { saveNoisy }),
    run(ws, values, shift) {
      computeMatrices(plan, ws, values, shift);
      runForward(plan, ws, false, values);
    },
    expvalZ: (ws, out, oo) => rep.expvalZ(ws, out, oo),
    probabilities: (ws, out, oo) => rep.probabilities(ws.ketRe, ws.ketIm, ws.batch, out, oo),
    vjp: (ws, values, cot, sink, ready) => adjointVjp(rep, ws, values, cot, sink, ready),
    tapeArrays: (ws) => [ws.ketRe, ws.ketIm, ws.mats],
  };
}
