import { QunlearnError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import type { ResolvedExperiment } from './config.js';
import { executeStudyJob, releaseRun } from './execute.js';
import { inlineExecutor } from './inline-executor.js';
import { memoryJobStore } from './job-store.js';
import {
  jobLabel,
  type JobResult,
  type MethodSummary,
  type RunEvent,
  type StudyJob,
  type TrainingSummary,
} from './jobs.js';
import { checkMethodSettings } from './preflight.js';
import { prepareDataset, type PreparedData } from './prepared-data.js';
import { summarise, type ResultRow, type SummaryRow } from './results.js';
import { jobWorkloads } from './job-workload.js';
import { planJobs, referenceSummaries, scheduleJobs, studyRows } from './schedule.js';

/** How an in-memory run reports and stops. */
export interface MemoryRunOptions {
  onEvent?: (event: RunEvent) => void;
  /** Stops the run between jobs (a job in progress finishes first: to stop at once, end the thread that runs it). */
  signal?: AbortSignal;
}

/** What an in-memory run gives: the same rows and summary a run folder's results.csv and summary.csv hold. */
export interface MemoryRunOutcome {
  rows: ResultRow[];
  summary: SummaryRow[];
  references: TrainingSummary[];
  /** Each method run's result (its row and its training log). */
  methods: MethodSummary[];
  failures: { job: string; message: string }[];
  /** Each seed's prepared data (split plan, inputs, model config), in the order of the experiment's seeds. */
  prepared: PreparedData[];
  seconds: number;
}

let sessions = 0;

/** The job a teacher's, oracle's or method's result belongs to. */
function jobOf(r: TrainingSummary | MethodSummary): StudyJob {
  if (r.kind === 'method') return { kind: 'method', seed: r.seed, scenario: r.scenario, method: r.method };
  return r.kind === 'teacher'
    ? { kind: 'teacher', seed: r.seed }
    : { kind: 'oracle', seed: r.seed, scenario: r.scenario ?? '' };
}

/** An experiment's models kept in memory across calls: jobs already run (e.g. the teacher) are not run again. */
export interface MemorySession {
  experiment: ResolvedExperiment;
  /** Each seed's prepared data (split plan, inputs, model config), in the order of the experiment's seeds. */
  prepared: PreparedData[];
  /** Every job of the study in canonical order (teachers, oracles, methods). */
  jobs: StudyJob[];
  /** Runs the given jobs (and nothing already finished in this session); rows are those of the method jobs given. */
  run(jobs: readonly StudyJob[], options?: MemoryRunOptions): Promise<MemoryRunOutcome>;
  /** Drops the session's cached data; it cannot run afterwards. */
  release(): void;
}

/**
 * Opens an in-memory session of an experiment on a dataset already in memory: the same jobs, scheduling and
 * evaluation as `runExperiment` (so the same numbers for the same settings and seed), in the calling thread, with
 * every model kept in memory and nothing written. This is what the browser playground runs, in a Web Worker.
 */
export function memorySession(experiment: ResolvedExperiment, loadDataset: (seed: number) => Dataset): MemorySession {
  const id = `memory:${++sessions}`;
  const prepared = experiment.seeds.map((seed, i) => {
    const data = prepareDataset(experiment, loadDataset(seed), seed);
    if (i === 0) checkMethodSettings(experiment, data.model);
    return data;
  });
  const store = memoryJobStore();
  const finished = new Map<string, JobResult>();
  return {
    experiment,
    prepared,
    jobs: planJobs(experiment, prepared[0]?.plan.scenarios.map((s) => s.name) ?? []),
    async run(jobs, options = {}) {
      const started = performance.now();
      const emit = (e: RunEvent): void => {
        if (options.signal?.aborted !== true) options.onEvent?.(e);
      };
      const done = jobs.filter((j) => finished.has(jobLabel(j))).length;
      emit({ type: 'planned', total: jobs.length, done });
      const executor = inlineExecutor({ experiment, dir: id, store, loadDataset }, executeStudyJob);
      const { interrupted, results, failures, jobSeconds } = await scheduleJobs(
        jobs,
        finished,
        executor,
        emit,
        options.signal,
        jobWorkloads(
          experiment,
          prepared.map((data, i) => ({
            seed: experiment.seeds[i],
            classes: data.classes,
            scenarios: data.plan.scenarios,
          })),
        ),
      );
      if (interrupted)
        throw new QunlearnError(
          'interrupted',
          `the run was interrupted with ${done + Object.keys(jobSeconds).length} of ${jobs.length} jobs finished`,
        );
      for (const r of results) if (r.kind !== 'audit') finished.set(jobLabel(jobOf(r)), r);
      const rows = studyRows(jobs, results, failures);
      const methods = results.filter((r): r is MethodSummary => r.kind === 'method');
      return {
        rows,
        summary: summarise(rows),
        references: referenceSummaries(results),
        methods,
        failures,
        prepared,
        seconds: (performance.now() - started) / 1000,
      };
    },
    release: () => releaseRun(id),
  };
}

/** Runs an experiment's whole study in memory (see {@link memorySession}). */
export async function runInMemory(
  experiment: ResolvedExperiment,
  loadDataset: (seed: number) => Dataset,
  options: MemoryRunOptions = {},
): Promise<MemoryRunOutcome> {
  const session = memorySession(experiment, loadDataset);
  try {
    return await session.run(session.jobs, options);
  } finally {
    session.release();
  }
}
