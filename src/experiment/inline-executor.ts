import { QunlearnError } from '../core/errors.js';
import type { ExecutionEnv } from './job-env.js';
import type { Job, JobProgress, JobResult } from './jobs.js';

/** Callbacks of a job's execution. */
export interface JobHandlers {
  /** The job left the queue and began running. */
  onStart: () => void;
  onProgress: (p: JobProgress) => void;
}

/**
 * Executes jobs, either in this thread or in a pool of worker threads. Waiting jobs start in order of `priority`
 * (highest first; equal priorities in the order they were submitted).
 */
export interface JobExecutor {
  run(job: Job, handlers: JobHandlers, priority?: number): Promise<JobResult>;
  close(): Promise<void>;
}

/** Lets the event loop run (setImmediate in Node; a zero timeout where it does not exist, as in a browser worker). */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Runs jobs one after another in the calling thread (pool size 1: no thread start-up, simplest to debug), the
 * waiting job of highest priority first. Each job first yields to the event loop, so that the previous job's
 * completion is handled (and the jobs it releases are submitted) before the next one is chosen.
 */
export function inlineExecutor<J extends Job>(
  env: Omit<ExecutionEnv, 'onProgress'>,
  execute: (job: J, env: ExecutionEnv) => JobResult,
): JobExecutor {
  let closed = false;
  let draining = false;
  const queue: Array<{ job: J; handlers: JobHandlers; priority: number; settle: (f: () => JobResult) => void }> = [];
  const drain = async (): Promise<void> => {
    draining = true;
    while (queue.length > 0) {
      await yieldToEventLoop();
      const { job, handlers, settle } = queue.shift()!;
      settle(() => {
        if (closed) throw new QunlearnError('interrupted', 'the run stopped before this job started');
        handlers.onStart();
        return execute(job, { ...env, onProgress: handlers.onProgress });
      });
    }
    draining = false;
  };
  return {
    run: (job, handlers, priority = 0) =>
      new Promise<JobResult>((resolve, reject) => {
        const settle = (f: () => JobResult): void => {
          try {
            resolve(f());
          } catch (e) {
            reject(e);
          }
        };
        const at = queue.findIndex((q) => q.priority < priority);
        queue.splice(at < 0 ? queue.length : at, 0, { job: job as J, handlers, priority, settle });
        if (!draining) void drain();
      }),
    close: async () => {
      closed = true;
    },
  };
}
