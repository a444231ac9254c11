import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Job, Queue, QueueEvents } from 'bullmq';
import { QunlearnError } from '../../core/errors.js';
import { VERSION } from '../../version.js';
import { runFiles } from '../layout.js';
import { checkRedis, redactUrl, redisConnection } from './redis.js';
import type { SweepExecutor, SweepTask, TaskHandlers, TaskProgress } from './task.js';
import {
  filesSchema,
  jobReceiptSchema,
  packFiles,
  parseWire,
  RESULT_TTL_SECONDS,
  unpackFiles,
  WIRE_FORMAT,
  type JobData,
} from './wire.js';

/** Where and how a sweep hands its tasks to `qunlearn worker` processes. */
export interface DistributedOptions {
  /** `redis://[:password@]host:port[/db]`, reachable by the sweep and every worker. */
  url: string;
  /** The queue name, shared by the sweep and its workers (several sweeps may share one queue). */
  queue: string;
  /** The sweep's id: it prefixes job ids and Redis keys, so that sweeps sharing a queue never collide. */
  sweepId: string;
  /** Also bring back each run's unlearned-model checkpoints (large for image models). */
  checkpoints: boolean;
  /** How often unfinished jobs are polled besides the queue's events (a safety net for a missed event). */
  pollMs?: number;
  /** Errors of the Redis connection after the start (it reconnects by itself). */
  onError?: (e: Error) => void;
}

interface Pending {
  handlers: TaskHandlers;
  where?: string;
  /** Writes the job's files where they belong on this machine. */
  collect: (files: ReturnType<typeof packFiles>) => void;
  resolve: () => void;
  reject: (e: Error) => void;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Executes sweep tasks on `qunlearn worker` processes through a BullMQ queue on Redis. Each task becomes one job
 * with a deterministic id (sweep id, kind and a digest of the run or reference set), so that adding it again (a
 * resumed sweep) finds the job already queued, running or done instead of duplicating it. A job whose worker dies
 * is retried by another worker (BullMQ's stalled-job detection); collection is idempotent per job id: the first
 * completion is written into the sweep directory, and a job's files are written whole before its markers.
 */
export async function distributedExecutor(options: DistributedOptions): Promise<SweepExecutor> {
  await checkRedis(options.url);
  const onError = (e: Error): void => options.onError?.(e);
  const connection = redisConnection(options.url, onError);
  const queue = new Queue(options.queue, { connection });
  // QueueEvents blocks on its connection, so BullMQ gives it a duplicate of this one (and closes that itself).
  const events = new QueueEvents(options.queue, { connection });
  queue.on('error', onError);
  events.on('error', onError);
  await events.waitUntilReady();
  const keyPrefix = `qunlearn:${options.queue}:${options.sweepId}`;
  const pending = new Map<string, Pending>();
  const settling = new Set<string>();
  /** Jobs asked about again while being settled: an event may say "completed" just after a look said "active". */
  const again = new Set<string>();
  const blobs = new Map<string, Promise<string>>();

  /** Settles a job once it has finished (either way); does nothing while it is still queued or running. */
  const settle = async (jobId: string): Promise<void> => {
    const p = pending.get(jobId);
    if (p === undefined) return;
    if (settling.has(jobId)) {
      again.add(jobId);
      return;
    }
    settling.add(jobId);
    try {
      const job = await Job.fromId(queue, jobId);
      if (job === undefined)
        throw new QunlearnError(
          'remote',
          `job ${jobId} disappeared from queue '${options.queue}' (was the queue cleaned?); resume the sweep to enqueue it again`,
        );
      const state = await job.getState();
      if (state === 'completed') {
        const receipt = parseWire(jobReceiptSchema, job.returnvalue, `the result of job ${jobId}`);
        const stored = await connection.get(receipt.resultKey);
        if (stored === null) {
          // Removed, so that resuming the sweep runs the job again instead of finding it finished without files.
          await job.remove();
          throw new QunlearnError(
            'remote',
            `the files of job ${jobId} are missing from Redis (key ${receipt.resultKey} expired or was deleted); resume the sweep to run it again`,
          );
        }
        p.collect(parseWire(filesSchema, JSON.parse(stored), `the files of job ${jobId}`).files);
        pending.delete(jobId);
        await job.remove();
        await connection.del(receipt.resultKey);
        p.resolve();
      } else if (state === 'failed') {
        pending.delete(jobId);
        await job.remove();
        p.reject(new QunlearnError('remote', job.failedReason || 'the job failed on its worker'));
      }
    } catch (e) {
      pending.delete(jobId);
      p.reject(e instanceof Error ? e : new Error(String(e)));
    } finally {
      settling.delete(jobId);
      if (again.delete(jobId)) void settle(jobId);
    }
  };

  events.on('progress', ({ jobId, data }) => {
    const p = pending.get(jobId);
    const report = data as { worker?: string } & Partial<TaskProgress>;
    if (p === undefined || typeof report !== 'object' || report === null) return;
    if (typeof report.worker === 'string' && report.worker !== p.where) {
      p.where = report.worker;
      p.handlers.onStart(report.worker);
    }
    if (typeof report.done === 'number' && typeof report.total === 'number')
      p.handlers.onProgress({ done: report.done, total: report.total });
  });
  events.on('completed', ({ jobId }) => void settle(jobId));
  events.on('failed', ({ jobId }) => void settle(jobId));
  const poll = setInterval(() => {
    for (const jobId of pending.keys()) void settle(jobId);
  }, options.pollMs ?? 5000);

  /** Uploads a seed's reference set from the store once; later runs reuse it (and keep it from expiring). */
  const uploadReferences = (key: string, seed: number, root: string): Promise<string> => {
    const blobKey = `${keyPrefix}:references:${key}:seed-${seed}`;
    let upload = blobs.get(blobKey);
    if (upload === undefined) {
      const files = packFiles(runFiles.seedDir(root, seed), { checkpoints: true }).map((f) => ({
        ...f,
        path: `seed-${seed}/${f.path}`,
      }));
      upload = connection
        .set(blobKey, JSON.stringify({ format: WIRE_FORMAT, files }), 'EX', RESULT_TTL_SECONDS)
        .then(() => blobKey);
      blobs.set(blobKey, upload);
    } else {
      upload = upload.then(async (k) => {
        await connection.expire(k, RESULT_TTL_SECONDS);
        return k;
      });
    }
    return upload;
  };

  const execute = async (task: SweepTask, handlers: TaskHandlers): Promise<void> => {
    const name = task.kind === 'run' ? task.id : `${task.key}/seed-${task.seed}`;
    const jobId = `${options.sweepId}.${task.kind}.${digest(name)}`;
    const common = {
      format: WIRE_FORMAT,
      qunlearnVersion: VERSION,
      sweepId: options.sweepId,
      resultKey: `${keyPrefix}:result:${jobId}`,
    } as const;
    const experiment = task.experiment as unknown as Record<string, unknown>;
    const data: JobData =
      task.kind === 'references'
        ? { ...common, kind: 'references', key: task.key, seed: task.seed, scenarios: task.scenarios, experiment }
        : {
            ...common,
            kind: 'run',
            run: task.id,
            key: task.key,
            seed: task.seed,
            referencesBlob: await uploadReferences(task.key, task.seed, task.references),
            checkpoints: options.checkpoints,
            experiment,
          };
    const collect =
      task.kind === 'references'
        ? (files: ReturnType<typeof packFiles>) => unpackFiles(task.root, files)
        : (files: ReturnType<typeof packFiles>) => {
            rmSync(task.dir, { recursive: true, force: true });
            unpackFiles(task.dir, files);
          };
    const existing = await queue.getJob(jobId);
    if (existing !== undefined && (await existing.getState()) === 'failed') await existing.remove();
    // Adding a job whose id is queued, running or finished is a no-op: a resumed sweep picks up where it was.
    await queue.add(task.kind, data, {
      jobId,
      priority: task.kind === 'references' ? 1 : 2,
      attempts: 1,
      removeOnComplete: false,
      removeOnFail: false,
    });
    // Registered only now (a poll must not find it missing before it is added); settling at once catches an event
    // that arrived in between, or a job that had finished before this sweep session started.
    const done = new Promise<void>((resolve, reject) => pending.set(jobId, { handlers, collect, resolve, reject }));
    void settle(jobId);
    return done;
  };

  return {
    description: `redis: queue '${options.queue}' on ${redactUrl(options.url)}`,
    execute,
    close: async () => {
      clearInterval(poll);
      const keys = [...blobs.keys()];
      if (keys.length > 0) await connection.del(...keys);
      await events.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
