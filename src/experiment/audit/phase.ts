import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import type { ResolvedExperiment } from '../config.js';
import { jobLabel, type AuditJob, type Job, type RunEvent, type StudyJob } from '../jobs.js';
import { runFiles } from '../layout.js';
import { inlineFolderExecutor, workerPoolExecutor } from '../pool.js';
import { prepareData } from '../prepare.js';
import { toCsv, type ResultRow } from '../results.js';
import { auditFiles } from './layout.js';
import { AUDIT_CSV_EXCLUDED, scoreAudit, type AuditRow } from './score.js';
import type { AuditSettings } from './settings.js';

/**
 * Every job of an audit, model by model (so that a partial audit has whole models): retrained model i of each
 * scenario, then model i's unlearned models of every method and scenario.
 */
export function planAuditJobs(settings: AuditSettings, scenarios: readonly string[]): AuditJob[] {
  const jobs: AuditJob[] = [];
  for (let model = 0; model < settings.models; model++) {
    for (const scenario of scenarios) jobs.push({ kind: 'audit-retrained', seed: settings.seed, scenario, model });
    jobs.push({ kind: 'audit-unlearned', seed: settings.seed, model });
  }
  return jobs;
}

/** True when the job's model record is on disk (what resuming skips). */
export function auditJobDone(job: AuditJob, dir: string): boolean {
  return existsSync(
    job.kind === 'audit-retrained'
      ? auditFiles.retrained(dir, job.scenario, job.model)
      : auditFiles.unlearned(dir, job.model),
  );
}

/** Where an audit runs and how it reports. */
export interface AuditPhaseOptions {
  dir: string;
  workers: number;
  /** A shared root holding the teacher (the `shared` original), as for a run. */
  references?: string;
  onEvent?: (event: RunEvent) => void;
  /** Stops the phase (Ctrl-C): no new model starts, running ones are dropped, and the promise rejects ('interrupted'). */
  signal?: AbortSignal;
}

/** What an audit phase produced. */
export interface AuditPhaseOutcome {
  rows: AuditRow[];
  failures: { job: string; message: string }[];
}

/** Writes audit.csv (scalar columns) and audit.json (with the per-example arrays), each atomically. */
export function writeAuditFiles(dir: string, rows: readonly AuditRow[]): void {
  const csvRows = rows.map(
    (r) => Object.fromEntries(Object.entries(r).filter(([k]) => !AUDIT_CSV_EXCLUDED.has(k))) as ResultRow,
  );
  writeFileAtomic(auditFiles.csv(dir), toCsv(csvRows));
  writeFileAtomic(auditFiles.json(dir), `${JSON.stringify(rows, null, 2)}\n`);
}

/**
 * Trains the audit's populations into `dir` as jobs of the run's worker pool, skipping every model whose record is
 * already there, then scores them and writes audit.csv and audit.json. With `--original shared` the run's teacher is
 * the one original model (trained first when missing). Each job keeps only its record, so memory stays flat in N.
 */
export async function auditPhase(
  experiment: ResolvedExperiment,
  options: AuditPhaseOptions,
): Promise<AuditPhaseOutcome> {
  const settings = experiment.audit;
  if (settings === undefined)
    throw new QunlearnError('config', 'this configuration has no audit settings (audit.models, audit.original)');
  const { dir, signal } = options;
  const stopped = (): boolean => signal?.aborted === true;
  // After an interrupt the caller is told once, by the rejection; models that settle meanwhile report nothing.
  const emit = (e: RunEvent): void => {
    if (!stopped()) options.onEvent?.(e);
  };
  const data = prepareData(experiment, settings.seed);
  const jobs = planAuditJobs(
    settings,
    data.plan.scenarios.map((s) => s.name),
  );
  const teacher: StudyJob = { kind: 'teacher', seed: settings.seed };
  const needsTeacher =
    settings.original === 'shared' &&
    !existsSync(runFiles.result(runFiles.teacher(runFiles.references(dir, options.references), settings.seed)));
  const todo = jobs.filter((j) => !auditJobDone(j, dir));
  const total = jobs.length + (needsTeacher ? 1 : 0);
  emit({ type: 'planned', total, done: total - todo.length - (needsTeacher ? 1 : 0), stage: 'audit' });
  const pooled = options.workers > 1 && todo.length > 1;
  const executor = pooled
    ? workerPoolExecutor(experiment, dir, Math.min(options.workers, todo.length + 1), options.references)
    : inlineFolderExecutor(experiment, dir, options.references);
  const failures: { job: string; message: string }[] = [];
  const fail = (job: Job, message: string): void => {
    failures.push({ job: jobLabel(job), message });
    emit({ type: 'failed', job, message });
  };
  // The inline executor computes on this thread: one model at a time, each after a turn of the event loop, so that
  // Ctrl-C gets through between models.
  let turn = Promise.resolve();
  const execute = (job: Job): Promise<boolean> => {
    if (pooled) return executeNow(job);
    const next = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => executeNow(job));
    turn = next.then(() => undefined);
    return next;
  };
  const executeNow = async (job: Job): Promise<boolean> => {
    if (stopped()) return false;
    try {
      const result = await executor.run(job, {
        onStart: () => emit({ type: 'started', job }),
        onProgress: (progress) => emit({ type: 'progress', progress }),
      });
      emit({ type: 'finished', job, result, resumed: false });
      return true;
    } catch (e) {
      if (!stopped()) fail(job, e instanceof Error ? e.message : String(e));
      return false;
    }
  };
  const interrupted = new Promise<'interrupted'>((resolve) => {
    if (signal?.aborted) resolve('interrupted');
    signal?.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });
  let settled: 'interrupted' | undefined;
  try {
    // Retrained models do not need the shared original: they start while it trains.
    const original = needsTeacher ? execute(teacher) : Promise.resolve(true);
    const all = Promise.all(
      todo.map(async (job) => {
        if (job.kind === 'audit-unlearned' && !(await original)) {
          if (!stopped()) fail(job, 'the shared original model (the teacher) failed to train');
        } else await execute(job);
      }),
    ).then(() => undefined);
    settled = await Promise.race([all, interrupted]);
  } finally {
    await executor.close();
  }
  if (settled === 'interrupted') {
    const done = jobs.filter((j) => auditJobDone(j, dir)).length;
    throw new QunlearnError(
      'interrupted',
      `the audit was interrupted with ${done} of ${jobs.length} models finished (each is saved)`,
    );
  }
  const rows = scoreAudit(dir, experiment, data);
  writeAuditFiles(dir, rows);
  return { rows, failures };
}
