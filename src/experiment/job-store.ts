import type { BlockModel } from '../models/block-model.js';
import type { CheckpointContent } from '../models/node/checkpoint.js';
import { captureState, type ModelState } from '../models/state.js';
import { jobLabel, type JobResult, type StudyJob } from './jobs.js';
import type { PreparedData } from './prepared-data.js';

/** A teacher or oracle job: the jobs whose models other jobs start from. */
export type ReferenceJob = StudyJob & { kind: 'teacher' | 'oracle' };

/**
 * Where a run keeps what its study jobs produce: the trained model and the job's result. A run folder on disk
 * (checkpoints and result files, what `--resume` relies on) in Node; memory in the browser. Jobs compute the same
 * numbers whichever store holds them: states round-trip exactly through either.
 */
export interface JobStore {
  /** Keeps a finished job's model (with what its checkpoint records) and its result; the job is done from then on. */
  save(job: StudyJob, model: BlockModel, content: CheckpointContent, result: JobResult): void;
  /** The trained state of a finished teacher or oracle, checked to belong to this run's data. */
  state(job: ReferenceJob, data: PreparedData): ModelState;
  /** The result of a finished job, or null when it has not finished. */
  result(job: StudyJob): JobResult | null;
}

/** A store in memory (the browser's): states and results by job, gone with the store. */
export function memoryJobStore(): JobStore {
  const states = new Map<string, ModelState>();
  const results = new Map<string, JobResult>();
  return {
    save(job, model, _content, result) {
      states.set(jobLabel(job), captureState(model));
      results.set(jobLabel(job), result);
    },
    state(job) {
      const s = states.get(jobLabel(job));
      if (s === undefined) throw new Error(`${jobLabel(job)} has not finished: its model is not in the store`);
      return s;
    },
    result: (job) => results.get(jobLabel(job)) ?? null,
  };
}
