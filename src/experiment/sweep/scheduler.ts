import { existsSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { lockFolder } from '../folder-lock.js';
import type { ResultRow } from '../results.js';
import { removeStaleTemporaries } from '../output-dir.js';
import { readRunResults, writeSweepResults, type SweepGathering } from './collect.js';
import { sweepFiles } from './layout.js';
import type { PlannedReferences, PlannedRun, SweepPlan } from './plan.js';
import { referencesComplete } from './references.js';
import {
  plannedRunRecord,
  readSweepStatus,
  referenceId,
  writeSweepStatus,
  type SweepStatus,
  type TaskStatus,
} from './status.js';
import type { SweepExecutor, SweepTask, TaskProgress } from './task.js';

/** A task as progress output names it. */
export interface TaskRef {
  kind: 'references' | 'run';
  /** The run id, or `<key>/seed-<s>` for references. */
  id: string;
}

/** What a sweep reports while it goes. */
export type SweepEvent =
  | { type: 'planned'; runs: number; runsDone: number; references: number; referencesDone: number; executor: string }
  | { type: 'started'; task: TaskRef; where: string }
  | { type: 'progress'; task: TaskRef; progress: TaskProgress }
  | { type: 'finished'; task: TaskRef; seconds: number }
  | { type: 'failed'; task: TaskRef; message: string; seconds: number };

/** How a sweep session runs (none of this changes its results). */
export interface SweepOptions {
  onEvent?: (e: SweepEvent) => void;
  /** Stops the session (Ctrl-C); see {@link runSweep}. */
  signal?: AbortSignal;
}

/** The outcome of a sweep session. */
export interface SweepOutcome {
  dir: string;
  /** Every finished run's rows. */
  rows: ResultRow[];
  /** Where they went: sweep.csv when every run has rows, else sweep-partial.csv. */
  csv: string;
  /** Runs without rows, and why. */
  missing: SweepGathering['missing'];
  /** Runs finished in this session or before it. */
  complete: string[];
  failures: { kind: 'references' | 'run'; id: string; message: string }[];
  seconds: number;
}

/**
 * True when a run of the plan is finished: its run.json says complete and its results.json is there and readable
 * (a damaged one makes the run resume, which rewrites it from the saved jobs).
 */
export function runComplete(dir: string, run: PlannedRun): boolean {
  if (plannedRunRecord(dir, run)?.status !== 'complete') return false;
  try {
    return readRunResults(dir, run) !== null;
  } catch {
    return false;
  }
}

/** Why a finished run counts as failed: its failed jobs, from its run.json. */
function runFailure(dir: string, run: PlannedRun): string | null {
  const record = plannedRunRecord(dir, run);
  if (record === null) return 'the run wrote no run.json';
  if (record.status === 'complete') return null;
  const first = record.failures[0];
  return first === undefined
    ? `the run ended with status '${record.status}'`
    : `${record.failures.length} job(s) failed, first ${first.job}: ${first.message}`;
}

/**
 * Runs a planned sweep into `dir`: every run not finished yet, each after the references it needs. Each reference
 * set (key × seed) missing from the store is trained once, however many runs need it, and before any of them
 * starts, so no two tasks ever train the same reference. A failed task is recorded (in sweep-status.json and the
 * outcome) and does not stop the others; runs that need failed references fail with that reason. At the end,
 * sweep.csv and sweep.json gather the rows once every run has them (sweep-partial.csv and .json until then).
 * Re-running a plan resumes it: finished runs are skipped, partly finished ones continue with the run's own
 * resume. The folder is locked while the sweep runs. The caller owns (and closes) the executor; when `signal`
 * aborts, the status says `interrupted` and the promise rejects with how to resume (closing the executor stops
 * the tasks still running).
 */
export async function runSweep(
  plan: SweepPlan,
  dir: string,
  executor: SweepExecutor,
  options: SweepOptions = {},
): Promise<SweepOutcome> {
  const lock = lockFolder(dir, 'sweep folder', 'wait for it to finish');
  try {
    return await runLocked(plan, dir, executor, options);
  } finally {
    lock.release();
  }
}

async function runLocked(
  plan: SweepPlan,
  dir: string,
  executor: SweepExecutor,
  options: SweepOptions,
): Promise<SweepOutcome> {
  const started = performance.now();
  const emit = (e: SweepEvent): void => {
    if (options.signal?.aborted !== true) options.onEvent?.(e);
  };
  if (existsSync(sweepFiles.store(dir))) removeStaleTemporaries(sweepFiles.store(dir));
  for (const [key, settings] of Object.entries(plan.referenceSettings)) {
    if (!existsSync(sweepFiles.referenceManifest(dir, key)))
      writeFileAtomic(sweepFiles.referenceManifest(dir, key), `${JSON.stringify({ key, settings }, null, 2)}\n`);
  }
  const previous = readSweepStatus(dir);
  const status: SweepStatus = {
    format: 'qunlearn-sweep-status/1',
    id: plan.id,
    state: 'running',
    executor: executor.description,
    startedAt: previous?.startedAt ?? new Date().toISOString(),
    updatedAt: '',
    seconds: 0,
    runs: {},
    references: {},
  };
  const pending = plan.runs.filter((run) => {
    const done = runComplete(dir, run);
    status.runs[run.id] = done ? { ...previous?.runs[run.id], state: 'complete' } : { state: 'pending' };
    return !done;
  });
  const needed = new Set(pending.map((run) => referenceId(run.referenceKey, run.seed)));
  const refs = plan.references.filter((r) => needed.has(referenceId(r.key, r.seed)));
  const missing = refs.filter((r) => !referencesComplete(sweepFiles.references(dir, r.key), r.seed, r.scenarios));
  for (const r of plan.references) {
    const id = referenceId(r.key, r.seed);
    status.references[id] = missing.includes(r)
      ? { state: 'pending' }
      : { ...previous?.references[id], state: 'complete' };
  }
  writeSweepStatus(dir, status);
  emit({
    type: 'planned',
    runs: plan.runs.length,
    runsDone: plan.runs.length - pending.length,
    references: refs.length,
    referencesDone: refs.length - missing.length,
    executor: executor.description,
  });

  const failures: SweepOutcome['failures'] = [];
  /** Executes a task with its status, events and timing; rejects with the reason it failed. */
  const track = async (ref: TaskRef, entry: TaskStatus, task: SweepTask, check: () => string | null): Promise<void> => {
    let t0 = performance.now();
    try {
      await executor.execute(task, {
        onStart: (where) => {
          t0 = performance.now();
          Object.assign(entry, { state: 'running', where });
          writeSweepStatus(dir, status);
          emit({ type: 'started', task: ref, where });
        },
        onProgress: (progress) => emit({ type: 'progress', task: ref, progress }),
      });
      const problem = check();
      if (problem !== null) throw new Error(problem);
    } catch (e) {
      // Tasks stopped by an interrupt are not failures: the status already says the sweep was interrupted.
      if (options.signal?.aborted === true) throw e;
      const message = e instanceof Error ? e.message : String(e);
      const seconds = (performance.now() - t0) / 1000;
      Object.assign(entry, { state: 'failed', seconds, error: message });
      failures.push({ kind: ref.kind, id: ref.id, message });
      writeSweepStatus(dir, status);
      emit({ type: 'failed', task: ref, message, seconds });
      throw e;
    }
    const seconds = (performance.now() - t0) / 1000;
    Object.assign(entry, { state: 'complete', seconds, error: undefined });
    writeSweepStatus(dir, status);
    emit({ type: 'finished', task: ref, seconds });
  };

  const ready = new Map<string, Promise<void>>();
  for (const r of refs) {
    const id = referenceId(r.key, r.seed);
    const root = sweepFiles.references(dir, r.key);
    ready.set(
      id,
      missing.includes(r)
        ? track({ kind: 'references', id }, status.references[id], referencesTask(plan, r, root), () =>
            referencesComplete(root, r.seed, r.scenarios)
              ? null
              : `the references of ${id} are incomplete after training`,
          )
        : Promise.resolve(),
    );
  }
  const runs = pending.map(async (run) => {
    const id = referenceId(run.referenceKey, run.seed);
    try {
      await ready.get(id);
    } catch (e) {
      if (options.signal?.aborted === true) return;
      const message = `its references (${id}) could not be trained: ${e instanceof Error ? e.message : String(e)}`;
      Object.assign(status.runs[run.id], { state: 'failed', error: message });
      failures.push({ kind: 'run', id: run.id, message });
      emit({ type: 'failed', task: { kind: 'run', id: run.id }, message, seconds: 0 });
      return;
    }
    const runDir = sweepFiles.run(dir, run.id);
    // A run directory without run.json holds no finished job (run.json is written before the first job starts).
    const resume = plannedRunRecord(dir, run) !== null;
    if (!resume) rmSync(runDir, { recursive: true, force: true });
    const task: SweepTask = {
      kind: 'run',
      id: run.id,
      key: run.referenceKey,
      seed: run.seed,
      experiment: run.experiment,
      dir: runDir,
      references: sweepFiles.references(dir, run.referenceKey),
      resume,
    };
    await track({ kind: 'run', id: run.id }, status.runs[run.id], task, () => runFailure(dir, run)).catch(() => {});
  });
  const interrupted = new Promise<'interrupted'>((resolve) => {
    if (options.signal?.aborted) resolve('interrupted');
    options.signal?.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });
  const settled = await Promise.race([Promise.allSettled([...runs, ...ready.values()]), interrupted]);
  const seconds = (performance.now() - started) / 1000;
  status.seconds = (previous?.seconds ?? 0) + seconds;
  if (settled === 'interrupted') {
    status.state = 'interrupted';
    for (const entry of [...Object.values(status.runs), ...Object.values(status.references)])
      if (entry.state === 'running') entry.state = 'pending';
    writeSweepStatus(dir, status);
    const done = plan.runs.filter((run) => status.runs[run.id].state === 'complete').length;
    throw new QunlearnError(
      'interrupted',
      `the sweep was interrupted with ${done} of ${plan.runs.length} runs finished (each finished run and job is saved); continue it with \`qunlearn sweep --resume ${dir}\``,
    );
  }

  const gathered = writeSweepResults(dir, plan);
  status.state = failures.length === 0 ? 'complete' : 'failed';
  writeSweepStatus(dir, status);
  const complete = plan.runs.filter((run) => status.runs[run.id].state === 'complete').map((run) => run.id);
  return { dir, rows: gathered.rows, csv: gathered.csv, missing: gathered.missing, complete, failures, seconds };
}

/** The task that trains one reference set, from the configuration of the first run that needs it. */
function referencesTask(plan: SweepPlan, r: PlannedReferences, root: string): SweepTask {
  const run = plan.runs.find((x) => x.id === r.run)!;
  return { kind: 'references', key: r.key, seed: r.seed, scenarios: r.scenarios, experiment: run.experiment, root };
}
