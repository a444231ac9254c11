import { availableParallelism } from 'node:os';
import type { SweepExecutor, SweepTask, TaskHandlers } from './task.js';
import { runTaskInThread, threadsStopped } from './threads.js';

/** How the local executor shares the machine: tasks at a time, and worker threads inside each task. */
export interface LocalSplit {
  parallel: number;
  workersPerTask: number;
}

/**
 * The default split of the cores: as many tasks at a time as cores, one thread each. Runs of a sweep are many and
 * independent, so this keeps every core busy without the idle tail that a run's last job leaves in a run-level pool.
 * With fewer tasks than cores (a sweep of one run), the spare cores go to threads inside each task.
 */
export function defaultSplit(
  tasks: number,
  cores = availableParallelism(),
  parallel?: number,
  workersPerTask?: number,
): LocalSplit {
  const p = parallel ?? Math.max(1, Math.min(cores, tasks));
  return { parallel: p, workersPerTask: workersPerTask ?? Math.max(1, Math.floor(cores / p)) };
}

interface Queued {
  task: SweepTask;
  handlers: TaskHandlers;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Runs tasks on this machine, `parallel` at a time, each in its own worker thread with `workersPerTask` threads
 * inside. Reference tasks go ahead of runs in the queue, so that the runs waiting for them are freed sooner.
 * Results never depend on the split: every job draws from its own seed's named streams. Closing it stops the
 * running tasks' threads and resolves once they have ended (a sweep closes it when it ends or is interrupted).
 */
export function localExecutor(split: LocalSplit): SweepExecutor {
  const queue: Queued[] = [];
  const stop = new AbortController();
  let running = 0;
  const pump = (): void => {
    while (running < split.parallel && queue.length > 0) {
      const at = queue.findIndex((q) => q.task.kind === 'references');
      const item = queue.splice(at >= 0 ? at : 0, 1)[0];
      running++;
      item.handlers.onStart('local');
      runTaskInThread(item.task, split.workersPerTask, item.handlers.onProgress, stop.signal)
        .then(item.resolve, item.reject)
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return {
    description: `local: ${split.parallel} task${split.parallel > 1 ? 's' : ''} at a time × ${split.workersPerTask} worker thread${split.workersPerTask > 1 ? 's' : ''}`,
    execute: (task, handlers) =>
      new Promise<void>((resolve, reject) => {
        queue.push({ task, handlers, resolve, reject });
        pump();
      }),
    close: async () => {
      queue.length = 0;
      stop.abort();
      await threadsStopped();
    },
  };
}
