import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { VERSION } from '../../version.js';
import type { ResolvedExperiment } from '../config.js';
import { checkRedis, redactUrl, redisConnection } from './redis.js';
import type { SweepTask } from './task.js';
import { runTaskInThread } from './threads.js';
import {
  experimentOf,
  filesSchema,
  jobDataSchema,
  packFiles,
  parseWire,
  RESULT_TTL_SECONDS,
  unpackFiles,
  WIRE_FORMAT,
  type JobReceipt,
} from './wire.js';

/** How a `qunlearn worker` serves a queue. */
export interface WorkerOptions {
  url: string;
  queue: string;
  /** Jobs at a time, each in its own thread. */
  concurrency: number;
  /** Worker threads inside each job. */
  runWorkers: number;
  /** How long a job's lock lasts without renewal (ms): a dead worker's job is retried after about this long. */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs of dead workers (ms). */
  stalledInterval?: number;
  /** How often a job may stall (its worker die) before it fails for good. */
  maxStalledCount?: number;
  /** Where jobs work (a temporary folder per job, removed afterwards); default: the system's temporary folder. */
  workDir?: string;
  onEvent?: (event: WorkerEvent) => void;
}

/** What a worker reports. */
export type WorkerEvent =
  | { type: 'started'; label: string; sweep: string }
  | { type: 'finished'; label: string; sweep: string; seconds: number }
  | { type: 'failed'; label: string; sweep: string; message: string }
  | { type: 'stalled'; jobId: string }
  | { type: 'error'; message: string };

/** A folder-safe name: what the runner may turn into a path under a job's scratch folder. */
const SAFE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._+=-]+$/;

/**
 * The first scenario or method name of a received configuration that is not folder-safe, or null. The runner
 * makes folders of them; a worker takes configurations from anyone who can write to the queue.
 */
function unsafeNames(experiment: ResolvedExperiment): string | null {
  for (const s of experiment.scenarios)
    if (s.name !== undefined && !SAFE_NAME.test(s.name)) return `scenario name '${s.name}'`;
  for (const m of experiment.methods) if (!SAFE_NAME.test(m.name)) return `method name '${m.name}'`;
  return null;
}

/** A running worker. */
export interface QueueWorker {
  /** `host:pid`, as the sweep shows it. */
  name: string;
  description: string;
  /** Stops taking jobs; waits for the running ones unless `force`. */
  close: (force?: boolean) => Promise<void>;
}

/**
 * Starts serving a sweep queue: takes jobs (reference sets and runs of any sweep on the queue), executes each in
 * a fresh thread (which keeps this thread free to renew the job's lock), stores its files in Redis under the job's
 * result key and returns a receipt. A job sent by another qunlearn version is refused, since results could differ.
 */
export async function startWorker(options: WorkerOptions): Promise<QueueWorker> {
  await checkRedis(options.url);
  const emit = (e: WorkerEvent): void => options.onEvent?.(e);
  const name = `${hostname()}:${process.pid}`;
  const connection = redisConnection(options.url, (e) => emit({ type: 'error', message: e.message }));

  const processJob = async (job: Job): Promise<JobReceipt> => {
    const t0 = performance.now();
    const data = parseWire(jobDataSchema, job.data, `job ${job.id}`);
    const label = data.kind === 'run' ? `run ${data.run}` : `references ${data.key} seed ${data.seed}`;
    const experiment = experimentOf(data);
    const report = (p: object): void => void job.updateProgress({ worker: name, ...p }).catch(() => {});
    const work = mkdtempSync(join(options.workDir ?? tmpdir(), 'qunlearn-worker-'));
    try {
      if (data.qunlearnVersion !== VERSION) {
        throw new UnrecoverableError(
          `${label} was sent by qunlearn ${data.qunlearnVersion} but worker ${name} runs ${VERSION}; install the same version on every machine`,
        );
      }
      const unsafe = unsafeNames(experiment);
      if (unsafe !== null)
        throw new UnrecoverableError(`${label}: refusing ${unsafe}: names become folder names on this worker`);
      emit({ type: 'started', label, sweep: data.sweepId });
      report({ done: 0, total: 0 });
      let task: SweepTask;
      let out: string;
      if (data.kind === 'references') {
        out = join(work, 'references');
        task = { kind: 'references', key: data.key, seed: data.seed, scenarios: data.scenarios, experiment, root: out };
      } else {
        // Mirrors the sweep's layout (runs/<run>/, references/<key>/) so the run.json's relative referencesDir stays valid once collected.
        const references = join(work, 'references', data.key);
        const blob = await connection.get(data.referencesBlob);
        if (blob === null)
          throw new Error(
            `the reference set ${data.referencesBlob} is not in Redis (the sweep removed it or it expired); resume the sweep to upload it again`,
          );
        unpackFiles(references, parseWire(filesSchema, JSON.parse(blob), `reference set ${data.referencesBlob}`).files);
        out = join(work, 'runs', 'run');
        task = {
          kind: 'run',
          id: data.run,
          key: data.key,
          seed: data.seed,
          experiment,
          dir: out,
          references,
          resume: false,
        };
      }
      await runTaskInThread(task, options.runWorkers, report);
      const files = packFiles(out, { checkpoints: data.kind === 'references' || data.checkpoints });
      await connection.set(data.resultKey, JSON.stringify({ format: WIRE_FORMAT, files }), 'EX', RESULT_TTL_SECONDS);
      const seconds = (performance.now() - t0) / 1000;
      emit({ type: 'finished', label, sweep: data.sweepId, seconds });
      return { format: WIRE_FORMAT, worker: name, seconds, resultKey: data.resultKey };
    } catch (e) {
      emit({ type: 'failed', label, sweep: data.sweepId, message: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };

  const worker = new Worker(options.queue, processJob, {
    connection,
    concurrency: options.concurrency,
    ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  worker.on('error', (e) => emit({ type: 'error', message: e.message }));
  worker.on('stalled', (jobId) => emit({ type: 'stalled', jobId }));
  await worker.waitUntilReady();
  return {
    name,
    description: `worker ${name} on queue '${options.queue}' at ${redactUrl(options.url)}: ${options.concurrency} job${options.concurrency > 1 ? 's' : ''} at a time × ${options.runWorkers} thread${options.runWorkers > 1 ? 's' : ''}`,
    close: async (force = false) => {
      await worker.close(force);
      connection.disconnect();
    },
  };
}
