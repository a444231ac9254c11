import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import { QunlearnError } from '../core/errors.js';
import { splitPlanToJson } from '../data/plan.js';
import { auditPhase } from './audit/phase.js';
import type { AuditRow } from './audit/score.js';
import type { ResolvedExperiment } from './config.js';
import { finishedResult } from './execute.js';
import { jobLabel, type Job, type JobResult, type MethodSummary, type RunEvent, type StudyJob, type TrainingSummary } from './jobs.js';

export type { RunEvent } from './jobs.js';
import { runFiles } from './layout.js';
import { openOutputDir, startedRecord, type RecordStamp } from './output-dir.js';
import { inlineExecutor, workerPoolExecutor, type JobExecutor } from './pool.js';
import { prepareData } from './prepare.js';
import { summarise, summaryTable, toCsv, type ResultRow, type SummaryRow } from './results.js';

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

/** The run's saved description (run.json). */
export interface RunRecord extends RecordStamp {
  format: 'qunlearn-run/1';
  seeds: Record<string, unknown>;
  references: Omit<TrainingSummary, 'log'>[];
  /** Where the teacher and oracles live when shared (a sweep's store), relative to the run folder; absent = the run folder. */
  referencesDir?: string;
  timings: { seconds: number; jobs: Record<string, number> };
  failures: { job: string; message: string }[];
}

/** Every job of an experiment in canonical order: teachers, oracles, then methods by seed, scenario and method. */
export function planJobs(experiment: ResolvedExperiment, scenarioNames: readonly string[]): StudyJob[] {
  const jobs: StudyJob[] = [];
  for (const seed of experiment.seeds) {
    jobs.push({ kind: 'teacher', seed });
    for (const scenario of scenarioNames) jobs.push({ kind: 'oracle', seed, scenario });
  }
  for (const seed of experiment.seeds) {
    for (const scenario of scenarioNames) for (const m of experiment.methods) jobs.push({ kind: 'method', seed, scenario, method: m.name });
  }
  return jobs;
}

/** Reads a run's record (for `--resume`, reports and sweeps). */
export function readRunRecord(dir: string): RunRecord {
  const file = runFiles.runJson(dir);
  if (!existsSync(file)) throw new QunlearnError('run', `${dir} is not a qunlearn run directory (no run.json)`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
}

function writeRecord(dir: string, record: RunRecord): void {
  record.updatedAt = new Date().toISOString();
  writeFileAtomic(runFiles.runJson(dir), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Runs an experiment: trains the teacher and one oracle per scenario (in parallel, as they are independent), then
 * every method on every scenario as soon as its teacher and oracle exist, evaluates each, and writes results.csv,
 * results.json, summary.csv/json and run.json; with audit settings, then the audit (audit.csv, audit.json). Each job's output is saved atomically when it finishes, so a killed
 * run continues with `resume` without redoing finished work.
 */
export async function runExperiment(experiment: ResolvedExperiment, options: RunOptions): Promise<RunOutcome> {
  const { dir } = options;
  const started = performance.now();
  const emit = (e: RunEvent): void => options.onEvent?.(e);
  const previous = options.resume ? readRunRecord(dir) : null;
  openOutputDir(dir, experiment, previous, 'run');
  const seeds: Record<string, unknown> = {};
  let scenarioNames: string[] = [];
  for (const seed of experiment.seeds) {
    const data = prepareData(experiment, seed);
    scenarioNames = data.plan.scenarios.map((s) => s.name);
    seeds[String(seed)] = {
      dataset: { name: data.dataset.name, source: data.dataset.source, fingerprint: data.dataset.fingerprint, rows: data.dataset.labels.length, classNames: data.dataset.classNames },
      model: data.model,
      preprocessing: data.preprocessing,
      plan: splitPlanToJson(data.plan),
    };
  }
  const record: RunRecord = {
    format: 'qunlearn-run/1',
    ...startedRecord(previous),
    experiment,
    seeds,
    references: [],
    ...(options.references === undefined ? {} : { referencesDir: relative(dir, options.references) }),
    timings: { seconds: 0, jobs: {} },
    failures: [],
  };
  writeRecord(dir, record);

  const jobs = planJobs(experiment, scenarioNames);
  const finished = new Map<string, JobResult>();
  for (const job of jobs) {
    const shared = options.references !== undefined && job.kind !== 'method';
    const saved = options.resume || shared ? finishedResult(job, dir, options.references) : null;
    if (saved !== null) finished.set(jobLabel(job), saved);
  }
  emit({ type: 'planned', total: jobs.length, done: finished.size });
  const jobSeconds: Record<string, number> = {};
  const failures: { job: string; message: string }[] = [];
  const executor: JobExecutor = options.workers > 1
    ? workerPoolExecutor(experiment, dir, options.workers, options.references)
    : inlineExecutor(experiment, dir, options.references);
  const runs = new Map<string, Promise<JobResult>>();
  const launch = (job: Job, after: Job[]): Promise<JobResult> => {
    const label = jobLabel(job);
    const saved = finished.get(label);
    const promise: Promise<JobResult> = saved !== undefined
      ? Promise.resolve(saved).then((r) => (emit({ type: 'finished', job, result: r, resumed: true }), r))
      : Promise.all(after.map((d) => runs.get(jobLabel(d))!)).then(async () => {
        let t0 = 0;
        const result = await executor.run(job, {
          onStart: () => {
            t0 = performance.now();
            emit({ type: 'started', job });
          },
          onProgress: (progress) => emit({ type: 'progress', progress }),
        });
        jobSeconds[label] = (performance.now() - t0) / 1000;
        emit({ type: 'finished', job, result, resumed: false });
        return result;
      });
    const guarded = promise.catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      failures.push({ job: label, message });
      emit({ type: 'failed', job, message });
      throw e;
    });
    runs.set(label, guarded);
    return guarded;
  };
  for (const job of jobs) {
    const deps: Job[] = job.kind === 'method' ? [{ kind: 'teacher', seed: job.seed }, { kind: 'oracle', seed: job.seed, scenario: job.scenario }] : [];
    launch(job, deps);
  }
  const settled = await Promise.allSettled([...runs.values()]);
  await executor.close();

  const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const references = results.filter((r): r is TrainingSummary => r.kind === 'teacher' || r.kind === 'oracle');
  const methodRows = new Map(results.filter((r): r is MethodSummary => r.kind === 'method').map((r) => [jobLabel({ kind: 'method', seed: r.seed, scenario: r.scenario, method: r.method }), r.row]));
  const rows: ResultRow[] = jobs.filter((j) => j.kind === 'method').map((j) => {
    const row = methodRows.get(jobLabel(j));
    if (row !== undefined) return row;
    const failure = failures.find((f) => f.job === jobLabel(j));
    return { seed: j.seed, scenario: j.kind === 'method' ? j.scenario : '', method: j.kind === 'method' ? j.method : '', status: 'failed', error: failure?.message ?? 'failed' };
  });
  const summary = summarise(rows);
  writeFileAtomic(runFiles.resultsCsv(dir), toCsv(rows));
  writeFileAtomic(runFiles.resultsJson(dir), `${JSON.stringify(rows, null, 2)}\n`);
  writeFileAtomic(runFiles.summaryCsv(dir), toCsv(summaryTable(summary)));
  writeFileAtomic(runFiles.summaryJson(dir), `${JSON.stringify(summary, null, 2)}\n`);
  let audit: AuditRow[] | null = null;
  if (experiment.audit !== undefined) {
    const outcome = await auditPhase(experiment, { dir, workers: options.workers, references: options.references, onEvent: options.onEvent });
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
