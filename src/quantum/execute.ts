import { ArenaLayout, reserveArena } from '../core/kernels/arena.js';
import { depolarize } from './density.js';
import { cconjugate, cidentity, mul2 } from './matrix.js';
import type { ParamSource } from './circuit.js';
import type { StateBuffers } from './measure.js';
import type { FusedGate, Plan, PlanRotation, PlanStep } from './plan.js';
import { applyControlled, applyDiagonal, applySingle, applySwap, pauliOnState, productState } from './statevector.js';
import { statevectorKernels, type StatevectorKernels } from './wasm-statevector.js';

/** Adds `delta` to one parameter occurrence (circuit op index and parameter slot): how parameter-shift evaluates. */
export interface Shift {
  readonly op: number;
  readonly slot: number;
  readonly delta: number;
}

/**
 * Where a chunk of samples reads its parameters: inputs row-major [batch, numInputs] from row `row`, the weights, and
 * for trajectory plans each state's drawn Pauli errors (0 = none, 1..3 = X, Y, Z), `numNoise` per state.
 */
export interface ParamValues {
  readonly inputs: Float64Array;
  readonly numInputs: number;
  readonly row: number;
  readonly weights: Float64Array;
  readonly noise?: Uint8Array;
  readonly numNoise?: number;
}

/** What computing and differentiating fused gate matrices needs from a workspace (statevector or Pauli basis). */
export interface MatrixWorkspace {
  readonly batch: number;
  /** Each fused gate's matrix: 8 numbers per sample (or only the first 8 when shared), unit-major. */
  readonly mats: Float64Array;
  /** Per-sample adjoint sums (4 per sample). */
  readonly acc: Float64Array;
  /** Small matrices for fusing and differentiating (64 numbers). */
  readonly small: Float64Array;
  /** The matrices of one fused gate's rotations that read no input (shared by the chunk), 8 numbers each. */
  readonly rotMats: Float64Array;
}

/** Byte addresses in the kernels' arena of the arrays the WebAssembly kernels read. */
export interface WorkspaceAddresses {
  readonly ketRe: number;
  readonly ketIm: number;
  readonly braRe: number;
  readonly braIm: number;
  readonly mats: number;
  readonly adj: number;
  readonly acc: number;
  readonly scratch: number;
  /** Each diagonal step's diagonal. */
  readonly diag: ReadonlyMap<PlanStep, number>;
}

/**
 * Buffers for one plan and one chunk of samples, laid out in the kernels' arena (so the WebAssembly kernels can run
 * on them) when a simulator call starts, and reused by every sweep of that call: repeated calls of the same sizes
 * allocate no buffers. Views stay valid until the next kernel call lays the arena out again.
 */
export class Workspace implements MatrixWorkspace, StateBuffers {
  readonly batch: number;
  readonly amps: number;
  readonly ketRe: Float64Array;
  readonly ketIm: Float64Array;
  readonly braRe: Float64Array;
  readonly braIm: Float64Array;
  /** Each fused gate's matrix: 8 numbers per sample (or only the first 8 when shared), unit-major. */
  readonly mats: Float64Array;
  /** U† of the gate being undone, laid out like one unit of `mats`. */
  readonly adj: Float64Array;
  /** Per-sample wire states for the product-state build. */
  readonly vecs: Float64Array;
  /** Per-sample adjoint sums (4 per sample). */
  readonly acc: Float64Array;
  /** Per-sample scratch of one state's length (probabilities, observable diagonals). */
  readonly scratch: Float64Array;
  /** Small matrices for fusing and differentiating. */
  readonly small: Float64Array;
  /** The matrices of one fused gate's rotations that read no input (shared by the chunk), 8 numbers each. */
  readonly rotMats: Float64Array;
  /** Density matrices saved before each noise step (by step index), for the adjoint pass. */
  readonly saved = new Map<number, [Float64Array, Float64Array]>();
  readonly at: WorkspaceAddresses;
  /** The WebAssembly kernels, or null (JavaScript kernels). */
  readonly kernels: StatevectorKernels | null;

  constructor(plan: Plan, batch: number, options: { saveNoisy?: boolean } = {}) {
    this.batch = batch;
    this.amps = 1 << plan.wires;
    const size = batch * this.amps;
    const noiseSteps = options.saveNoisy ? plan.steps.flatMap((s, i) => (s.kind === 'depolarizing' ? [i] : [])) : [];
    const diagSteps = plan.steps
      .slice(0, measuredSteps(plan))
      .filter((s): s is Extract<PlanStep, { kind: 'diagonal' }> => s.kind === 'diagonal');
    const layout = new ArenaLayout();
    const take = (n: number): number => layout.take(n, 8);
    const at = {
      ketRe: take(size),
      ketIm: take(size),
      braRe: take(size),
      braIm: take(size),
      mats: take(plan.units * batch * 8),
      adj: take(batch * 8),
      acc: take(batch * 4),
      scratch: take(this.amps),
      diag: new Map<PlanStep, number>(diagSteps.map((d) => [d, take(d.diag.length)])),
    };
    const vecs = take(batch * plan.wires * 4);
    const small = take(64);
    const rotMats = take(plan.maxRotations * 8);
    const saved = noiseSteps.map(() => [take(size), take(size)] as const);
    const f64 = reserveArena(layout.bytes).f64;
    const view = (byte: number, n: number): Float64Array => f64.subarray(byte >> 3, (byte >> 3) + n);
    this.ketRe = view(at.ketRe, size);
    this.ketIm = view(at.ketIm, size);
    this.braRe = view(at.braRe, size);
    this.braIm = view(at.braIm, size);
    this.mats = view(at.mats, plan.units * batch * 8);
    this.adj = view(at.adj, batch * 8);
    this.acc = view(at.acc, batch * 4);
    this.vecs = view(vecs, batch * plan.wires * 4);
    this.scratch = view(at.scratch, this.amps);
    this.small = view(small, 64);
    this.rotMats = view(rotMats, plan.maxRotations * 8);
    for (const d of diagSteps) view(at.diag.get(d)!, d.diag.length).set(d.diag);
    noiseSteps.forEach((step, i) => this.saved.set(step, [view(saved[i][0], size), view(saved[i][1], size)]));
    this.at = at;
    this.kernels = statevectorKernels();
  }

  /** Applies a 2x2 (at byte `m`, per sample `mStride` bytes apart) to one wire of the ket or the bra. */
  apply2x2(bra: boolean, stride: number, matrices: Float64Array, m: number, mStride: number): void {
    const [re, im] = bra ? [this.braRe, this.braIm] : [this.ketRe, this.ketIm];
    const k = this.kernels;
    if (k === null) {
      applySingle(re, im, this.batch, this.amps, stride, matrices, m >> 3, mStride >> 3);
      return;
    }
    const [reAt, imAt] = bra ? [this.at.braRe, this.at.braIm] : [this.at.ketRe, this.at.ketIm];
    const base = matrices === this.mats ? this.at.mats : this.at.adj;
    const kernel = stride >= 2 ? k.single : this.amps >= 4 ? k.single1 : k.singleScalar;
    kernel(reAt, imAt, this.batch, this.amps, stride, base + m, mStride);
  }

  /** Multiplies sample b of the bra by the diagonal in `scratch` (the adjoint pass's starting bra, H_b|ψ_b>). */
  scaleBra(b: number): void {
    const o = b * this.amps;
    const k = this.kernels;
    if (k !== null) {
      k.diag(this.at.braRe + 8 * o, this.at.braIm + 8 * o, 1, this.amps, this.at.scratch);
      return;
    }
    const { braRe, braIm, scratch } = this;
    for (let i = 0; i < this.amps; i++) {
      braRe[o + i] *= scratch[i];
      braIm[o + i] *= scratch[i];
    }
  }

  /** Writes |amplitude|² of sample b of the ket into `scratch`. */
  squares(b: number): void {
    const o = b * this.amps;
    const k = this.kernels;
    if (k !== null) {
      k.squares(this.at.ketRe + 8 * o, this.at.ketIm + 8 * o, this.at.scratch, this.amps);
      return;
    }
    const { ketRe: re, ketIm: im, scratch } = this;
    for (let i = 0; i < this.amps; i++) scratch[i] = re[o + i] * re[o + i] + im[o + i] * im[o + i];
  }

  /** Room for batch × 2^n probabilities: the bra, free during a forward pass. */
  get probs(): Float64Array {
    return this.braRe;
  }

  /** Multiplies the ket or the bra by a diagonal step's diagonal. */
  applyDiagonal(bra: boolean, step: Extract<PlanStep, { kind: 'diagonal' }>): void {
    const k = this.kernels;
    if (k === null) {
      if (bra) applyDiagonal(this.braRe, this.braIm, this.batch, this.amps, step.diag);
      else applyDiagonal(this.ketRe, this.ketIm, this.batch, this.amps, step.diag);
      return;
    }
    k.diag(
      bra ? this.at.braRe : this.at.ketRe,
      bra ? this.at.braIm : this.at.ketIm,
      this.batch,
      this.amps,
      this.at.diag.get(step)!,
    );
  }
}

/** The value of a parameter for the sample at row `row` of the inputs. */
function paramValue(src: ParamSource, values: ParamValues, row: number): number {
  if (src.kind === 'input') return values.inputs[row * values.numInputs + src.index];
  if (src.kind === 'weight') return values.weights[src.index];
  return src.value;
}

/** Resolves a rotation's parameters for one sample into `out` (with the shift applied if it targets this op). */
export function rotationParams(
  rot: PlanRotation,
  values: ParamValues,
  row: number,
  shift: Shift | null,
  out: Float64Array,
): Float64Array {
  for (let j = 0; j < rot.params.length; j++) {
    out[j] =
      paramValue(rot.params[j], values, row) +
      (shift !== null && shift.op === rot.op && shift.slot === j ? shift.delta : 0);
  }
  return out;
}

/** Offset of sample b's matrix of a fused gate in `mats` (its first 8 numbers when the batch shares it). */
export function matOffset(gate: FusedGate, batch: number, b: number): number {
  return gate.unit * batch * 8 + (gate.perSample ? b * 8 : 0);
}

/** Parameters of the rotation being evaluated (at most 3, for Rot). */
const paramScratch = new Float64Array(3);

/**
 * Writes into ws.rotMats the matrices of a fused gate's rotations that read no input: they are the same for every
 * sample, so a gate fusing an encoding with a weight layer evaluates only the encoding's rotations per sample.
 */
export function sharedRotations(gate: FusedGate, ws: MatrixWorkspace, values: ParamValues, shift: Shift | null): void {
  gate.rotations.forEach((rot, r) => {
    if (!rot.perSample)
      rot.gate.matrix(rotationParams(rot, values, values.row, shift, paramScratch), ws.rotMats, 8 * r);
  });
}

/** Computes every fused gate's matrix for a chunk: U = R_m···R_1, conjugated for density-matrix column copies. */
export function computeMatrices(plan: Plan, ws: MatrixWorkspace, values: ParamValues, shift: Shift | null): void {
  const { small, rotMats, mats } = ws;
  const fill = (gate: FusedGate): void => {
    sharedRotations(gate, ws, values, shift);
    const samples = gate.perSample ? ws.batch : 1;
    const rotations = gate.rotations;
    for (let b = 0; b < samples; b++) {
      const o = matOffset(gate, ws.batch, b);
      cidentity(mats, o);
      for (let r = 0; r < rotations.length; r++) {
        const rot = rotations[r];
        if (rot.perSample) {
          rot.gate.matrix(rotationParams(rot, values, values.row + b, shift, paramScratch), small, 0);
          mul2(small, 0, mats, o, mats, o);
        } else {
          mul2(rotMats, 8 * r, mats, o, mats, o);
        }
      }
      if (gate.conjugate) cconjugate(mats, o);
    }
  };
  for (const step of plan.steps) {
    if (step.kind === 'local') step.gates.forEach(fill);
    else if (step.kind === 'controlled') fill(step.gate);
  }
}

/**
 * How many of the plan's steps change what is measured: trailing ±1 diagonals (CZ layers) commute with every Z and
 * leave each |amplitude|² (and a density matrix's diagonal) exactly as it was, so forward and adjoint passes stop
 * before them.
 */
export function measuredSteps(plan: Plan): number {
  let end = plan.steps.length;
  while (end > 0 && plan.steps[end - 1].kind === 'diagonal') end--;
  return end;
}

/** Stride between paired amplitudes of a wire (wire 0 is the most significant bit). */
export function strideOf(plan: Plan, wire: number): number {
  return 1 << (plan.wires - 1 - wire);
}

/** Applies one step (forward direction) to the ket. */
function applyStep(plan: Plan, ws: Workspace, step: PlanStep, values: ParamValues): void {
  const { ketRe: re, ketIm: im, batch, amps } = ws;
  switch (step.kind) {
    case 'local':
      for (const g of step.gates)
        ws.apply2x2(false, strideOf(plan, g.wire), ws.mats, 8 * matOffset(g, batch, 0), g.perSample ? 64 : 0);
      break;
    case 'diagonal':
      ws.applyDiagonal(false, step);
      break;
    case 'controlled':
      applyControlled(
        re,
        im,
        batch,
        amps,
        strideOf(plan, step.control),
        strideOf(plan, step.gate.wire),
        ws.mats,
        matOffset(step.gate, batch, 0),
        step.gate.perSample ? 8 : 0,
      );
      break;
    case 'swap':
      applySwap(re, im, batch, amps, strideOf(plan, step.a), strideOf(plan, step.b));
      break;
    case 'depolarizing':
      for (const w of step.wires)
        depolarize(re, im, batch, amps, strideOf(plan, w), strideOf(plan, w + plan.wires / 2), step.p);
      break;
    case 'pauli':
      applyPauliErrors(plan, step, values, re, im, batch, amps);
      break;
  }
}

/**
 * Applies each state's drawn Pauli errors of a trajectory step (only the states that drew one are touched; the
 * errors are their own inverses, so the adjoint pass applies the same to ket and bra).
 */
export function applyPauliErrors(
  plan: Plan,
  step: Extract<PlanStep, { kind: 'pauli' }>,
  values: ParamValues,
  re: Float64Array,
  im: Float64Array,
  batch: number,
  amps: number,
): void {
  const numNoise = values.numNoise!;
  step.wires.forEach((wire, j) => {
    const s = strideOf(plan, wire);
    for (let b = 0; b < batch; b++) {
      const error = values.noise![(values.row + b) * numNoise + step.slots[j]];
      if (error !== 0) pauliOnState(re, im, b * amps, amps, s, error);
    }
  });
}

/**
 * Runs the plan on the workspace's ket (matrices must be computed). With `saveNoisy` (a workspace laid out with
 * room for it), the state before each noise step is kept in `ws.saved` so that the adjoint pass can restore it
 * instead of inverting the channel.
 */
export function runForward(plan: Plan, ws: Workspace, saveNoisy: boolean, values: ParamValues): void {
  const { ketRe, ketIm, batch, amps } = ws;
  let first = 0;
  if (plan.productStart) {
    const vecs = ws.vecs;
    for (let i = 0; i < vecs.length; i += 4) {
      vecs[i] = 1;
      vecs[i + 1] = vecs[i + 2] = vecs[i + 3] = 0;
    }
    const step = plan.steps[0] as Extract<PlanStep, { kind: 'local' }>;
    for (const g of step.gates) {
      for (let b = 0; b < batch; b++) {
        const o = matOffset(g, batch, b);
        const v = (b * plan.wires + g.wire) * 4;
        vecs[v] = ws.mats[o];
        vecs[v + 1] = ws.mats[o + 1];
        vecs[v + 2] = ws.mats[o + 4];
        vecs[v + 3] = ws.mats[o + 5];
      }
    }
    productState(ketRe, ketIm, batch, plan.wires, vecs);
    first = 1;
  } else {
    ketRe.fill(0);
    ketIm.fill(0);
    for (let b = 0; b < batch; b++) ketRe[b * amps] = 1;
  }
  for (let i = first, end = measuredSteps(plan); i < end; i++) {
    const step = plan.steps[i];
    if (saveNoisy && step.kind === 'depolarizing') {
      // The workspace was laid out with room for these (saveNoisy).
      const saved = ws.saved.get(i)!;
      saved[0].set(ketRe);
      saved[1].set(ketIm);
    }
    applyStep(plan, ws, step, values);
  }
}
