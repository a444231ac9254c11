import type { ResolvedExperiment } from '../config.js';
import { runExperiment } from '../runner.js';
import { trainReferences } from './references.js';

/**
 * The two kinds of work a sweep hands to an executor: training one seed's references into the store, and running
 * one run (its methods, reading the references from the store). Paths are where the results must end up on the
 * sweep's machine; a distributed executor works elsewhere and copies them there.
 */
export type SweepTask =
  | { kind: 'references'; key: string; seed: number; scenarios: string[]; experiment: ResolvedExperiment; root: string }
  | {
      kind: 'run';
      id: string;
      key: string;
      seed: number;
      experiment: ResolvedExperiment;
      dir: string;
      references: string;
      resume: boolean;
    };

/** How far a task is: finished jobs of all its jobs. */
export interface TaskProgress {
  done: number;
  total: number;
}

/** Callbacks of a task's execution. */
export interface TaskHandlers {
  /** The task began running, `where` (e.g. `local` or a worker's `host:pid`); may repeat when a retry moves it. */
  onStart: (where: string) => void;
  onProgress: (progress: TaskProgress) => void;
}

/**
 * Executes sweep tasks. `execute` resolves once the task's files are in place (a run that finished with failed jobs
 * still resolves: its run.json says so) and rejects when the task could not run at all.
 */
export interface SweepExecutor {
  /** A one-line description for progress output, e.g. `local: 2 runs at a time × 1 worker thread`. */
  readonly description: string;
  execute: (task: SweepTask, handlers: TaskHandlers) => Promise<void>;
  close: () => Promise<void>;
}

/** A short human name of a task, e.g. `run layers=2,seed=0` or `references 1a2b3c4d5e6f7a8b seed 0`. */
export function taskLabel(task: SweepTask): string {
  return task.kind === 'run' ? `run ${task.id}` : `references ${task.key} seed ${task.seed}`;
}

/**
 * Executes a task in this thread (an executor runs it in a worker thread): a reference set with
 * `trainReferences`, a run with `runExperiment` pointed at the shared store, with `workers` threads inside.
 */
export async function executeTask(
  task: SweepTask,
  workers: number,
  onProgress: (p: TaskProgress) => void,
): Promise<void> {
  if (task.kind === 'references') {
    await trainReferences(task.experiment, task.seed, task.scenarios, task.root, workers, (done, total) =>
      onProgress({ done, total }),
    );
    return;
  }
  let done = 0;
  let total = 0;
  await runExperiment(task.experiment, {
    dir: task.dir,
    workers,
    resume: task.resume,
    references: task.references,
    onEvent: (e) => {
      if (e.type === 'planned') {
        total = e.total;
        done = e.done;
      } else if (e.type === 'finished' || e.type === 'failed') {
        if (e.type === 'failed' || !e.resumed) done++;
      } else return;
      onProgress({ done, total });
    },
  });
}
