import { DIGIT, pauliStride, type PauliPlan } from './pauli-basis.js';

/**
 * The adjoint method in the Pauli basis with a sparse bra. The bra is the observable H = Σ c_i Z_i carried back
 * through the circuit (the Heisenberg picture): at the end it has n entries, and each rotation or CZ layer undone
 * spreads it only over strings of low weight, so for shallow circuits it stays far smaller than 4^n. Gradients of a
 * rotation on wire q need the ket's Bloch components only in the groups of q where the bra is non-zero, and since
 * the gates of one step act on different wires, all of a step's gradients can be read at the step's output. So the
 * forward pass records those few ket entries after each rotation step, and the VJP walks the bra back over index
 * lists computed once per plan, without a dense sweep: it costs a small fraction of the forward pass.
 *
 * The lists come from a symbolic pass (which entries can be non-zero, whatever the angles and cotangents); when
 * they grow beyond about one state per sample (deep circuits), the dense adjoint runs instead.
 */
export interface SparseAdjoint {
  /** Per rotate step (by index in the Pauli plan), per gate: the groups whose ket components are recorded. */
  readonly read: ReadonlyMap<number, readonly Int32Array[]>;
  /** Per rotate step, per gate: the groups the bra occupies when that gate is undone (after the step's later gates). */
  readonly undo: ReadonlyMap<number, readonly Int32Array[]>;
  /** Per permute or scale step: the bra's non-zero entries at the step's output. */
  readonly active: ReadonlyMap<number, Int32Array>;
  /** Where each rotate step's gates' records start within a sample's record (3 numbers per group: x, y, z). */
  readonly offsets: ReadonlyMap<number, readonly number[]>;
  /** Numbers recorded per sample. */
  readonly recordSize: number;
}

/** Group bases (index with wire q's digit = I) of q-groups with a non-zero X, Y or Z entry in `mask`. */
function groupsOf(mask: Uint8Array, len: number, s: number): Int32Array {
  const out: number[] = [];
  for (let base = 0; base < len; base += 4 * s) {
    for (let k = base; k < base + s; k++) {
      if (mask[k + DIGIT.Z * s] || mask[k + DIGIT.X * s] || mask[k + DIGIT.Y * s]) out.push(k);
    }
  }
  return Int32Array.from(out);
}

let mode: 'auto' | 'dense' | 'sparse' = 'auto';

/**
 * Forces the dense or the sparse adjoint, or lets the size decide ('auto', the default); for tests and benchmarks.
 * The choice is made when a simulator lays out its first workspace.
 */
export function setPauliAdjoint(choice: 'auto' | 'dense' | 'sparse'): void {
  mode = choice;
}

/**
 * The index lists of a plan, or null when they would hold more than `budget` entries per sample (or the dense
 * adjoint is forced).
 */
export function sparseAdjoint(p: PauliPlan, budget: number): SparseAdjoint | null {
  if (mode === 'dense') return null;
  if (mode === 'sparse') budget = Infinity;
  const n = p.plan.wires;
  const len = 4 ** n;
  let mask = new Uint8Array(len);
  for (let i = 0; i < n; i++) mask[DIGIT.Z * pauliStride(n, i)] = 1;
  const read = new Map<number, Int32Array[]>();
  const undo = new Map<number, Int32Array[]>();
  const active = new Map<number, Int32Array>();
  const offsets = new Map<number, number[]>();
  let entries = 0;
  const sizes: Array<[number, number]> = [];
  for (let k = p.steps.length - 1; k >= 0; k--) {
    const step = p.steps[k];
    if (step.kind === 'rotate') {
      const gates = step.step.gates;
      read.set(
        k,
        gates.map((g) => groupsOf(mask, len, pauliStride(n, g.wire))),
      );
      const undone: Int32Array[] = [];
      for (const g of gates) {
        const s = pauliStride(n, g.wire);
        const groups = groupsOf(mask, len, s);
        undone.push(groups);
        for (const b of groups) mask[b + DIGIT.Z * s] = mask[b + DIGIT.X * s] = mask[b + DIGIT.Y * s] = 1;
      }
      undo.set(k, undone);
      const counts = read.get(k)!.map((r) => 3 * r.length);
      sizes.push([k, counts.reduce((a, b) => a + b, 0)]);
      entries += counts.reduce((a, b) => a + b, 0) + undone.reduce((a, u) => a + 3 * u.length, 0);
    } else {
      const nonzero = Int32Array.from(Array.from(mask).flatMap((v, i) => (v ? [i] : [])));
      active.set(k, nonzero);
      entries += nonzero.length;
      if (step.kind === 'permute') {
        const next = new Uint8Array(len);
        for (const i of nonzero) next[step.permutation.perm[i]] = 1;
        mask = next;
      }
    }
    if (entries > budget) return null;
  }
  let at = 0;
  for (const [k] of sizes.reverse()) {
    const starts: number[] = [];
    for (const groups of read.get(k)!) {
      starts.push(at);
      at += 3 * groups.length;
    }
    offsets.set(k, starts);
  }
  return { read, undo, active, offsets, recordSize: at };
}

/** Copies the ket's (x, y, z) at a rotate step's recorded groups into `record` (one sample's record at `ro`). */
export function recordStep(
  sa: SparseAdjoint,
  k: number,
  wires: readonly number[],
  n: number,
  r: Float64Array,
  o: number,
  record: Float64Array,
  ro: number,
): void {
  const groups = sa.read.get(k)!;
  const starts = sa.offsets.get(k)!;
  groups.forEach((list, g) => {
    const s = pauliStride(n, wires[g]);
    let at = ro + starts[g];
    for (const b of list) {
      record[at++] = r[o + b + DIGIT.X * s];
      record[at++] = r[o + b + DIGIT.Y * s];
      record[at++] = r[o + b + DIGIT.Z * s];
    }
  });
}

/**
 * The gradient sums of one gate from the recorded ket and the bra (one sample at `o`), as pauliAdjoint writes
 * them: A = Σ ket × bra over the recorded groups, stored as (A_z/2, -A_z/2, -A_y, A_x) at acc[ao].
 */
export function sparseSums(
  groups: Int32Array,
  s: number,
  record: Float64Array,
  ro: number,
  l: Float64Array,
  o: number,
  acc: Float64Array,
  ao: number,
): void {
  let ax = 0,
    ay = 0,
    az = 0;
  let at = ro;
  for (const b of groups) {
    const rx = record[at++],
      ry = record[at++],
      rz = record[at++];
    const lz = l[o + b + DIGIT.Z * s],
      lx = l[o + b + DIGIT.X * s],
      ly = l[o + b + DIGIT.Y * s];
    ax += ry * lz - rz * ly;
    ay += rz * lx - rx * lz;
    az += rx * ly - ry * lx;
  }
  acc[ao] = az / 2;
  acc[ao + 1] = -az / 2;
  acc[ao + 2] = -ay;
  acc[ao + 3] = ax;
}

/** Multiplies the bra's (x, y, z) in the listed groups by Mᵀ (the 3x3 at m[mo], row-major). */
export function sparseUndo(
  groups: Int32Array,
  s: number,
  m: Float64Array,
  mo: number,
  l: Float64Array,
  o: number,
): void {
  const t00 = m[mo],
    t01 = m[mo + 3],
    t02 = m[mo + 6];
  const t10 = m[mo + 1],
    t11 = m[mo + 4],
    t12 = m[mo + 7];
  const t20 = m[mo + 2],
    t21 = m[mo + 5],
    t22 = m[mo + 8];
  for (const b of groups) {
    const k = o + b;
    const lz = l[k + DIGIT.Z * s],
      lx = l[k + DIGIT.X * s],
      ly = l[k + DIGIT.Y * s];
    l[k + DIGIT.X * s] = t00 * lx + t01 * ly + t02 * lz;
    l[k + DIGIT.Y * s] = t10 * lx + t11 * ly + t12 * lz;
    l[k + DIGIT.Z * s] = t20 * lx + t21 * ly + t22 * lz;
  }
}

/** Applies a signed involution to the bra's listed non-zero entries (one sample at `o`); `scratch` holds their values. */
export function sparsePermute(
  nonzero: Int32Array,
  perm: Int32Array,
  sign: Float64Array,
  l: Float64Array,
  o: number,
  scratch: Float64Array,
): void {
  for (let j = 0; j < nonzero.length; j++) {
    scratch[j] = l[o + nonzero[j]];
    l[o + nonzero[j]] = 0;
  }
  for (let j = 0; j < nonzero.length; j++) l[o + perm[nonzero[j]]] = sign[nonzero[j]] * scratch[j];
}
