import { QunlearnError } from '../../core/errors.js';
import type { ResolvedExperiment } from '../config.js';
import { finishedResult } from '../file-job-store.js';
import { jobLabel, type StudyJob, type TrainingSummary } from '../jobs.js';
import { inlineFolderExecutor, workerPoolExecutor } from '../pool.js';

/** The teacher and oracle jobs of one seed. */
export function referenceJobs(seed: number, scenarios: readonly string[]): StudyJob[] {
  return [{ kind: 'teacher', seed }, ...scenarios.map((scenario): StudyJob => ({ kind: 'oracle', seed, scenario }))];
}

/** True when the store root holds the finished teacher and every oracle of a seed. */
export function referencesComplete(root: string, seed: number, scenarios: readonly string[]): boolean {
  return referenceJobs(seed, scenarios).every((job) => finishedResult(job, root) !== null);
}

/**
 * Trains one seed's teacher and oracles into a store root (laid out as a run directory), skipping those already
 * there, with `workers` threads (1: in this thread). They are independent, so they run side by side. Each draws
 * from its seed's named streams, exactly as inside `runExperiment`, so a run that uses them gets the results it
 * would have had training them itself.
 */
export async function trainReferences(
  experiment: ResolvedExperiment,
  seed: number,
  scenarios: readonly string[],
  root: string,
  workers: number,
  onFinished?: (done: number, total: number) => void,
): Promise<TrainingSummary[]> {
  const jobs = referenceJobs(seed, scenarios);
  const todo = jobs.filter((job) => finishedResult(job, root) === null);
  const executor =
    workers > 1
      ? workerPoolExecutor(experiment, root, Math.min(workers, todo.length))
      : inlineFolderExecutor(experiment, root);
  let done = jobs.length - todo.length;
  try {
    const settled = await Promise.allSettled(
      todo.map(async (job) => {
        const result = await executor.run(job, { onStart: () => {}, onProgress: () => {} });
        onFinished?.(++done, jobs.length);
        return result;
      }),
    );
    // executeJob already prefixes its own errors with the job's label.
    const failed = settled.flatMap((s, i) => {
      if (s.status === 'fulfilled') return [];
      const message = s.reason instanceof Error ? s.reason.message : String(s.reason);
      return [message.startsWith(jobLabel(todo[i])) ? message : `${jobLabel(todo[i])}: ${message}`];
    });
    if (failed.length > 0) throw new QunlearnError('sweep', `training the references failed: ${failed.join('; ')}`);
  } finally {
    await executor.close();
  }
  return jobs.map((job) => finishedResult(job, root) as TrainingSummary);
}
