import type { EpochRecord } from '../train/epoch-loop.js';

/**
 * A unit of work of a run. Teachers come first, then one oracle per scenario, then every method. An audit adds,
 * per model index, a retrained model per scenario and the unlearned models of every method and scenario.
 */
export type Job =
  | { kind: 'teacher'; seed: number }
  | { kind: 'oracle'; seed: number; scenario: string }
  | { kind: 'method'; seed: number; scenario: string; method: string }
  | AuditJob;

/** The jobs of a study (everything but the audit's). */
export type StudyJob = Exclude<Job, AuditJob>;

/** The audit's jobs: retrained model `model` of a scenario, and every method's unlearned model `model`. */
export type AuditJob =
  | { kind: 'audit-retrained'; seed: number; scenario: string; model: number }
  | { kind: 'audit-unlearned'; seed: number; model: number };

/** A stable, readable job name, e.g. `seed 0 · subset · ga` or `seed 0 · audit · class-0 · retrained 7`. */
export function jobLabel(job: Job): string {
  if (job.kind === 'teacher') return `seed ${job.seed} · teacher`;
  if (job.kind === 'oracle') return `seed ${job.seed} · ${job.scenario} · oracle`;
  if (job.kind === 'audit-retrained') return `seed ${job.seed} · audit · ${job.scenario} · retrained ${job.model}`;
  if (job.kind === 'audit-unlearned') return `seed ${job.seed} · audit · unlearned ${job.model}`;
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

/** What an audit job reports (its model record is on disk, not in memory, so memory stays flat in N). */
export interface AuditJobSummary {
  kind: 'audit';
  seed: number;
  model: number;
  /** Seconds of training and unlearning in the job. */
  seconds: number;
}

/** The result of any job. */
export type JobResult = TrainingSummary | MethodSummary | AuditJobSummary;

/** What a run (or an audit) reports while it goes; `stage` names the part of a run a plan belongs to. */
export type RunEvent =
  | { type: 'planned'; total: number; done: number; stage?: 'study' | 'audit' }
  | { type: 'started'; job: Job }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'finished'; job: Job; result: JobResult; resumed: boolean }
  | { type: 'failed'; job: Job; message: string };
