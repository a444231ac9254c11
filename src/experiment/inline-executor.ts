import { QunlearnError } from '../core/errors.js';
import type { ExecutionEnv } from './job-env.js';
import type { Job, JobProgress, JobResult } from './jobs.js';

/** Callbacks of a job's execution. */
export interface JobHandlers {
  /** The job left the queue and began running. */
  onStart: () => void;
  onProgress: (p: JobProgress) => void;
}

/** Executes jobs, either in this thread or in a pool of worker threads. */
export interface JobExecutor {
  run(job: Job, handlers: JobHandlers): Promise<JobResult>;
  close(): Promise<void>;
}

/** Lets the event loop run (setImmediate in Node; a zero timeout where it does not exist, as in a browser worker). */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Runs jobs one after another in the calling thread (pool size 1: no thread start-up, simplest to debug). Each job
 * first yields to the event loop, so that the previous job's completion is handled before the next one starts.
 */
export function inlineExecutor<J extends Job>(
  env: Omit<ExecutionEnv, 'onProgress'>,
  execute: (job: J, env: ExecutionEnv) => JobResult,
): JobExecutor {
  let closed = false;
  return {
    run: async (job, { onStart, onProgress }) => {
      await yieldToEventLoop();
      if (closed) throw new QunlearnError('interrupted', 'the run stopped before this job started');
      onStart();
      return execute(job as J, { ...env, onProgress });
    },
    close: async () => {
      closed = true;
    },
  };
}
