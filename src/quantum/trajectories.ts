import type { Rng } from '../core/random.js';
import type { Plan, PlanStep } from './plan.js';

/**
 * Monte-Carlo trajectories of depolarizing noise: each channel ρ -> (1-p)ρ + p/3 (XρX + YρY + ZρZ) becomes, on each
 * simulated statevector, a Pauli error drawn with those probabilities (a "noise slot"). The average of ⟨Z⟩ over
 * trajectories is an unbiased estimate of the noisy expectation, with standard error s/√T; since the errors do not
 * depend on the parameters, the average of the trajectories' gradients is an unbiased estimate of its gradient.
 */

/** A statevector plan with noise slots, and what the simulator needs to draw and undo them. */
export interface TrajectoryPlan {
  readonly plan: Plan;
  /** The depolarizing probability of each noise slot. */
  readonly probabilities: Float64Array;
  /**
   * Slots after a wire's last operation: an X or Y error there only flips that wire's ⟨Z⟩ (and its measured bit),
   * so these are applied to the outputs instead of to the states.
   */
  readonly trailing: ReadonlyArray<readonly number[]>;
}

/**
 * Replaces the depolarizing steps of a statevector plan by noise slots: each wire's slots wait until the next step
 * that acts on the wire and are applied just before it, as one 'pauli' step that touches only the states that drew
 * an error. Gates stay shared by the batch, so a trajectory costs about what a noiseless sample does.
 */
export function trajectoryPlan(plan: Plan): TrajectoryPlan {
  const n = plan.wires;
  const steps: PlanStep[] = [];
  const probabilities: number[] = [];
  const pending: number[][] = Array.from({ length: n }, () => []);
  const flush = (wires: readonly number[]): void => {
    const ws = wires.flatMap((w) => pending[w].map(() => w));
    const slots = wires.flatMap((w) => pending[w]);
    for (const w of wires) pending[w] = [];
    if (slots.length > 0) steps.push({ kind: 'pauli', wires: ws, slots });
  };
  const all = Array.from({ length: n }, (_v, w) => w);
  for (const step of plan.steps) {
    if (step.kind === 'depolarizing') {
      for (const w of step.wires) {
        pending[w].push(probabilities.length);
        probabilities.push(step.p);
      }
      continue;
    }
    if (step.kind === 'local') flush(step.gates.map((g) => g.wire));
    else if (step.kind === 'controlled') flush([step.control, step.gate.wire]);
    else if (step.kind === 'swap') flush([step.a, step.b]);
    else flush(all);
    steps.push(step);
  }
  return {
    plan: { ...plan, steps, productStart: steps[0]?.kind === 'local' },
    probabilities: Float64Array.from(probabilities),
    trailing: pending,
  };
}

/** Draws every state's errors, slot-major within a state: 1, 2, 3 (X, Y, Z) with probability p/3 each, else 0. */
export function drawErrors(rng: Rng, states: number, probabilities: Float64Array): Uint8Array {
  const slots = probabilities.length;
  const out = new Uint8Array(states * slots);
  for (let s = 0; s < states; s++) {
    for (let k = 0; k < slots; k++) {
      const p = probabilities[k];
      const u = rng.uniform();
      out[s * slots + k] = u < p ? 1 + Math.min(2, Math.floor((3 * u) / p)) : 0;
    }
  }
  return out;
}

/** Per state, the bit mask of wires whose trailing errors flip ⟨Z⟩ (an odd number of X or Y errors), wire 0 = MSB. */
export function trailingFlips(t: TrajectoryPlan, errors: Uint8Array, states: number): Int32Array {
  const n = t.plan.wires;
  const slots = t.probabilities.length;
  const out = new Int32Array(states);
  for (let s = 0; s < states; s++) {
    let mask = 0;
    t.trailing.forEach((list, w) => {
      let flips = 0;
      for (const k of list) {
        const e = errors[s * slots + k];
        if (e === 1 || e === 2) flips++;
      }
      if (flips % 2 === 1) mask |= 1 << (n - 1 - w);
    });
    out[s] = mask;
  }
  return out;
}

/** Each sample's row of `width` numbers repeated `count` times (its trajectories' rows), optionally scaled per state. */
export function repeatRows(rows: Float64Array, batch: number, width: number, count: number): Float64Array {
  const out = new Float64Array(batch * count * width);
  for (let b = 0; b < batch; b++) {
    const row = rows.subarray(b * width, (b + 1) * width);
    for (let t = 0; t < count; t++) out.set(row, (b * count + t) * width);
  }
  return out;
}

/**
 * Means and standard errors s/√T over each sample's T trajectories of per-state ⟨Z⟩ values [states, n], with the
 * trailing flips applied.
 */
export function averageTrajectories(
  perState: Float64Array,
  flips: Int32Array,
  batch: number,
  count: number,
  n: number,
): { means: Float64Array; standardErrors: Float64Array } {
  const means = new Float64Array(batch * n);
  const standardErrors = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      let squares = 0;
      for (let t = 0; t < count; t++) {
        const s = b * count + t;
        const v = (flips[s] >> (n - 1 - i)) & 1 ? -perState[s * n + i] : perState[s * n + i];
        sum += v;
        squares += v * v;
      }
      const mean = sum / count;
      means[b * n + i] = mean;
      standardErrors[b * n + i] = Math.sqrt(Math.max(0, squares - count * mean * mean) / (count - 1) / count);
    }
  }
  return { means, standardErrors };
}

/** Per-state cotangents of the mean over trajectories: each sample's cotangent / T, with the trailing flips. */
export function trajectoryCotangents(
  cot: Float64Array,
  flips: Int32Array,
  batch: number,
  count: number,
  n: number,
): Float64Array {
  const out = new Float64Array(batch * count * n);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < count; t++) {
      const s = b * count + t;
      for (let i = 0; i < n; i++) out[s * n + i] = (((flips[s] >> (n - 1 - i)) & 1 ? -1 : 1) * cot[b * n + i]) / count;
    }
  }
  return out;
}

/** Sums each sample's T trajectory rows of `width` numbers (per-state gradients) into one row. */
export function sumTrajectoryRows(
  perState: Float64Array,
  batch: number,
  count: number,
  width: number,
  out: Float64Array,
): void {
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < count; t++) {
      const from = (b * count + t) * width;
      for (let j = 0; j < width; j++) out[b * width + j] += perState[from + j];
    }
  }
}
