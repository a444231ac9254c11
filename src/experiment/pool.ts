import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QunlearnError } from '../core/errors.js';
import type { ResolvedExperiment } from './config.js';
import { executeJob } from './execute-job.js';
import { fileExecutionEnv } from './file-job-store.js';
import { inlineExecutor, type JobExecutor, type JobHandlers } from './inline-executor.js';
import type { Job, JobProgress, JobResult } from './jobs.js';

export type { JobExecutor, JobHandlers } from './inline-executor.js';

/** Runs a run folder's jobs one after another in the calling thread (see {@link inlineExecutor}). */
export function inlineFolderExecutor(experiment: ResolvedExperiment, dir: string, references?: string): JobExecutor {
  return inlineExecutor(fileExecutionEnv(experiment, dir, references), executeJob);
}

/** The worker script: compiled JavaScript next to this module, or the TypeScript source run through tsx in development. */
function workerScript(): { url: URL; execArgv: string[] } {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js, execArgv: [] };
  return { url: new URL('./worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
}

interface Pending extends JobHandlers {
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
}

/**
 * A fixed pool of worker threads. Each job goes to an idle worker, the waiting job of highest priority first; its
 * randomness comes from the job's own named streams, so the results do not depend on the pool size, on the order
 * or on which worker ran what.
 */
export function workerPoolExecutor(
  experiment: ResolvedExperiment,
  dir: string,
  size: number,
  references?: string,
): JobExecutor {
  const { url, execArgv } = workerScript();
  const workers = new Set<Worker>();
  const idle: Worker[] = [];
  const queue: Array<{ id: number; job: Job; priority: number }> = [];
  const pending = new Map<number, Pending>();
  const busy = new Map<Worker, number>();
  let nextId = 0;
  let closing = false;
  let dispatchSoon = false;
  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const { id, job } = queue.shift()!;
      busy.set(worker, id);
      pending.get(id)?.onStart();
      worker.postMessage({ id, job });
    }
  };
  // Chooses after the current turn of the event loop: the jobs that a finished job releases, and all jobs submitted
  // together, are queued by then, so the highest priority among them is what starts.
  const dispatchLater = (): void => {
    if (dispatchSoon) return;
    dispatchSoon = true;
    setImmediate(() => {
      dispatchSoon = false;
      dispatch();
    });
  };
  const settle = (worker: Worker, id: number): Pending | undefined => {
    const p = pending.get(id);
    pending.delete(id);
    busy.delete(worker);
    return p;
  };
  // A worker that dies (out of memory, a native crash) fails its job and is replaced, so the queue never stalls.
  const spawn = (): void => {
    const worker = new Worker(url, { workerData: { experiment, dir, references }, execArgv });
    workers.add(worker);
    worker.on('message', (m: WorkerMessage) => {
      const p = pending.get(m.id);
      if (p === undefined) return;
      if (m.type === 'progress') {
        p.onProgress(m.progress);
        return;
      }
      settle(worker, m.id);
      idle.push(worker);
      if (m.type === 'done') p.resolve(m.result);
      else
        p.reject(
          m.error.code !== null
            ? new QunlearnError(m.error.code, m.error.message)
            : Object.assign(new Error(m.error.message), { stack: m.error.stack }),
        );
      dispatchLater();
    });
    worker.on('error', (e) => {
      const id = busy.get(worker);
      if (id !== undefined) settle(worker, id)?.reject(e);
    });
    worker.on('exit', () => {
      workers.delete(worker);
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
      if (!closing) {
        spawn();
        dispatchLater();
      }
    });
    idle.push(worker);
  };
  for (let i = 0; i < size; i++) spawn();
  return {
    run(job, handlers, priority = 0) {
      const id = nextId++;
      return new Promise<JobResult>((resolve, reject) => {
        pending.set(id, { resolve, reject, ...handlers });
        const at = queue.findIndex((q) => q.priority < priority);
        queue.splice(at < 0 ? queue.length : at, 0, { id, job, priority });
        dispatchLater();
      });
    },
    async close() {
      closing = true;
      await Promise.all([...workers].map((w) => w.terminate()));
    },
  };
}

type WorkerMessage =
  | { id: number; type: 'progress'; progress: JobProgress }
  | { id: number; type: 'done'; result: JobResult }
  | { id: number; type: 'error'; error: { message: string; code: string | null; stack: string } };
