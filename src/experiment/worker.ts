import { parentPort, workerData } from 'node:worker_threads';
import { isQunlearnError } from '../core/errors.js';
import type { ResolvedExperiment } from './config.js';
import { executeJob } from './execute-job.js';
import { fileExecutionEnv } from './file-job-store.js';
import type { Job } from './jobs.js';

/** Worker-thread entry: executes the jobs it is sent, streaming epoch progress, one job at a time. */
const { experiment, dir, references } = workerData as {
  experiment: ResolvedExperiment;
  dir: string;
  references?: string;
};
const port = parentPort!;

port.on('message', (message: { id: number; job: Job }) => {
  const { id, job } = message;
  try {
    const result = executeJob(
      job,
      fileExecutionEnv(experiment, dir, references, (progress) => port.postMessage({ id, type: 'progress', progress })),
    );
    port.postMessage({ id, type: 'done', result });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    port.postMessage({
      id,
      type: 'error',
      error: { message: error.message, code: isQunlearnError(error) ? error.code : null, stack: error.stack ?? '' },
    });
  }
});
