/** The epoch-selection policies: which state a training run returns, and when it may stop early. */
export const SELECTION_POLICIES = ['forget-target', 'utility', 'last'] as const;

/** Name of a selection policy (see {@link SelectionPolicy}). */
export type SelectionPolicyName = (typeof SELECTION_POLICIES)[number];

/**
 * Where the forget set stands against data the model never saw, after one epoch. `loss`: the forget rows' mean
 * loss against held-out rows of the same classes (two-sided: too low is remembered, too high is anti-learned);
 * `accuracy`: accuracy on forgotten classes against the level of a model that never saw them (one-sided).
 */
export interface TargetCheck {
  measure: 'loss' | 'accuracy';
  value: number;
  target: number;
  tolerance: number;
  /** How far the value is from the target (0 on it); what "closest to the target" minimises. */
  distance: number;
  reached: boolean;
}

/** What the loop records about one epoch for selection. */
export interface EpochScore {
  /** Retained utility, higher is better (minus the validation loss, or an accuracy); null when not measured. */
  utility: number | null;
  target: TargetCheck | null;
}

/** Decides, epoch by epoch, which state a run keeps and whether it may stop early. */
export interface SelectionPolicy {
  readonly name: SelectionPolicyName;
  /** Measures the model after an epoch. */
  score(): EpochScore;
  /** True when an epoch with score `candidate` should replace the kept one (strictly better). */
  prefer(candidate: EpochScore, kept: EpochScore): boolean;
  /** Whether `patience` epochs without a preferred one end the run. */
  readonly stopsEarly: boolean;
  /** True when every epoch is preferred to the ones before it (the last epoch is returned; no state is kept). */
  readonly keepsLast: boolean;
}

const better = (a: number | null, b: number | null): boolean => a !== null && (b === null || a > b);

/**
 * Builds a policy around `measure`, which scores the model after each epoch. `utility` keeps the epoch with the best
 * retained utility (the reference's rule; with nothing to measure it keeps the last epoch). `last` runs the whole budget and keeps the last epoch. `forget-target`
 * keeps, among epochs whose forget set reached the target, the one with the best utility; when none reached it, the
 * epoch closest to the target (utility breaks ties). Its early stopping counts epochs that bring neither the target
 * closer nor, once reached, a better utility, so a run never stops while it is still approaching the target.
 */
export function makeSelectionPolicy(name: SelectionPolicyName, measure?: () => EpochScore): SelectionPolicy {
  const score = measure ?? ((): EpochScore => ({ utility: null, target: null }));
  const latest = { name, score, prefer: () => true, stopsEarly: false, keepsLast: true };
  if (name === 'last' || (name === 'utility' && measure === undefined)) return latest;
  if (name === 'utility')
    return { name, score, prefer: (c, k) => better(c.utility, k.utility), stopsEarly: true, keepsLast: false };
  return {
    name,
    score,
    prefer(c, k) {
      if (c.target === null || k.target === null) return better(c.utility, k.utility);
      if (c.target.reached !== k.target.reached) return c.target.reached;
      if (c.target.reached) return better(c.utility, k.utility);
      return (
        c.target.distance < k.target.distance ||
        (c.target.distance === k.target.distance && better(c.utility, k.utility))
      );
    },
    stopsEarly: true,
    keepsLast: false,
  };
}
