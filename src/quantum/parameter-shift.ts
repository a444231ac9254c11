import { isChannel, type Circuit } from './circuit.js';
import type { Shift } from './execute.js';
import { GATES, type GateName, type ShiftTerm } from './gates.js';
import type { GradientSink } from './adjoint.js';

/** One trainable or input parameter occurrence of a circuit, with its gate's shift rule. */
export interface ShiftOccurrence {
  readonly op: number;
  readonly slot: number;
  readonly kind: 'input' | 'weight';
  readonly index: number;
  readonly rule: readonly ShiftTerm[];
}

/** The occurrences to differentiate: every gate parameter read from an input (if wanted) or a weight (if wanted). */
export function shiftOccurrences(circuit: Circuit, wantInputs: boolean, wantWeights: boolean): ShiftOccurrence[] {
  const out: ShiftOccurrence[] = [];
  circuit.ops.forEach((op, index) => {
    if (isChannel(op)) return;
    const gate = GATES[op.name as GateName];
    op.params.forEach((p, slot) => {
      if ((p.kind === 'input' && wantInputs) || (p.kind === 'weight' && wantWeights)) {
        out.push({ op: index, slot, kind: p.kind, index: p.index, rule: gate.shiftRule! });
      }
    });
  });
  return out;
}

/**
 * Parameter-shift derivatives: for each occurrence, d⟨Z⟩/dθ = Σ_t c_t·⟨Z⟩(θ + s_t), each term one batched
 * evaluation of the circuit with only that occurrence shifted (so an input read by several gates is differentiated
 * once per gate, and the chain rule sums them). `use` receives the [batch, n] derivative of each occurrence; the
 * buffer is reused. With shots every evaluation draws its own samples.
 */
export function parameterShiftDerivatives(
  occurrences: readonly ShiftOccurrence[],
  evaluate: (shift: Shift) => Float64Array,
  size: number,
  use: (occurrence: ShiftOccurrence, derivative: Float64Array) => void,
): void {
  const d = new Float64Array(size);
  for (const occ of occurrences) {
    d.fill(0);
    for (const [c, s] of occ.rule) {
      const e = evaluate({ op: occ.op, slot: occ.slot, delta: s });
      for (let i = 0; i < size; i++) d[i] += c * e[i];
    }
    use(occ, d);
  }
}

/** Vector-Jacobian product by parameter shift: adds Σ_i c[b,i]·∂⟨Z_i⟩_b/∂θ into the sink's per-sample rows. */
export function parameterShiftVjp(
  circuit: Circuit,
  evaluate: (shift: Shift) => Float64Array,
  batch: number,
  cot: Float64Array,
  sink: GradientSink,
): void {
  const n = circuit.qubits;
  const occurrences = shiftOccurrences(circuit, sink.inputs !== null, sink.weights !== null);
  parameterShiftDerivatives(occurrences, evaluate, batch * n, (occ, d) => {
    const target = occ.kind === 'input' ? sink.inputs! : sink.weights!;
    const width = occ.kind === 'input' ? sink.numInputs : sink.numWeights;
    for (let b = 0; b < batch; b++) {
      let g = 0;
      for (let i = 0; i < n; i++) g += cot[b * n + i] * d[b * n + i];
      target[b * width + occ.index] += g;
    }
  });
}
