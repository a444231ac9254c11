import { captureState, restoreState, type ModelState } from '../models/state.js';
import type { Module } from '../models/module.js';

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
  /** Score of the selection criterion after this epoch (accuracy on the selection split), if any. */
  selectScore: number | null;
  /** True when this epoch became the best so far (its state is the one restored at the end). */
  improved: boolean;
  seconds: number;
}

/** How the epoch loop chooses and stops. */
export interface EpochLoopOptions {
  maxEpochs: number;
  /** Stop after this many epochs without a strict improvement of the selection score. */
  patience: number;
  /** Selection score after an epoch (higher is better); omit to keep the last epoch and never stop early. */
  selectScore?: () => number;
  onEpoch?: (record: EpochRecord) => void;
}

/** Outcome of the loop. */
export interface EpochLoopResult {
  log: EpochRecord[];
  bestEpoch: number;
  bestScore: number | null;
  stoppedEarly: boolean;
  seconds: number;
}

/**
 * The one epoch loop every trainer and unlearning method shares: run a pass, score it, keep the state of the best
 * epoch (strict improvement only; the untrained epoch 0 is never a candidate, as in the reference), stop after
 * `patience` epochs without improvement, and restore the best state at the end.
 */
export function runEpochLoop(model: Module, pass: (epoch: number) => PassStats, options: EpochLoopOptions): EpochLoopResult {
  const log: EpochRecord[] = [];
  const started = performance.now();
  let best: ModelState | null = null;
  let bestScore = -Infinity;
  let bestEpoch = 0;
  let sinceBest = 0;
  let stoppedEarly = false;
  for (let epoch = 1; epoch <= options.maxEpochs; epoch++) {
    const t0 = performance.now();
    const stats = pass(epoch);
    const score = options.selectScore ? options.selectScore() : null;
    const improved = score === null ? true : score > bestScore;
    if (improved) {
      bestScore = score ?? bestScore;
      bestEpoch = epoch;
      sinceBest = 0;
      if (score !== null) best = captureState(model);
    } else {
      sinceBest++;
    }
    const record: EpochRecord = { epoch, ...stats, selectScore: score, improved, seconds: (performance.now() - t0) / 1000 };
    log.push(record);
    options.onEpoch?.(record);
    if (score !== null && sinceBest >= options.patience) {
      stoppedEarly = epoch < options.maxEpochs;
      break;
    }
  }
  if (best !== null) restoreState(model, best);
  return { log, bestEpoch, bestScore: options.selectScore ? bestScore : null, stoppedEarly, seconds: (performance.now() - started) / 1000 };
}
