import { parentPort, workerData } from 'node:worker_threads';
import { isQunlearnError } from '../../core/errors.js';
import { executeTask, type SweepTask } from './task.js';

/** Worker-thread entry: executes one sweep task, streaming its progress, then reports how it ended. */
const { task, workers } = workerData as { task: SweepTask; workers: number };
const port = parentPort!;

try {
  await executeTask(task, workers, (progress) => port.postMessage({ type: 'progress', progress }));
  port.postMessage({ type: 'done' });
} catch (e) {
  const error = e instanceof Error ? e : new Error(String(e));
  port.postMessage({
    type: 'error',
    error: { message: error.message, code: isQunlearnError(error) ? error.code : null, stack: error.stack ?? '' },
  });
}
