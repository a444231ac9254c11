import type { Rng } from '../core/random.js';
import type { LabeledData } from '../train/labeled-data.js';
import { scratch } from '../core/workspace.js';

/**
 * Labels for a union of retain and forget rows where every forget row gets a random *wrong* class, drawn afresh
 * from `rng` (one draw per forget row); retain rows keep their labels. Used by RL and SalUn.
 */
export function randomWrongLabels(
  data: LabeledData,
  forget: Int32Array,
  classes: number,
  rng: Rng,
): Map<number, number> {
  const labels = new Map<number, number>();
  for (const r of forget) {
    const truth = data.labels[r];
    const k = rng.int(classes - 1);
    labels.set(r, k >= truth ? k + 1 : k);
  }
  return labels;
}

/** The labels of a batch, taking overrides (relabelled forget rows) where present (recycled inside a step scope). */
export function labelsWithOverrides(data: LabeledData, rows: Int32Array, overrides: Map<number, number>): Int32Array {
  const out = scratch(Int32Array, rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = overrides.get(rows[i]) ?? data.labels[rows[i]];
  return out;
}

/** Retain and forget rows as one set (the loader of RL, SalUn and Bad Teacher). */
export function unionRows(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
