import { depolarize } from './density.js';
import {
  applyPauliErrors,
  computeMatrices,
  matOffset,
  measuredSteps,
  rotationParams,
  runForward,
  sharedRotations,
  strideOf,
  type MatrixWorkspace,
  type ParamValues,
  type Workspace,
} from './execute.js';
import { cadjoint, cidentity, mul2, mul2Adjoint } from './matrix.js';
import type { Representation } from './measure.js';
import type { FusedGate, Plan, PlanRotation, PlanStep } from './plan.js';
import { accumulateControlled, accumulateSingle, applyControlled, applySwap } from './statevector.js';

/**
 * Where gradients go: per-sample rows of inputs [batch, numInputs] and weights [batch, numWeights], starting at the
 * chunk's first row; null for what is not wanted (its work is skipped). Values are added, not assigned.
 */
export interface GradientSink {
  readonly inputs: Float64Array | null;
  readonly weights: Float64Array | null;
  readonly numInputs: number;
  readonly numWeights: number;
}

/** Whether a fused gate has parameters whose gradients the sink collects. */
export function wants(gate: FusedGate, sink: GradientSink): boolean {
  if (gate.conjugate) return false;
  return gate.rotations.some((r) =>
    r.params.some(
      (p) => (p.kind === 'input' && sink.inputs !== null) || (p.kind === 'weight' && sink.weights !== null),
    ),
  );
}

/** Whether a step holds such a gate. */
export function stepWants(step: PlanStep, sink: GradientSink): boolean {
  if (step.kind === 'local') return step.gates.some((g) => wants(g, sink));
  return step.kind === 'controlled' && wants(step.gate, sink);
}

const params = new Float64Array(3);

/**
 * Turns the per-sample sums of {@link accumulateSingle} into parameter gradients. For rotation k of the fused
 * U = R_m···R_1 and its parameter j, ∂U/∂θ·U† = -(i/2)·V G V† with V = R_m···R_{k+1}. Writing the Hermitian
 * V G V† = g0·I + m·σ, the gradient is g0·(A0 + A1) + mx·Wi - my·Wr + mz·(A0 - A1) (derivation in ADJOINT.md).
 * The rotations after the last one that reads an input have the same V for every sample, so their algebra (and V
 * up to there) is done once for the chunk; the per-sample walk continues from that V.
 */
export function distribute(gate: FusedGate, ws: MatrixWorkspace, values: ParamValues, sink: GradientSink): void {
  const { small, batch, rotMats } = ws;
  const rotations = gate.rotations;
  sharedRotations(gate, ws, values, null);
  let tail = rotations.length;
  while (tail > 0 && !rotations[tail - 1].perSample) tail--;
  // small[0..8) holds V for the shared rotations, small[16..24) for each sample's own.
  cidentity(small, 0);
  for (let k = rotations.length - 1; k >= tail; k--) {
    rotationParams(rotations[k], values, values.row, null, params);
    rotationGradients(rotations[k], ws, 0, values.row, 0, batch, sink);
    if (k > 0) mul2(small, 0, rotMats, 8 * k, small, 0);
  }
  if (tail === 0) return;
  for (let s = 0; s < batch; s++) {
    const row = values.row + s;
    small.copyWithin(16, 0, 8);
    for (let k = tail - 1; k >= 0; k--) {
      const rot = rotations[k];
      rotationParams(rot, values, row, null, params);
      rotationGradients(rot, ws, 16, values.row, s, s + 1, sink);
      if (k === 0) break;
      if (rot.perSample) {
        rot.gate.matrix(params, small, 8);
        mul2(small, 16, small, 8, small, 16);
      } else {
        mul2(small, 16, rotMats, 8 * k, small, 16);
      }
    }
  }
}

/**
 * Adds the gradients of one rotation (its parameters in `params`, V at small[v]) for samples [from, to) of the
 * chunk whose first row is `row0`.
 */
function rotationGradients(
  rot: PlanRotation,
  ws: MatrixWorkspace,
  v: number,
  row0: number,
  from: number,
  to: number,
  sink: GradientSink,
): void {
  const { small, acc } = ws;
  for (let j = 0; j < rot.params.length; j++) {
    const src = rot.params[j];
    if (src.kind === 'const') continue;
    const target = src.kind === 'input' ? sink.inputs : sink.weights;
    if (target === null) continue;
    const width = src.kind === 'input' ? sink.numInputs : sink.numWeights;
    rot.gate.generator!(params, j, small, 8);
    mul2(small, v, small, 8, small, 8);
    mul2Adjoint(small, 8, small, v, small, 8);
    const g0 = (small[8] + small[14]) / 2;
    const mz = (small[8] - small[14]) / 2;
    const mx = small[12];
    const my = small[13];
    for (let b = from; b < to; b++) {
      const a0 = acc[4 * b],
        a1 = acc[4 * b + 1],
        wr = acc[4 * b + 2],
        wi = acc[4 * b + 3];
      target[(row0 + b) * width + src.index] += g0 * (a0 + a1) + mx * wi - my * wr + mz * (a0 - a1);
    }
  }
}

/** Writes U† of a fused gate into ws.adj (per sample or shared); returns the matrix stride. */
function adjointMatrix(gate: FusedGate, ws: Workspace): number {
  const samples = gate.perSample ? ws.batch : 1;
  for (let b = 0; b < samples; b++) cadjoint(ws.mats, matOffset(gate, ws.batch, b), ws.adj, b * 8);
  return gate.perSample ? 8 : 0;
}

/** Applies the inverse of a step (every step but noise is unitary) to the ket and the bra. */
function undo(plan: Plan, ws: Workspace, step: PlanStep, gate: FusedGate | null): void {
  const { batch, amps } = ws;
  if (step.kind === 'diagonal') {
    ws.applyDiagonal(false, step);
    ws.applyDiagonal(true, step);
  } else if (step.kind === 'swap') {
    const sa = strideOf(plan, step.a);
    const sb = strideOf(plan, step.b);
    applySwap(ws.ketRe, ws.ketIm, batch, amps, sa, sb);
    applySwap(ws.braRe, ws.braIm, batch, amps, sa, sb);
  } else if (gate !== null) {
    if (step.kind === 'controlled') {
      const ms = adjointMatrix(gate, ws);
      const t = strideOf(plan, gate.wire);
      const c = strideOf(plan, step.control);
      applyControlled(ws.ketRe, ws.ketIm, batch, amps, c, t, ws.adj, 0, ms);
      applyControlled(ws.braRe, ws.braIm, batch, amps, c, t, ws.adj, 0, ms);
    } else {
      undoSingle(plan, ws, gate);
    }
  }
}

/** Undoes a single-qubit fused gate on ket and bra. */
function undoSingle(plan: Plan, ws: Workspace, gate: FusedGate): void {
  const ms = adjointMatrix(gate, ws);
  const t = strideOf(plan, gate.wire);
  ws.apply2x2(false, t, ws.adj, 0, 8 * ms);
  ws.apply2x2(true, t, ws.adj, 0, 8 * ms);
}

/**
 * One sweep for a differentiable single-qubit gate: the sums of {@link accumulateSingle} into ws.acc and, when
 * `undoing`, the gate undone on ket and bra; one call of the WebAssembly kernel.
 */
function sweepSingle(plan: Plan, ws: Workspace, gate: FusedGate, undoing: boolean): void {
  const { batch, amps } = ws;
  const stride = strideOf(plan, gate.wire);
  const k = ws.kernels;
  if (k === null) {
    accumulateSingle(ws.ketRe, ws.ketIm, ws.braRe, ws.braIm, batch, amps, stride, ws.acc);
    if (undoing) undoSingle(plan, ws, gate);
    return;
  }
  const ms = undoing ? adjointMatrix(gate, ws) : 0;
  const { at } = ws;
  const kernel = stride >= 2 ? k.adjoint : amps >= 4 ? k.adjoint1 : k.adjointScalar;
  kernel(at.ketRe, at.ketIm, at.braRe, at.braIm, batch, amps, stride, at.adj, 8 * ms, at.acc, undoing ? 1 : 0);
}

/**
 * Adjoint vector-Jacobian product for one chunk of samples: runs the circuit forward (unless `ready`: the workspace
 * already holds the forward pass's final state and matrices), folds the cotangents into the observable
 * H_b = Σ_i c[b,i] Z_i, then walks the plan backwards, undoing each step on the ket and the bra and reading each
 * differentiable gate's gradient off one sweep. `cot` is [batch, n] for the whole batch; the chunk reads rows from
 * `values.row`.
 */
export function adjointVjp(
  rep: Representation,
  ws: Workspace,
  values: ParamValues,
  cot: Float64Array,
  sink: GradientSink,
  ready = false,
): void {
  const plan = rep.plan;
  const end = measuredSteps(plan);
  let first = 0;
  while (first < end && !stepWants(plan.steps[first], sink)) first++;
  if (first === end) return;
  if (!ready) {
    computeMatrices(plan, ws, values, null);
    runForward(plan, ws, true, values);
  }
  const { ketRe, ketIm, braRe, braIm, batch, amps } = ws;
  rep.initBra(ws, cot, values.row * rep.qubits);
  for (let i = end - 1; i >= first; i--) {
    const step = plan.steps[i];
    // The product-state layer acts on |0…0>: its gradients are read at its output and nothing before it is needed.
    const initialLayer = i === 0 && plan.productStart;
    switch (step.kind) {
      case 'local':
        for (const g of step.gates) {
          if (wants(g, sink)) {
            sweepSingle(plan, ws, g, !initialLayer);
            distribute(g, ws, values, sink);
          } else if (!initialLayer) {
            undo(plan, ws, step, g);
          }
        }
        break;
      case 'controlled':
        if (wants(step.gate, sink)) {
          accumulateControlled(
            ketRe,
            ketIm,
            braRe,
            braIm,
            batch,
            amps,
            strideOf(plan, step.control),
            strideOf(plan, step.gate.wire),
            ws.acc,
          );
          distribute(step.gate, ws, values, sink);
        }
        undo(plan, ws, step, step.gate);
        break;
      case 'diagonal':
      case 'swap':
        undo(plan, ws, step, null);
        break;
      case 'pauli':
        applyPauliErrors(plan, step, values, ketRe, ketIm, batch, amps);
        applyPauliErrors(plan, step, values, braRe, braIm, batch, amps);
        break;
      case 'depolarizing': {
        // The channel is self-adjoint, so the bra goes through it unchanged in form; the ket is restored, not inverted.
        for (const w of step.wires)
          depolarize(braRe, braIm, batch, amps, strideOf(plan, w), strideOf(plan, w + plan.wires / 2), step.p);
        const saved = ws.saved.get(i)!;
        ketRe.set(saved[0]);
        ketIm.set(saved[1]);
        break;
      }
    }
  }
}
