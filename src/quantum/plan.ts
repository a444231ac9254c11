import { isChannel, validateCircuit, type Circuit, type ParamSource } from './circuit.js';
import { GATES, type GateDef } from './gates.js';

/** One single-qubit gate of the circuit inside a fused block: the circuit op it came from and its parameters. */
export interface PlanRotation {
  readonly op: number;
  readonly gate: GateDef;
  readonly params: readonly ParamSource[];
  /** Some parameter is an input feature, so the matrix differs per sample. */
  readonly perSample: boolean;
}

function rotation(op: number, gate: GateDef, params: readonly ParamSource[]): PlanRotation {
  return { op, gate, params, perSample: params.some((p) => p.kind === 'input') };
}

/**
 * A run of single-qubit gates on one wire fused into one 2x2 matrix U = R_m···R_1 (rotations[0] = R_1 acts
 * first). `unit` indexes its matrix in the workspace. `conjugate` marks the column copy of a density-matrix plan
 * (it applies U* and carries no gradient of its own: see density.ts).
 */
export interface FusedGate {
  readonly wire: number;
  readonly rotations: readonly PlanRotation[];
  /** The matrix differs per sample (some parameter is an input feature). */
  readonly perSample: boolean;
  readonly conjugate: boolean;
  readonly unit: number;
}

/** One sweep (or a few) over the state. */
export type PlanStep =
  | { readonly kind: 'local'; readonly gates: readonly FusedGate[] }
  | { readonly kind: 'diagonal'; readonly diag: Float64Array }
  | { readonly kind: 'controlled'; readonly control: number; readonly gate: FusedGate }
  | { readonly kind: 'swap'; readonly a: number; readonly b: number }
  | { readonly kind: 'depolarizing'; readonly wires: readonly number[]; readonly p: number }
  /** Monte-Carlo trajectories: on each state, the Pauli error it drew for noise slot slots[j] on wires[j]. */
  | { readonly kind: 'pauli'; readonly wires: readonly number[]; readonly slots: readonly number[] };

/**
 * An executable form of a circuit on `wires` wires (n for a statevector, 2n for a vectorised density matrix).
 * When `productStart` is set, the first step is a layer of single-qubit gates on |0…0>, built as a product state.
 */
export interface Plan {
  readonly wires: number;
  /** The longest run of fused rotations (sizes the workspace's per-rotation matrices). */
  readonly maxRotations: number;
  readonly steps: readonly PlanStep[];
  readonly units: number;
  readonly productStart: boolean;
}

/** The ±1 diagonal of a set of CZ-like gates (the product of their `diagonalSigns`). */
function signDiagonal(wires: number, pairs: ReadonlyArray<readonly [number, number, GateDef]>): Float64Array {
  const amps = 1 << wires;
  const diag = new Float64Array(amps).fill(1);
  for (const [a, b, gate] of pairs) {
    const sa = 1 << (wires - 1 - a);
    const sb = 1 << (wires - 1 - b);
    const signs = gate.diagonalSigns!;
    for (let k = 0; k < amps; k++) diag[k] *= signs[((k & sa) !== 0 ? 2 : 0) + ((k & sb) !== 0 ? 1 : 0)];
  }
  return diag;
}

/**
 * Compiles a circuit: consecutive single-qubit gates on a wire become one fused 2x2 (they are held back while
 * other wires are acted on, since gates on different wires commute), consecutive CZ-like gates become one ±1
 * diagonal, and noise channels on all wires at one point become one step.
 */
export function compilePlan(circuit: Circuit): Plan {
  validateCircuit(circuit);
  const n = circuit.qubits;
  const steps: PlanStep[] = [];
  let pending: PlanRotation[][] = Array.from({ length: n }, () => []);
  let diagPairs: Array<[number, number, GateDef]> = [];
  let units = 0;
  const fused = (wire: number, rotations: PlanRotation[]): FusedGate => ({
    wire,
    rotations,
    perSample: rotations.some((r) => r.perSample),
    conjugate: false,
    unit: units++,
  });
  // Held-back gates on a wire always came after the diagonal's gates on that wire, so the diagonal goes first.
  const flush = (): void => {
    if (diagPairs.length > 0) steps.push({ kind: 'diagonal', diag: signDiagonal(n, diagPairs) });
    diagPairs = [];
    const gates = pending.flatMap((rotations, wire) => (rotations.length > 0 ? [fused(wire, rotations)] : []));
    if (gates.length > 0) steps.push({ kind: 'local', gates });
    pending = Array.from({ length: n }, () => []);
  };
  circuit.ops.forEach((op, index) => {
    if (isChannel(op)) {
      flush();
      const p = op.params[0].kind === 'const' ? op.params[0].value : 0;
      const last = steps[steps.length - 1];
      if (last?.kind === 'depolarizing' && last.p === p && !last.wires.includes(op.wires[0])) {
        steps[steps.length - 1] = { kind: 'depolarizing', wires: [...last.wires, op.wires[0]], p };
      } else {
        steps.push({ kind: 'depolarizing', wires: [op.wires[0]], p });
      }
      return;
    }
    const gate = GATES[op.name as keyof typeof GATES];
    if (gate.numWires === 1) {
      pending[op.wires[0]].push(rotation(index, gate, op.params));
      return;
    }
    const [a, b] = op.wires;
    if (pending[a].length > 0 || pending[b].length > 0) flush();
    if (gate.diagonalSigns !== null) {
      diagPairs.push([a, b, gate]);
      return;
    }
    flush();
    if (gate.kind === 'swap') steps.push({ kind: 'swap', a, b });
    else
      steps.push({ kind: 'controlled', control: a, gate: fused(b, [rotation(index, GATES[gate.target!], op.params)]) });
  });
  flush();
  const gates = steps.flatMap((s) => (s.kind === 'local' ? s.gates : s.kind === 'controlled' ? [s.gate] : []));
  const maxRotations = Math.max(1, ...gates.map((g) => g.rotations.length));
  return { wires: n, maxRotations, steps, units, productStart: steps[0]?.kind === 'local' };
}
