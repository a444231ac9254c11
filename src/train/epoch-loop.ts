import { captureState, restoreState, type ModelState } from '../models/state.js';
import type { Module } from '../models/module.js';
import type { EpochScore, SelectionPolicy, SelectionPolicyName, TargetCheck } from './selection.js';

/** What one training pass reports. */
export interface PassStats {
  /** Mean loss over the pass's optimisation steps. */
  loss: number;
  steps: number;
  /** Accuracy on the batches seen during the pass (train mode), when the pass tracks it. */
  trainAccuracy?: number;
}

/** One line of the per-epoch log. */
export interface EpochRecord extends PassStats {
  epoch: number;
  /** Retained utility after this epoch (minus the validation loss, or an accuracy), if measured. */
  selectScore: number | null;
  /** Where the forget set stood against its target after this epoch, if the policy measures it. */
  target?: TargetCheck | null;
  /** True when this epoch became the kept state (the one returned unless a later epoch replaces it). */
  improved: boolean;
  seconds: number;
}

/** How the epoch loop chooses and stops. */
export interface EpochLoopOptions {
  maxEpochs: number;
  /** With a policy that stops early: stop after this many epochs in a row that the policy does not prefer. */
  patience: number;
  /** Which epoch to keep; omit to keep the last epoch and never stop early. */
  policy?: SelectionPolicy;
  onEpoch?: (record: EpochRecord) => void;
}

/** Outcome of the loop. */
export interface EpochLoopResult {
  log: EpochRecord[];
  /** The policy in force, null when none was (the last epoch is kept). */
  policy: SelectionPolicyName | null;
  /** The epoch whose state the model holds at the end (1-based). */
  selectedEpoch: number;
  /** The selected epoch's scores, null without a policy. */
  selected: EpochScore | null;
  stoppedEarly: boolean;
  seconds: number;
}

/**
 * The one epoch loop every trainer and unlearning method shares: run a pass, let the policy score it and decide
 * whether it replaces the kept state (the untrained epoch 0 is never a candidate, as in the reference), stop after
 * `patience` epochs the policy did not prefer (when it stops early), and restore the kept state at the end.
 */
export function runEpochLoop(
  model: Module,
  pass: (epoch: number) => PassStats,
  options: EpochLoopOptions,
): EpochLoopResult {
  const { policy } = options;
  const log: EpochRecord[] = [];
  const started = performance.now();
  let kept: { epoch: number; score: EpochScore; state: ModelState | null } | null = null;
  let sinceKept = 0;
  let stoppedEarly = false;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    const t0 = performance.now();
    const stats = pass(epoch);
    const score = policy?.score() ?? { utility: null, target: null };
    const improved = kept === null || policy === undefined || policy.prefer(score, kept.score);
    if (improved) {
      const needState = policy !== undefined && !policy.keepsLast && epoch < options.maxEpochs;
      kept = { epoch, score, state: needState ? captureState(model) : null };
      sinceKept = 0;
    } else {
      sinceKept++;
    }
    const record: EpochRecord = {
      epoch,
      ...stats,
      selectScore: score.utility,
      target: score.target,
      improved,
      seconds: (performance.now() - t0) / 1000,
    };
    log.push(record);
    options.onEpoch?.(record);
    if (policy?.stopsEarly === true && sinceKept >= options.patience) {
      stoppedEarly = epoch < options.maxEpochs;
      break;
    }
  }
  if (kept !== null && kept.state !== null && kept.epoch !== log.length) restoreState(model, kept.state);
  return {
    log,
    policy: policy?.name ?? null,
    selectedEpoch: kept?.epoch ?? 0,
    selected: policy === undefined ? null : (kept?.score ?? null),
    stoppedEarly,
    seconds: (performance.now() - started) / 1000,
  };
}
