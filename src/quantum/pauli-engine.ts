import { ArenaLayout, reserveArena } from '../core/kernels/arena.js';
import { distribute, stepWants, wants } from './adjoint.js';
import type { GradientSink } from './adjoint.js';
import type { Engine, EngineWorkspace } from './engine.js';
import { computeMatrices, matOffset, type ParamValues } from './execute.js';
import { blochRotation, pauliStride, type PauliPlan, type PauliStep, type SignedPermutation } from './pauli-basis.js';
import { pauliAdjoint, pauliPermute, pauliProduct, pauliRotate, pauliScale } from './pauli-kernels.js';
import {
  recordStep,
  sparseAdjoint,
  sparsePermute,
  sparseSums,
  sparseUndo,
  type SparseAdjoint,
} from './pauli-sparse.js';
import type { FusedGate } from './plan.js';
import { pauliKernels, type PauliKernels } from './wasm-pauli.js';

/** A chunk's buffers in the Pauli basis, in the kernels' arena. */
export class PauliWorkspace implements EngineWorkspace {
  readonly batch: number;
  /** 4^n entries per sample. */
  readonly len: number;
  readonly ket: Float64Array;
  readonly bra: Float64Array;
  readonly mats: Float64Array;
  /** Each fused gate's 3x3 (its Bloch rotation times the noise folded into it), 9 per sample or 9 when shared. */
  readonly rots: Float64Array;
  readonly acc: Float64Array;
  readonly small: Float64Array;
  readonly rotMats: Float64Array;
  readonly vecs: Float64Array;
  readonly scratch: Float64Array;
  readonly probs: Float64Array;
  /** With a sparse adjoint: per sample, the ket entries the VJP reads, recorded by the forward pass. */
  readonly record: Float64Array;
  /** Values of the bra's non-zero entries while they are permuted. */
  readonly moving: Float64Array;
  /** The WebAssembly kernels, or null (JavaScript kernels). */
  readonly kernels: PauliKernels | null;
  /** Byte addresses of the arrays the kernels read. */
  private readonly at: Record<'ket' | 'bra' | 'rots' | 'acc', number>;
  /** Byte addresses of each permutation's tables in the arena. */
  private readonly tables = new Map<SignedPermutation, [number, number]>();

  constructor(p: PauliPlan, batch: number, sparse: SparseAdjoint | null) {
    const plan = p.plan;
    const n = plan.wires;
    this.batch = batch;
    this.len = 4 ** n;
    this.kernels = pauliKernels();
    const moving = sparse === null ? 0 : Math.max(0, ...[...sparse.active.values()].map((a) => a.length));
    const sizes = {
      ket: batch * this.len,
      bra: batch * this.len,
      mats: plan.units * batch * 8,
      rots: plan.units * batch * 9,
      acc: batch * 4,
      small: 64,
      rotMats: plan.maxRotations * 8,
      vecs: batch * n * 4,
      scratch: 1 << n,
      record: batch * (sparse?.recordSize ?? 0),
      moving,
    };
    const layout = new ArenaLayout();
    const at = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, layout.take(v, 8)])) as Record<
      keyof typeof sizes,
      number
    >;
    const permutations =
      this.kernels === null ? [] : p.steps.flatMap((s) => (s.kind === 'permute' ? [s.permutation] : []));
    for (const perm of permutations) this.tables.set(perm, [layout.take(this.len, 4), layout.take(this.len, 8)]);
    const views = reserveArena(layout.bytes);
    const f64 = views.f64;
    const view = (k: keyof typeof sizes): Float64Array => f64.subarray(at[k] >> 3, (at[k] >> 3) + sizes[k]);
    for (const [perm, [pAt, sAt]] of this.tables) {
      views.i32.set(perm.perm, pAt >> 2);
      f64.set(perm.sign, sAt >> 3);
    }
    this.at = at;
    this.ket = view('ket');
    this.bra = view('bra');
    this.mats = view('mats');
    this.rots = view('rots');
    this.acc = view('acc');
    this.small = view('small');
    this.rotMats = view('rotMats');
    this.vecs = view('vecs');
    this.scratch = view('scratch');
    this.record = view('record');
    this.moving = view('moving');
    this.probs = this.bra.subarray(0, batch << n);
  }

  /** Applies a gate's 3x3 (rots at `ro`, per sample `rStride` entries apart) to the ket. */
  rotate(s: number, ro: number, rStride: number): void {
    const k = this.kernels;
    if (k === null) pauliRotate(this.ket, this.batch, this.len, s, this.rots, ro, rStride);
    else
      (s >= 2 ? k.rotate : k.rotate1)(this.at.ket, this.batch, this.len, s, this.at.rots + 8 * ro, 8 * rStride, 0, 1);
  }

  /** The adjoint sweep of a rotation (sums into acc; with `undo`, Mᵀ on the bra and Mᵀ·ketFactor on the ket). */
  adjoint(s: number, ro: number, rStride: number, undo: boolean, ketFactor: number): void {
    const k = this.kernels;
    if (k === null) {
      pauliAdjoint(this.ket, this.bra, this.batch, this.len, s, this.rots, ro, rStride, this.acc, undo, ketFactor);
      return;
    }
    const { at } = this;
    (s >= 2 ? k.adjoint : k.adjoint1)(
      at.ket,
      at.bra,
      this.batch,
      this.len,
      s,
      at.rots + 8 * ro,
      8 * rStride,
      at.acc,
      undo ? 1 : 0,
      ketFactor,
    );
  }

  /** Applies a signed permutation (its own inverse) to the ket or the bra. */
  permute(bra: boolean, permutation: SignedPermutation): void {
    const tables = this.tables.get(permutation);
    if (this.kernels === null || tables === undefined) {
      pauliPermute(bra ? this.bra : this.ket, this.batch, this.len, permutation.perm, permutation.sign);
      return;
    }
    this.kernels.permute(bra ? this.at.bra : this.at.ket, this.batch, this.len, tables[0], tables[1]);
  }
}

/** Offset of sample b's 3x3 of a fused gate in `rots`. */
function rotOffset(gate: FusedGate, batch: number, b: number): number {
  return gate.unit * batch * 9 + (gate.perSample ? b * 9 : 0);
}

/** The Pauli basis (pauli-basis.ts): exact noise on real vectors of 4^n entries per sample. */
export function pauliEngine(p: PauliPlan): Engine<PauliWorkspace> {
  const plan = p.plan;
  const n = plan.wires;
  const len = 4 ** n;
  const stride = (wire: number): number => pauliStride(n, wire);
  const product = plan.productStart;
  // The sparse adjoint's lists, built with the simulator's first workspace; null when they would exceed one state
  // per sample (or the dense adjoint is forced).
  let sparse: SparseAdjoint | null | undefined;
  const sparseLists = (): SparseAdjoint | null => (sparse === undefined ? (sparse = sparseAdjoint(p, len)) : sparse);
  const wiresOf = (step: Extract<PauliStep, { kind: 'rotate' }>): number[] => step.step.gates.map((g) => g.wire);

  /** With a sparse adjoint, copies the ket entries its VJP reads after rotate step k. */
  const record = (ws: PauliWorkspace, k: number): void => {
    const sa = sparseLists();
    const step = p.steps[k];
    if (sa === null || step.kind !== 'rotate') return;
    for (let b = 0; b < ws.batch; b++)
      recordStep(sa, k, wiresOf(step), n, ws.ket, b * len, ws.record, b * sa.recordSize);
  };

  /** Each rotate step's gates' 3x3s: Bloch rotations of the fused 2x2s, times the folded noise. */
  const rotations = (ws: PauliWorkspace): void => {
    for (const step of p.steps) {
      if (step.kind !== 'rotate') continue;
      step.step.gates.forEach((g, k) => {
        const samples = g.perSample ? ws.batch : 1;
        for (let b = 0; b < samples; b++) {
          const o = rotOffset(g, ws.batch, b);
          blochRotation(ws.mats, matOffset(g, ws.batch, b), ws.rots, o, ws.small);
          for (let e = 0; e < 9; e++) ws.rots[o + e] *= step.scale[k];
        }
      });
    }
  };

  const forward = (ws: PauliWorkspace): void => {
    const { batch, ket, vecs, rots } = ws;
    // Every wire starts at |0><0| = (I + Z)/2: components (I, Z, X, Y) = (1, 1, 0, 0); a first layer on |0...0>
    // sends Z to its rotation's last column.
    for (let i = 0; i < vecs.length; i += 4) {
      vecs[i] = vecs[i + 1] = 1;
      vecs[i + 2] = vecs[i + 3] = 0;
    }
    const first = product ? (p.steps[0] as Extract<PauliStep, { kind: 'rotate' }>) : null;
    for (const g of first?.step.gates ?? []) {
      for (let b = 0; b < batch; b++) {
        const o = rotOffset(g, batch, b);
        const v = (b * n + g.wire) * 4;
        vecs[v + 1] = rots[o + 8];
        vecs[v + 2] = rots[o + 2];
        vecs[v + 3] = rots[o + 5];
      }
    }
    pauliProduct(ket, batch, n, vecs);
    if (first !== null) record(ws, 0);
    for (let i = first === null ? 0 : 1; i < p.steps.length; i++) {
      apply(ws, p.steps[i]);
      record(ws, i);
    }
  };

  const apply = (ws: PauliWorkspace, step: PauliStep): void => {
    if (step.kind === 'rotate') {
      for (const g of step.step.gates) ws.rotate(stride(g.wire), rotOffset(g, ws.batch, 0), g.perSample ? 9 : 0);
    } else if (step.kind === 'permute') {
      ws.permute(false, step.permutation);
    } else {
      pauliScale(ws.ket, ws.batch, len, stride(step.wire), step.c);
    }
  };

  return {
    plan,
    qubits: n,
    bytesPerSample: len * 16,
    chunkBytes: 1 << 20,
    tapeable: true,
    workspace: (batch) => new PauliWorkspace(p, batch, sparseLists()),
    run(ws, values, shift) {
      computeMatrices(plan, ws, values, shift);
      rotations(ws);
      forward(ws);
    },
    expvalZ(ws, out, oo) {
      for (let b = 0; b < ws.batch; b++) {
        for (let i = 0; i < n; i++) out[oo + b * n + i] = p.measureScale[i] * ws.ket[b * len + stride(i)];
      }
    },
    probabilities(ws, out, oo) {
      // p(k) = 2^-n Σ_S r[Z_S] (-1)^|k∧S|: a Walsh-Hadamard transform of the entries whose digits are I or Z.
      const dim = 1 << n;
      const h = ws.scratch;
      for (let b = 0; b < ws.batch; b++) {
        for (let S = 0; S < dim; S++) {
          let index = 0;
          for (let q = 0; q < n; q++) if ((S >> (n - 1 - q)) & 1) index += stride(q);
          let scale = 1;
          for (let q = 0; q < n; q++) if ((S >> (n - 1 - q)) & 1) scale *= p.measureScale[q];
          h[S] = scale * ws.ket[b * len + index];
        }
        for (let half = 1; half < dim; half *= 2) {
          for (let i = 0; i < dim; i += 2 * half) {
            for (let j = i; j < i + half; j++) {
              const a = h[j];
              const c = h[j + half];
              h[j] = a + c;
              h[j + half] = a - c;
            }
          }
        }
        for (let k = 0; k < dim; k++) out[oo + b * dim + k] = Math.max(0, h[k] / dim);
      }
    },
    vjp(ws, values, cot, sink, ready) {
      // Nothing before the first differentiable rotation is needed.
      const first = p.steps.findIndex((s) => s.kind === 'rotate' && stepWants(s.step, sink));
      if (first < 0) return;
      if (ready) rotations(ws);
      else this.run(ws, values, null);
      const { batch, bra } = ws;
      // E = Σ_i c_i·scale_i·r[Z_i]: the bra is that sparse vector.
      bra.fill(0);
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < n; i++) bra[b * len + stride(i)] = cot[(values.row + b) * n + i] * p.measureScale[i];
      }
      const sa = sparseLists();
      if (sa !== null) sparseWalk(ws, sa, first, values, sink);
      else denseWalk(ws, first, values, sink);
    },
    tapeArrays: (ws) => [sparseLists() === null ? ws.ket : ws.record, ws.mats],
  };

  /** The dense adjoint: every rotation undone on ket and bra with the gradient sums read in the same sweep. */
  function denseWalk(ws: PauliWorkspace, first: number, values: ParamValues, sink: GradientSink): void {
    const { batch, ket, bra } = ws;
    for (let i = p.steps.length - 1; i >= first; i--) {
      const step = p.steps[i];
      if (step.kind === 'permute') {
        // A signed permutation that is its own inverse is its own transpose too.
        ws.permute(false, step.permutation);
        ws.permute(true, step.permutation);
      } else if (step.kind === 'scale') {
        pauliScale(ket, batch, len, stride(step.wire), 1 / step.c);
        pauliScale(bra, batch, len, stride(step.wire), step.c);
      } else {
        const initial = i === 0 && product;
        step.step.gates.forEach((g, k) => {
          const wanted = wants(g, sink);
          if (!wanted && initial) return;
          ws.adjoint(stride(g.wire), rotOffset(g, batch, 0), g.perSample ? 9 : 0, !initial, 1 / step.scale[k] ** 2);
          if (wanted) distribute(g, ws, values, sink);
        });
      }
    }
  }

  /** The sparse adjoint (pauli-sparse.ts): the bra walks back over the plan's index lists, the ket is the record. */
  function sparseWalk(
    ws: PauliWorkspace,
    sa: SparseAdjoint,
    first: number,
    values: ParamValues,
    sink: GradientSink,
  ): void {
    const { batch, bra, record, acc, rots } = ws;
    for (let k = p.steps.length - 1; k >= first; k--) {
      const step = p.steps[k];
      if (step.kind === 'permute') {
        const nonzero = sa.active.get(k)!;
        for (let b = 0; b < batch; b++)
          sparsePermute(nonzero, step.permutation.perm, step.permutation.sign, bra, b * len, ws.moving);
      } else if (step.kind === 'scale') {
        const s = stride(step.wire);
        for (const i of sa.active.get(k)!) {
          if (Math.floor(i / s) % 4 === 0) continue;
          for (let b = 0; b < batch; b++) bra[b * len + i] *= step.c;
        }
      } else {
        const reads = sa.read.get(k)!;
        const starts = sa.offsets.get(k)!;
        step.step.gates.forEach((g, j) => {
          if (!wants(g, sink)) return;
          for (let b = 0; b < batch; b++)
            sparseSums(reads[j], stride(g.wire), record, b * sa.recordSize + starts[j], bra, b * len, acc, 4 * b);
          distribute(g, ws, values, sink);
        });
        if (k === first) break;
        const undos = sa.undo.get(k)!;
        step.step.gates.forEach((g, j) => {
          for (let b = 0; b < batch; b++)
            sparseUndo(undos[j], stride(g.wire), rots, rotOffset(g, batch, b), bra, b * len);
        });
      }
    }
  }
}
