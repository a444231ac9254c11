import { writeFileAtomic } from '../core/node/atomic-file.js';
import { QunlearnError } from '../core/errors.js';
import { readCheckpoint, saveCheckpoint } from '../models/node/checkpoint.js';
import { captureState, type ModelState } from '../models/state.js';
import type { ResolvedExperiment } from './config.js';
import type { ExecutionEnv } from './job-env.js';
import type { JobStore, ReferenceJob } from './job-store.js';
import type { JobResult, StudyJob } from './jobs.js';
import { isObject, readJsonFileIfExists, type JsonFileKind } from './json-file.js';
import { runFiles } from './layout.js';
import { loadNamedDataset } from './prepare.js';
import type { PreparedData } from './prepared-data.js';

/** Per-process cache of loaded states, so a worker that runs several jobs of a seed reads the teacher once. */
const stateCache = new Map<string, ModelState>();

/** A job's result file (`<checkpoint>.result.json`): what marks the job done. */
const JOB_RESULT: JsonFileKind<JobResult> = {
  what: 'job result',
  check: (v): v is JobResult =>
    isObject(v) && ['teacher', 'oracle', 'method'].includes(String(v.kind)) && typeof v.seed === 'number',
  repair:
    'delete it and resume the run or sweep it belongs to (`qunlearn run --resume RUN_DIR` or `qunlearn sweep --resume SWEEP_DIR`): that job runs again',
};

/** The checkpoint base of a study job: teachers and oracles under the reference root, methods in the run folder. */
export function jobBase(job: StudyJob, dir: string, references?: string): string {
  const root = runFiles.references(dir, references);
  if (job.kind === 'teacher') return runFiles.teacher(root, job.seed);
  if (job.kind === 'oracle') return runFiles.oracle(root, job.seed, job.scenario);
  return runFiles.method(dir, job.seed, job.scenario, job.method);
}

/** Loads a checkpoint's state (cached per process), checking that it belongs to this run's data. */
function loadState(path: string, data: PreparedData): ModelState {
  let s = stateCache.get(path);
  if (s === undefined) {
    let checkpoint;
    try {
      checkpoint = readCheckpoint(path);
    } catch (e) {
      if (!(e instanceof QunlearnError)) throw e;
      throw new QunlearnError(
        e.code,
        `${e.message}; to train it again, delete ${runFiles.result(path)} and resume the run or sweep (\`qunlearn run --resume\` / \`qunlearn sweep --resume\`)`,
      );
    }
    const { state, metadata } = checkpoint;
    const fingerprint = (metadata.data as { fingerprint?: string } | undefined)?.fingerprint;
    if (fingerprint !== data.dataset.fingerprint) {
      throw new QunlearnError(
        'checkpoint',
        `${path} was trained on other data (fingerprint ${fingerprint}, this run's data is ${data.dataset.fingerprint})`,
      );
    }
    s = state;
    stateCache.set(path, s);
  }
  return s;
}

/**
 * A run folder as a job store: each job's checkpoint (safetensors + JSON) and its result file, written atomically,
 * the result last, so a job counts as done exactly when its result file exists (what `--resume` skips).
 */
export function fileJobStore(dir: string, references?: string): JobStore {
  return {
    save(job, model, content, result) {
      const base = jobBase(job, dir, references);
      saveCheckpoint(base, model, content);
      writeFileAtomic(runFiles.result(base), `${JSON.stringify(result, null, 2)}\n`);
      if (job.kind !== 'method') stateCache.set(base, captureState(model));
    },
    state: (job: ReferenceJob, data) => loadState(jobBase(job, dir, references), data),
    result: (job) => readJsonFileIfExists(runFiles.result(jobBase(job, dir, references)), JOB_RESULT),
  };
}

/** The execution environment of a run folder: data loaded by name, jobs kept in the folder (or a shared reference root). */
export function fileExecutionEnv(
  experiment: ResolvedExperiment,
  dir: string,
  references?: string,
  onProgress?: ExecutionEnv['onProgress'],
): ExecutionEnv {
  return {
    experiment,
    dir,
    references,
    store: fileJobStore(dir, references),
    loadDataset: (seed) => loadNamedDataset(experiment.dataset, experiment.data, seed),
    onProgress,
  };
}

/** The saved result of a finished job, or null when it has not finished (what `--resume` skips). */
export function finishedResult(job: StudyJob, dir: string, references?: string): JobResult | null {
  return fileJobStore(dir, references).result(job);
}
