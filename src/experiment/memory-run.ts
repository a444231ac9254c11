import { QunlearnError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import type { ResolvedExperiment } from './config.js';
import { executeStudyJob, releaseRun } from './execute.js';
import { inlineExecutor } from './inline-executor.js';
import { memoryJobStore } from './job-store.js';
import type { RunEvent, TrainingSummary } from './jobs.js';
import { checkMethodSettings } from './preflight.js';
import { prepareDataset, type PreparedData } from './prepared-data.js';
import { summarise, type ResultRow, type SummaryRow } from './results.js';
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
  failures: { job: string; message: string }[];
  /** Each seed's prepared data (split plan, inputs, model config), in the order of the experiment's seeds. */
  prepared: PreparedData[];
  seconds: number;
}

let runs = 0;

/**
 * Runs an experiment's study on a dataset already in memory, keeping every model in memory and writing nothing: the
 * same jobs, scheduling and evaluation as `runExperiment` (so the same numbers for the same settings and seed),
 * in the calling thread. This is what the browser playground runs, in a Web Worker.
 */
export async function runInMemory(experiment: ResolvedExperiment, loadDataset: (seed: number) => Dataset, options: MemoryRunOptions = {}): Promise<MemoryRunOutcome> {
  const started = performance.now();
  const id = `memory:${++runs}`;
  const prepared = experiment.seeds.map((seed, i) => {
    const data = prepareDataset(experiment, loadDataset(seed), seed);
    if (i === 0) checkMethodSettings(experiment, data.model);
    return data;
  });
  const jobs = planJobs(experiment, prepared[0]?.plan.scenarios.map((s) => s.name) ?? []);
  const emit = (e: RunEvent): void => {
    if (options.signal?.aborted !== true) options.onEvent?.(e);
  };
  emit({ type: 'planned', total: jobs.length, done: 0 });
  const executor = inlineExecutor({ experiment, dir: id, store: memoryJobStore(), loadDataset }, executeStudyJob);
  try {
    const { interrupted, results, failures, jobSeconds } = await scheduleJobs(jobs, new Map(), executor, emit, options.signal);
    if (interrupted) throw new QunlearnError('interrupted', `the run was interrupted with ${Object.keys(jobSeconds).length} of ${jobs.length} jobs finished`);
    const rows = studyRows(jobs, results, failures);
    return { rows, summary: summarise(rows), references: referenceSummaries(results), failures, prepared, seconds: (performance.now() - started) / 1000 };
  } finally {
    releaseRun(id);
  }
}
