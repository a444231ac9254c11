import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-file.js';
import { QunlearnError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { Scenario } from '../data/scenarios.js';
import { accuracyOfProbabilities } from '../metrics/accuracy.js';
import { measureWallClock } from '../metrics/timing.js';
import type { BlockModel } from '../models/block-model.js';
import { saveCheckpoint } from '../models/checkpoint.js';
import { captureState } from '../models/state.js';
import { accuracyOf } from '../train/predict.js';
import { getMethod } from '../unlearn/registry.js';
import {
  evaluationSets, methodMetrics, outputsOf, privacyOf, referenceMiaAuc, relearnSteps, type EvaluationSets,
  type EvaluationSettings, type ScenarioReference,
} from './evaluate.js';
import { executeAuditJob } from './audit/execute.js';
import {
  cacheState, loadState, methodContext, modelWith, prepared, progress, runMethod, scenarioOf, teacherRows, trainModel, type ExecutionEnv,
} from './job-env.js';
import { jobLabel, type Job, type JobResult, type MethodSummary, type StudyJob, type TrainingSummary } from './jobs.js';
import { isObject, readJsonFile, readJsonFileIfExists, type JsonFileKind } from './json-file.js';
import { runFiles } from './layout.js';
import { mechanismColumns } from './mechanism-columns.js';
import { checkpointData, type PreparedData } from './prepare.js';
import { selectionColumns } from './selection-columns.js';

export type { ExecutionEnv } from './job-env.js';

/** Per-process cache of each scenario's evaluated references (keys include the run directory). */
const referenceCache = new Map<string, ScenarioReference>();

function evaluationSettings(env: ExecutionEnv): EvaluationSettings {
  const { evaluation, training, preset } = env.experiment;
  return { ...evaluation, referenceMia: preset === 'paper', lr: training.lr, batchSize: training.batchSize };
}

/** Trains the teacher or a scenario's oracle and saves it; `trainRows` decides which. */
function trainReference(env: ExecutionEnv, job: Job & { kind: 'teacher' | 'oracle' }): TrainingSummary {
  const data = prepared(env, job.seed);
  const { training } = env.experiment;
  const isTeacher = job.kind === 'teacher';
  const scenario = isTeacher ? undefined : scenarioOf(data, job.scenario);
  const trainRows = isTeacher ? teacherRows(env, data) : scenario!.retain;
  const stream = isTeacher ? 'teacher' : `oracle/${job.scenario}`;
  const { model, result } = trainModel(env, data, job.seed, stream, trainRows, scenario, progress(env, job, training.epochs));
  const summary: TrainingSummary = {
    kind: job.kind,
    seed: job.seed,
    ...(scenario ? { scenario: scenario.name } : {}),
    trainAccuracy: accuracyOf(model, data.inputs, trainRows, data.classes),
    selectScore: result.selected?.utility ?? null,
    testAccuracy: accuracyOf(model, data.inputs, data.plan.test, data.classes),
    epochs: result.log.length,
    bestEpoch: result.selectedEpoch,
    seconds: result.seconds,
    log: result.log,
  };
  const root = runFiles.references(env.dir, env.references);
  const base = isTeacher ? runFiles.teacher(root, job.seed) : runFiles.oracle(root, job.seed, job.scenario);
  saveCheckpoint(base, model, {
    model: data.model,
    seed: job.seed,
    data: checkpointData(env.experiment, data, job.seed),
    metrics: { train_acc: summary.trainAccuracy, select_score: summary.selectScore, test_acc: summary.testAccuracy },
    extra: { role: job.kind, scenario: summary.scenario ?? null, training: result.log },
  });
  writeFileAtomic(runFiles.result(base), `${JSON.stringify(summary, null, 2)}\n`);
  cacheState(base, captureState(model));
  return summary;
}

function readSummary(base: string): TrainingSummary {
  const file = runFiles.result(base);
  if (!existsSync(file)) throw new QunlearnError('run', `${file} is missing: the job that produces it has not finished`);
  return readJsonFile(file, JOB_RESULT) as TrainingSummary;
}

/** A job's result file (`<checkpoint>.result.json`): what marks the job done. */
const JOB_RESULT: JsonFileKind<JobResult> = {
  what: 'job result',
  check: (v): v is JobResult => isObject(v) && ['teacher', 'oracle', 'method'].includes(String(v.kind)) && typeof v.seed === 'number',
  repair: 'delete it and resume the run or sweep it belongs to (`qunlearn run --resume RUN_DIR` or `qunlearn sweep --resume SWEEP_DIR`): that job runs again',
};

/** The teacher's and oracle's outputs and the oracle's privacy results for one scenario (cached per process). */
function scenarioReference(env: ExecutionEnv, seed: number, scenario: Scenario, sets: EvaluationSets): ScenarioReference {
  const key = `${env.dir}|${seed}|${scenario.name}`;
  const cached = referenceCache.get(key);
  if (cached !== undefined) return cached;
  const data = prepared(env, seed);
  const root = runFiles.references(env.dir, env.references);
  const teacherBase = runFiles.teacher(root, seed);
  const oracleBase = runFiles.oracle(root, seed, scenario.name);
  const teacher = modelWith(data, seed, 'teacher', loadState(teacherBase, data));
  const oracle = modelWith(data, seed, `oracle/${scenario.name}`, loadState(oracleBase, data));
  const settings = evaluationSettings(env);
  const teacherOutputs = outputsOf(teacher, data.inputs, sets);
  const teacherForgetAccuracy = accuracyOfProbabilities(teacherOutputs.forget, data.classes, sets.labels.forget);
  const oracleOutputs = outputsOf(oracle, data.inputs, sets);
  const oraclePrivacy = privacyOf(oracleOutputs, sets, data.classes, settings, new Rng(seed).stream(`privacy/${scenario.name}`), () =>
    relearnSteps(modelWith(data, seed, `relearn/${scenario.name}/oracle`, loadState(oracleBase, data)), data.inputs, scenario.forget, data.classes, teacherForgetAccuracy, settings, new Rng(seed).stream(`relearn/${scenario.name}`)),
  );
  const reference: ScenarioReference = {
    teacher: teacherOutputs,
    teacherForgetAccuracy,
    oracle: oracleOutputs,
    oraclePrivacy,
    retrainSeconds: readSummary(oracleBase).seconds,
  };
  referenceCache.set(key, reference);
  return reference;
}

/** The evaluation sets of a scenario, with the attacks' non-members drawn from the scenario's own stream. */
function scenarioSets(data: PreparedData, seed: number, scenario: Scenario): EvaluationSets {
  return evaluationSets(data.inputs, scenario, data.plan.test, new Rng(seed).stream(`membership/${scenario.name}`));
}

/** Runs one unlearning method on a copy of the teacher, evaluates it and saves the unlearned model and its row. */
function runMethodJob(env: ExecutionEnv, job: Job & { kind: 'method' }): MethodSummary {
  const data = prepared(env, job.seed);
  const scenario = scenarioOf(data, job.scenario);
  const spec = env.experiment.methods.find((m) => m.name === job.method);
  if (spec === undefined) throw new QunlearnError('config', `method '${job.method}' is not part of this run`);
  const method = getMethod(spec.name);
  const sets = scenarioSets(data, job.seed, scenario);
  const reference = scenarioReference(env, job.seed, scenario, sets);
  const root = runFiles.references(env.dir, env.references);
  const teacherState = loadState(runFiles.teacher(root, job.seed), data);
  const stream = `method/${scenario.name}/${method.name}`;
  const oracleBase = runFiles.oracle(root, job.seed, scenario.name);
  const context = methodContext(env, data, job.seed, scenario, stream, {
    original: teacherState,
    originalStream: 'teacher',
    oracle: { model: modelWith(data, job.seed, `oracle/${scenario.name}`, loadState(oracleBase, data)), seconds: reference.retrainSeconds },
  }, progress(env, job, Number(spec.config.epochs ?? 0)));
  const timed = measureWallClock(() => runMethod(method, context, spec.config));
  const { outcome, answer } = timed.value;
  const { replacement } = outcome;
  const settings = evaluationSettings(env);
  const unlearned = outputsOf(answer, data.inputs, sets);
  const unlearnedState = captureState(answer);
  const relearnCopy = (): BlockModel => replacement?.copy() ?? modelWith(data, job.seed, `relearn/${scenario.name}/${method.name}`, unlearnedState);
  const privacy = privacyOf(unlearned, sets, data.classes, settings, new Rng(job.seed).stream(`privacy/${scenario.name}`), () =>
    relearnSteps(relearnCopy(), data.inputs, scenario.forget, data.classes, reference.teacherForgetAccuracy, settings, new Rng(job.seed).stream(`relearn/${scenario.name}`)),
  );
  const referenceMia = settings.referenceMia ? referenceMiaAuc(unlearned, data.classes, new Rng(job.seed).stream(`privacy/${scenario.name}`)) : null;
  const log = outcome.training?.log ?? [];
  const c = data.model.circuit;
  const row: Record<string, unknown> = {
    seed: job.seed,
    dataset: data.dataset.name,
    model: `${data.model.preset}${data.model.classical ? '-classical' : ''}`,
    preset: env.experiment.preset,
    qubits: c.qubits,
    layers: c.layers,
    entangler: c.entangler,
    entangling_gate: c.entanglingGate,
    encoding: c.encoding,
    reupload: c.reupload,
    noise: c.noise,
    shots: c.shots,
    scenario: scenario.name,
    scenario_kind: scenario.kind,
    method: method.name,
    method_label: method.label,
    status: 'ok',
    n_retain: scenario.retain.length,
    n_forget: scenario.forget.length,
    n_test: data.plan.test.length,
    epochs_run: log.length,
    ...selectionColumns(answer, data.inputs, data.classes, context.base.selection.target, outcome.training),
    ...methodMetrics(unlearned, privacy, reference, sets, data.classes, outcome.seconds ?? timed.seconds, referenceMia),
    ...mechanismColumns(method.guarantee(spec.config), outcome.mechanism, outcome.seconds ?? timed.seconds,
      (model) => accuracyOf(model, data.inputs, data.plan.test, data.classes), accuracyOfProbabilities(reference.teacher.test, data.classes, sets.labels.test)),
    method_config: JSON.stringify(spec.config),
    method_details: outcome.details === undefined ? '' : JSON.stringify(outcome.details),
  };
  const base = runFiles.method(env.dir, job.seed, scenario.name, method.name);
  saveCheckpoint(base, answer, {
    model: data.model,
    seed: job.seed,
    data: checkpointData(env.experiment, data, job.seed),
    extra: { role: 'unlearned', scenario: scenario.name, method: method.name, config: spec.config, ...(replacement ? { architecture: 'mechanism' } : {}) },
  });
  const summary: MethodSummary = { kind: 'method', seed: job.seed, scenario: scenario.name, method: method.name, row, log };
  writeFileAtomic(runFiles.result(base), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** Executes one job in this process (the main thread with one worker, or a worker thread). */
export function executeJob(job: Job, env: ExecutionEnv): JobResult {
  try {
    if (job.kind === 'method') return runMethodJob(env, job);
    if (job.kind === 'teacher' || job.kind === 'oracle') return trainReference(env, job);
    return executeAuditJob(job, env);
  } catch (e) {
    if (e instanceof QunlearnError) throw new QunlearnError(e.code, `${jobLabel(job)}: ${e.message}`);
    throw e;
  }
}

/** The saved result of a finished job, or null when it has not finished (what `--resume` skips). */
export function finishedResult(job: StudyJob, dir: string, references?: string): JobResult | null {
  const root = runFiles.references(dir, references);
  const base =
    job.kind === 'teacher' ? runFiles.teacher(root, job.seed)
      : job.kind === 'oracle' ? runFiles.oracle(root, job.seed, job.scenario)
        : runFiles.method(dir, job.seed, job.scenario, job.method);
  const file = runFiles.result(base);
  return readJsonFileIfExists(file, JOB_RESULT);
}
