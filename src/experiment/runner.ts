import { relative, resolve } from 'node:path';
import { writeFileAtomic } from '../core/node/atomic-file.js';
import { isQunlearnError, QunlearnError } from '../core/errors.js';
import { auditPhase } from './audit/phase.js';
import type { AuditRow } from './audit/score.js';
import type { ResolvedExperiment } from './config.js';
import { finishedResult } from './file-job-store.js';
import { lockFolder } from './folder-lock.js';
import { jobLabel, type JobResult, type RunEvent, type TrainingSummary } from './jobs.js';
import { runFiles } from './layout.js';
import { openOutputDir, startedRecord } from './output-dir.js';
import { referenceBehaviours } from './reference-behaviours.js';
import { inlineFolderExecutor, workerPoolExecutor, type JobExecutor } from './pool.js';
import { checkMethodSettings } from './preflight.js';
import { prepareData } from './prepare.js';
import { summarise, summaryTable, toCsv, type ResultRow, type SummaryRow } from './results.js';
import { jobWorkloads, type SeedSizes } from './job-workload.js';
import { planJobs, referenceSummaries, scheduleJobs, studyRows } from './schedule.js';
import { readRunRecord, type RunRecord } from './run-record.js';
import { recordPlan } from './split-ids.js';

export { isRunRecord, readRunRecord, type RunRecord } from './run-record.js';
export type { RunEvent } from './jobs.js';
export { planJobs } from './schedule.js';

/** How a run executes (none of this changes its results). */
export interface RunOptions {
  dir: string;
  /** Worker threads; 1 runs everything in the calling thread. */
  workers: number;
  /** Continue a run in `dir`, skipping every job whose result is already saved. */
  resume?: boolean;
  /**
   * A shared root for teachers and oracles (e.g. a sweep's reference store; see `runFiles.references`). Those
   * found there are used as they are, missing ones are trained into it. Runs that share a root concurrently must
   * find their references there already (the sweep scheduler trains them first). Default: the run's own folder.
   */
  references?: string;
  onEvent?: (event: RunEvent) => void;
  /**
   * Stops the run when aborted (Ctrl-C): no new job starts, running ones are dropped (their results were never
   * saved), run.json says `interrupted`, and the promise rejects with a QunlearnError saying how to resume.
   */
  signal?: AbortSignal;
  /** Run even one worker in a thread (default: one worker runs in the calling thread), which keeps the caller responsive. */
  threads?: boolean;
}

/** The outcome of a run. */
export interface RunOutcome {
  dir: string;
  rows: ResultRow[];
  summary: SummaryRow[];
  /** The teachers and oracles (their accuracies, epochs and training logs). */
  references: TrainingSummary[];
  failures: { job: string; message: string }[];
  /** The audit's rows (audit.csv), when the experiment has audit settings. */
  audit: AuditRow[] | null;
  seconds: number;
}

function writeRecord(dir: string, record: RunRecord): void {
  record.updatedAt = new Date().toISOString();
  writeFileAtomic(runFiles.runJson(dir), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Runs an experiment: trains the teacher and one oracle per scenario (in parallel, as they are independent), then
 * every method on every scenario as soon as its teacher and oracle exist, evaluates each, and writes results.csv,
 * results.json, summary.csv/json and run.json; with audit settings, then the audit (audit.csv, audit.json). Each
 * job's output is saved atomically when it finishes, so a killed run continues with `resume` without redoing finished
 * work. The folder is locked for the whole run (a second process gets an error naming this one), and every method's
 * settings are checked before anything trains.
 */
export async function runExperiment(experiment: ResolvedExperiment, options: RunOptions): Promise<RunOutcome> {
  const lock = lockFolder(
    options.dir,
    'run folder',
    options.resume ? 'wait for it to finish' : 'wait for it to finish, or choose another --out',
  );
  try {
    return await runLocked(experiment, options);
  } finally {
    lock.release();
  }
}

/** What run.json records of one seed, and the names of its scenarios. */
function describeSeeds(
  experiment: ResolvedExperiment,
  dir: string,
): { seeds: Record<string, unknown>; scenarioNames: string[]; sizes: SeedSizes[] } {
  const prepared = experiment.seeds.map((seed, i) => {
    const data = prepareData(experiment, seed);
    if (i === 0) checkMethodSettings(experiment, data.model);
    const dataset = {
      name: data.dataset.name,
      source: data.dataset.source,
      fingerprint: data.dataset.fingerprint,
      rows: data.dataset.labels.length,
      classNames: data.dataset.classNames,
    };
    return { seed, dataset, model: data.model, preprocessing: data.preprocessing, plan: data.plan };
  });
  // Written only once every seed is prepared and checked, so a bad setting leaves no file behind.
  const seeds = Object.fromEntries(
    prepared.map(({ seed, plan, ...rest }) => [String(seed), { ...rest, plan: recordPlan(dir, plan) }]),
  );
  const sizes = prepared.map(({ seed, plan, dataset }) => ({
    seed,
    classes: dataset.classNames.length,
    scenarios: plan.scenarios,
  }));
  return { seeds, scenarioNames: prepared[0]?.plan.scenarios.map((s) => s.name) ?? [], sizes };
}

async function runLocked(experiment: ResolvedExperiment, options: RunOptions): Promise<RunOutcome> {
  const { dir, signal } = options;
  const started = performance.now();
  // After an interrupt the caller is told once, by the rejection; jobs that settle meanwhile report nothing.
  const emit = (e: RunEvent): void => {
    if (signal?.aborted !== true) options.onEvent?.(e);
  };
  const previous = options.resume ? readRunRecord(dir) : null;
  openOutputDir(dir, experiment, previous, 'run');
  // A run of a sweep that is resumed on its own still reads its teacher and oracles from the sweep's store.
  const sharedReferences =
    options.references ?? (previous?.referencesDir === undefined ? undefined : resolve(dir, previous.referencesDir));
  const { seeds, scenarioNames, sizes } = describeSeeds(experiment, dir);
  const record: RunRecord = {
    format: 'qunlearn-run/1',
    ...startedRecord(previous),
    experiment,
    referenceBehaviours: referenceBehaviours(experiment),
    seeds,
    references: [],
    ...(sharedReferences === undefined ? {} : { referencesDir: relative(dir, sharedReferences) }),
    timings: { seconds: 0, jobs: {} },
    failures: [],
  };
  writeRecord(dir, record);

  const jobs = planJobs(experiment, scenarioNames);
  const finished = new Map<string, JobResult>();
  for (const job of jobs) {
    const shared = sharedReferences !== undefined && job.kind !== 'method';
    const saved = options.resume || shared ? finishedResult(job, dir, sharedReferences) : null;
    if (saved !== null) finished.set(jobLabel(job), saved);
  }
  emit({ type: 'planned', total: jobs.length, done: finished.size });
  const executor: JobExecutor =
    options.workers > 1 || options.threads === true
      ? workerPoolExecutor(experiment, dir, options.workers, sharedReferences)
      : inlineFolderExecutor(experiment, dir, sharedReferences);
  const { interrupted, results, failures, jobSeconds } = await scheduleJobs(
    jobs,
    finished,
    executor,
    emit,
    signal,
    jobWorkloads(experiment, sizes),
  );
  if (interrupted) {
    record.status = 'interrupted';
    record.timings = {
      seconds: (performance.now() - started) / 1000,
      jobs: { ...previous?.timings.jobs, ...jobSeconds },
    };
    writeRecord(dir, record);
    const done = finished.size + Object.keys(jobSeconds).length;
    throw new QunlearnError(
      'interrupted',
      `the run was interrupted with ${done} of ${jobs.length} jobs finished (each is saved); continue it with \`qunlearn run --resume ${dir}\``,
    );
  }
  const references = referenceSummaries(results);
  const rows = studyRows(jobs, results, failures);
  const summary = summarise(rows);
  writeFileAtomic(runFiles.resultsCsv(dir), toCsv(rows));
  writeFileAtomic(runFiles.resultsJson(dir), `${JSON.stringify(rows, null, 2)}\n`);
  writeFileAtomic(runFiles.summaryCsv(dir), toCsv(summaryTable(summary)));
  writeFileAtomic(runFiles.summaryJson(dir), `${JSON.stringify(summary, null, 2)}\n`);
  let audit: AuditRow[] | null = null;
  if (experiment.audit !== undefined) {
    let outcome;
    try {
      outcome = await auditPhase(experiment, {
        dir,
        workers: options.workers,
        references: sharedReferences,
        onEvent: options.onEvent,
        signal,
      });
    } catch (e) {
      if (!(isQunlearnError(e) && e.code === 'interrupted')) throw e;
      record.status = 'interrupted';
      writeRecord(dir, record);
      throw new QunlearnError('interrupted', `${e.message}; continue it with \`qunlearn run --resume ${dir}\``);
    }
    audit = outcome.rows;
    failures.push(...outcome.failures);
  }
  const seconds = (performance.now() - started) / 1000;
  record.status = failures.length === 0 ? 'complete' : 'failed';
  record.references = references.map(({ log: _log, ...rest }) => rest);
  record.timings = { seconds, jobs: { ...previous?.timings.jobs, ...jobSeconds } };
  record.failures = failures;
  writeRecord(dir, record);
  return { dir, rows, summary, references, failures, audit, seconds };
}
