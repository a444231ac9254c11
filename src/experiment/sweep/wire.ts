import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import type { ResolvedExperiment } from '../config.js';
import { LOCK_FILE } from '../folder-lock.js';

/**
 * What travels between a sweep and its workers through Redis (workers share no file system with the sweep). Every
 * message is JSON with a format tag; job data also carries the sender's qunlearn version.
 * - A references job carries one reference set's configuration (key, seed, scenarios, the resolved experiment).
 * - A run job carries the resolved run configuration and the Redis key of its reference set, which the sweep
 *   uploads once per set (runs that share references do not each carry the checkpoints).
 * - The worker stores its output files under the job's `resultKey` and returns only a small receipt, so that the
 *   queue's job records and event stream stay small: the checkpoints of a reference set, or the run directory
 *   (run.json, results, summaries, each job's result with its training log; the unlearned checkpoints only when
 *   asked for).
 * Files are paths relative to the folder they belong in, text as UTF-8 and safetensors as base64.
 */
export const WIRE_FORMAT = 'qunlearn-sweep-wire/1';

/** Uploaded reference sets and stored results expire after a week, should a sweep be abandoned half-way. */
export const RESULT_TTL_SECONDS = 7 * 24 * 3600;

/** One file of a folder. */
export interface WireFile {
  path: string;
  encoding: 'utf8' | 'base64';
  data: string;
}

const fileSchema = z
  .object({ path: z.string().min(1), encoding: z.enum(['utf8', 'base64']), data: z.string() })
  .strict();
const header = {
  format: z.literal(WIRE_FORMAT),
  qunlearnVersion: z.string(),
  sweepId: z.string().min(1),
  resultKey: z.string().min(1),
};
const seed = z.number().int().nonnegative();

/** Reference keys are hex digests; a worker turns them into a folder name, so nothing else is accepted. */
const referenceKeySchema = z.string().regex(/^[0-9a-f]{8,64}$/);

/** A job's data: train a reference set, or execute a run. */
export const jobDataSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...header,
      kind: z.literal('references'),
      key: referenceKeySchema,
      seed,
      scenarios: z.array(z.string()),
      experiment: z.record(z.string(), z.unknown()),
    })
    .strict(),
  z
    .object({
      ...header,
      kind: z.literal('run'),
      run: z.string(),
      key: referenceKeySchema,
      seed,
      referencesBlob: z.string(),
      checkpoints: z.boolean(),
      experiment: z.record(z.string(), z.unknown()),
    })
    .strict(),
]);

/** A job's data as sent (the experiment is a resolved run configuration). */
export type JobData = z.infer<typeof jobDataSchema>;

/** The receipt a worker returns for a job: where the files are, which worker made them, and how long it took. */
export const jobReceiptSchema = z
  .object({ format: z.literal(WIRE_FORMAT), worker: z.string(), seconds: z.number(), resultKey: z.string() })
  .strict();
export type JobReceipt = z.infer<typeof jobReceiptSchema>;

/** A folder's files, as stored under a result key or a references key. */
export const filesSchema = z.object({ format: z.literal(WIRE_FORMAT), files: z.array(fileSchema) }).strict();

/** The experiment of a job's data, typed (the sweep resolved and validated it before sending). */
export function experimentOf(data: JobData): ResolvedExperiment {
  return data.experiment as unknown as ResolvedExperiment;
}

/** Parses a message with a schema; a message from another qunlearn version or a stranger is one clear error. */
export function parseWire<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const format = (value as { format?: unknown } | null)?.format;
    throw new QunlearnError(
      'wire',
      `${what} is not a qunlearn ${WIRE_FORMAT} message${format !== WIRE_FORMAT ? ` (format ${JSON.stringify(format)})` : ''}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Files shipped as base64: checkpoints' tensors and compressed split ids (everything else is text). */
const BINARY = /\.(safetensors|gz)$/;

/** True for the half-written temporaries of atomic writes (never shipped). */
const TEMPORARY = /\.tmp-\d+-[a-z0-9]+$/;

/**
 * The files under `root` (recursively, in a stable order). Without `checkpoints`, model checkpoints (`.safetensors`
 * and the `.json` metadata beside each) are left out; everything else, results and logs, always goes.
 */
export function packFiles(root: string, options: { checkpoints: boolean }): WireFile[] {
  if (!existsSync(root)) return [];
  const all = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !TEMPORARY.test(e.name) && e.name !== LOCK_FILE)
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
  const weights = new Set(all.filter((p) => p.endsWith('.safetensors')).map((p) => p.slice(0, -'.safetensors'.length)));
  return all
    .filter(
      (p) =>
        options.checkpoints ||
        !(p.endsWith('.safetensors') || (p.endsWith('.json') && weights.has(p.slice(0, -'.json'.length)))),
    )
    .map((p) => {
      const bytes = readFileSync(join(root, p));
      return BINARY.test(p)
        ? { path: p, encoding: 'base64', data: bytes.toString('base64') }
        : { path: p, encoding: 'utf8', data: bytes.toString('utf8') };
    });
}

/** Files that mark something finished: written last, so that a crash mid-way never leaves a false marker. */
const isMarker = (path: string): boolean => path.endsWith('.result.json') || path === 'run.json';

/**
 * Writes files under `root`, each atomically, markers last. Paths must stay inside `root` (no absolute paths, no
 * `..`), whoever sent them.
 */
export function unpackFiles(root: string, files: readonly WireFile[]): void {
  for (const f of files) {
    const parts = f.path.split('/');
    if (isAbsolute(f.path) || f.path.includes('\\') || parts.some((p) => p === '..' || p === '.' || p === '')) {
      throw new QunlearnError(
        'wire',
        `refusing to write '${f.path}': a shipped file must have a relative path inside its folder`,
      );
    }
  }
  const ordered = [...files.filter((f) => !isMarker(f.path)), ...files.filter((f) => isMarker(f.path))];
  for (const f of ordered)
    writeFileAtomic(join(root, ...f.path.split('/')), f.encoding === 'base64' ? Buffer.from(f.data, 'base64') : f.data);
}
