import type { EpochRecord } from '../train/epoch-loop.js';

/** A unit of work of a run. Teachers come first, then one oracle per scenario, then every method. */
export type Job =
  | { kind: 'teacher'; seed: number }
  | { kind: 'oracle'; seed: number; scenario: string }
  | { kind: 'method'; seed: number; scenario: string; method: string };

/** A stable, readable job name, e.g. `seed 0 · subset · ga`. */
export function jobLabel(job: Job): string {
  if (job.kind === 'teacher') return `seed ${job.seed} · teacher`;
  if (job.kind === 'oracle') return `seed ${job.seed} · ${job.scenario} · oracle`;
  return `seed ${job.seed} · ${job.scenario} · ${job.method}`;
}

/** Progress of a running job, as sent to the progress display. */
export interface JobProgress {
  job: Job;
  epoch: EpochRecord;
  maxEpochs: number;
}

/** What a teacher or oracle job reports. */
export interface TrainingSummary {
  kind: 'teacher' | 'oracle';
  seed: number;
  scenario?: string;
  trainAccuracy: number;
  /** Best selection score (accuracy, or minus the loss, on the selection rows), null without selection. */
  selectScore: number | null;
  testAccuracy: number;
  epochs: number;
  bestEpoch: number;
  seconds: number;
  log: EpochRecord[];
}

/** What a method job reports: its metrics row (also written to disk) and its training log. */
export interface MethodSummary {
  kind: 'method';
  seed: number;
  scenario: string;
  method: string;
  row: Record<string, unknown>;
  log: EpochRecord[];
}

/** The result of any job. */
export type JobResult = TrainingSummary | MethodSummary;
