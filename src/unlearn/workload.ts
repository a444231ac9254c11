import type { PairingMode } from './context.js';

/**
 * What a method's workload estimate may read: the sizes of the scenario's sets and how paired loops iterate. The
 * estimate only orders a run's jobs (longest first, so that no long job starts last); no result depends on it.
 */
export interface WorkloadSizes {
  retain: number;
  forget: number;
  classes: number;
  pairing: PairingMode;
}

/**
 * Rows one epoch of a paired retain/forget loop visits (both loaders, a batch of each per step): the reference's
 * `zip` stops at the shorter loader, `cycle` visits every batch of the longer one.
 */
export function pairedRows(sizes: WorkloadSizes): number {
  const { retain, forget, pairing } = sizes;
  if (retain === 0 || forget === 0) return 0;
  return 2 * (pairing === 'zip' ? Math.min(retain, forget) : Math.max(retain, forget));
}

/** Forward passes cost about a third of a forward + backward pass: the unit of the estimates. */
export const FORWARD_ONLY = 1 / 3;

/**
 * A gradient of one row on its own (per-sample clipping, Fisher diagonals) costs about five rows' share of a batched
 * forward + backward pass (fitted to the MNIST job times of langevin-all and fisher-forgetting).
 */
export const PER_SAMPLE = 5;

/**
 * One noisy step of a linear head on cached features, per row: about a fiftieth of a pass through the model (fitted
 * to the MNIST job times of langevin).
 */
export const HEAD_STEP = 1 / 50;
