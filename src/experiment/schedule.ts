import { QunlearnError } from '../core/errors.js';
import type { ResolvedExperiment } from './config.js';
import type { JobExecutor } from './inline-executor.js';
import {
  jobLabel,
  type JobResult,
  type MethodSummary,
  type RunEvent,
  type StudyJob,
  type TrainingSummary,
} from './jobs.js';
import type { ResultRow } from './results.js';

/** Every job of an experiment in canonical order: teachers, oracles, then methods by seed, scenario and method. */
export function planJobs(experiment: ResolvedExperiment, scenarioNames: readonly string[]): StudyJob[] {
  const jobs: StudyJob[] = [];
  for (const seed of experiment.seeds) {
    jobs.push({ kind: 'teacher', seed });
    for (const scenario of scenarioNames) jobs.push({ kind: 'oracle', seed, scenario });
  }
  for (const seed of experiment.seeds) {
    for (const scenario of scenarioNames)
      for (const m of experiment.methods) jobs.push({ kind: 'method', seed, scenario, method: m.name });
  }
  return jobs;
}

/** What running a study's jobs gave: every settled result, the failures, and each executed job's seconds. */
export interface ScheduleOutcome {
  /** True when the signal stopped the run (results then hold only what finished before). */
  interrupted: boolean;
  results: JobResult[];
  failures: { job: string; message: string }[];
  jobSeconds: Record<string, number>;
}

/**
 * Runs a study's jobs on an executor: teachers and oracles at once (they are independent), each method as soon as
 * its teacher and oracle exist, waiting jobs by decreasing `workload` (see jobWorkloads); jobs found in `finished`
 * are reported, not run. A failed job fails only the jobs that start from it. The run folder's runner and the
 * in-memory runner (the browser's) both schedule through here.
 */
export async function scheduleJobs(
  jobs: readonly StudyJob[],
  finished: ReadonlyMap<string, JobResult>,
  executor: JobExecutor,
  emit: (event: RunEvent) => void,
  signal?: AbortSignal,
  workload: (job: StudyJob) => number = () => 0,
): Promise<ScheduleOutcome> {
  const jobSeconds: Record<string, number> = {};
  const failures: { job: string; message: string }[] = [];
  const interrupted = new Promise<'interrupted'>((resolveInterrupt) => {
    if (signal?.aborted) resolveInterrupt('interrupted');
    signal?.addEventListener('abort', () => resolveInterrupt('interrupted'), { once: true });
  });
  const runs = new Map<string, Promise<JobResult>>();
  const launch = (job: StudyJob, after: StudyJob[]): Promise<JobResult> => {
    const label = jobLabel(job);
    const saved = finished.get(label);
    const promise: Promise<JobResult> =
      saved !== undefined
        ? Promise.resolve(saved).then((r) => {
            emit({ type: 'finished', job, result: r, resumed: true });
            return r;
          })
        : Promise.all(after.map((d) => runs.get(jobLabel(d))!)).then(async () => {
            let t0 = 0;
            if (signal?.aborted)
              throw new QunlearnError('interrupted', 'the run was interrupted before this job started');
            const result = await executor.run(
              job,
              {
                onStart: () => {
                  t0 = performance.now();
                  emit({ type: 'started', job });
                },
                onProgress: (progress) => emit({ type: 'progress', progress }),
              },
              workload(job),
            );
            jobSeconds[label] = (performance.now() - t0) / 1000;
            emit({ type: 'finished', job, result, resumed: false });
            return result;
          });
    const guarded = promise.catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      if (!signal?.aborted) {
        failures.push({ job: label, message });
        emit({ type: 'failed', job, message });
      }
      throw e;
    });
    runs.set(label, guarded);
    return guarded;
  };
  for (const job of jobs) {
    const deps: StudyJob[] =
      job.kind === 'method'
        ? [
            { kind: 'teacher', seed: job.seed },
            { kind: 'oracle', seed: job.seed, scenario: job.scenario },
          ]
        : [];
    launch(job, deps);
  }
  const settled = await Promise.race([Promise.allSettled([...runs.values()]), interrupted]);
  await executor.close();
  if (settled === 'interrupted') return { interrupted: true, results: [], failures, jobSeconds };
  const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  return { interrupted: false, results, failures, jobSeconds };
}

/** The teachers' and oracles' summaries among a run's results. */
export function referenceSummaries(results: readonly JobResult[]): TrainingSummary[] {
  return results.filter((r): r is TrainingSummary => r.kind === 'teacher' || r.kind === 'oracle');
}

/** One result row per method job in canonical order; a failed job's row says so with its error. */
export function studyRows(
  jobs: readonly StudyJob[],
  results: readonly JobResult[],
  failures: readonly { job: string; message: string }[],
): ResultRow[] {
  const methodRows = new Map(
    results
      .filter((r): r is MethodSummary => r.kind === 'method')
      .map((r) => [jobLabel({ kind: 'method', seed: r.seed, scenario: r.scenario, method: r.method }), r.row]),
  );
  return jobs
    .filter((j) => j.kind === 'method')
    .map((j) => {
      const row = methodRows.get(jobLabel(j));
      if (row !== undefined) return row as ResultRow;
      const failure = failures.find((f) => f.job === jobLabel(j));
      return {
        seed: j.seed,
        scenario: j.kind === 'method' ? j.scenario : '',
        method: j.kind === 'method' ? j.method : '',
        status: 'failed',
        error: failure?.message ?? 'failed',
      };
    });
}
