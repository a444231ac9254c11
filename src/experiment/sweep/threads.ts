import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QunlearnError } from '../../core/errors.js';
import { releaseThreadLock } from '../folder-lock.js';
import { taskLabel, type SweepTask, type TaskProgress } from './task.js';

/** The thread script: compiled JavaScript next to this module, or the TypeScript source through tsx in development. */
function threadScript(): { url: URL; execArgv: string[] } {
  const js = new URL('./task-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js, execArgv: [] };
  return { url: new URL('./task-thread.ts', import.meta.url), execArgv: ['--import', 'tsx'] };
}

/** Threads being terminated, each until its abandoned lock is released (see {@link threadsStopped}). */
const stopping = new Set<Promise<void>>();

/** Resolves once every thread stopped by an abort has ended and the run folder it held is free again. */
export async function threadsStopped(): Promise<void> {
  await Promise.all([...stopping]);
}

type ThreadMessage =
  | { type: 'progress'; progress: TaskProgress }
  | { type: 'done' }
  | { type: 'error'; error: { message: string; code: string | null; stack: string } };

/**
 * Executes a task in a fresh worker thread, which ends with it. A fresh thread per task keeps the per-process caches
 * of the job executor (prepared data, loaded checkpoints) from growing over a long sweep, and keeps the calling
 * thread free: a queue worker must keep renewing its job locks while the task computes. Aborting `signal` ends the
 * thread at once (what it saved stays saved).
 */
export function runTaskInThread(
  task: SweepTask,
  workers: number,
  onProgress: (p: TaskProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const { url, execArgv } = threadScript();
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(url, { workerData: { task, workers }, execArgv });
    // Read now: a thread that has ended reports -1.
    const id = worker.threadId;
    const onAbort = (): void => {
      if (!settled) reject(new QunlearnError('interrupted', `${taskLabel(task)} was stopped`));
      settled = true;
      const stopped = worker
        .terminate()
        .then(
          () => {
            if (task.kind === 'run') releaseThreadLock(task.dir, id);
          },
          () => undefined,
        )
        .finally(() => stopping.delete(stopped));
      stopping.add(stopped);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: ThreadMessage) => {
      if (m.type === 'progress') onProgress(m.progress);
      else if (m.type === 'done') {
        settled = true;
        resolve();
        void worker.terminate();
      } else {
        settled = true;
        reject(
          m.error.code !== null
            ? new QunlearnError(m.error.code, m.error.message)
            : Object.assign(new Error(m.error.message), { stack: m.error.stack }),
        );
      }
    });
    worker.on('error', (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    worker.on('exit', (code) => {
      // An executor's signal outlives its tasks: a listener per finished task would pile up over a long sweep.
      signal?.removeEventListener('abort', onAbort);
      if (!settled)
        reject(
          new QunlearnError(
            'sweep',
            `the thread running ${taskLabel(task)} stopped unexpectedly (exit code ${code}); out of memory?`,
          ),
        );
      settled = true;
    });
  });
}
