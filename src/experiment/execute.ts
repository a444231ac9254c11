import { QunlearnError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { releaseWorkspace } from '../core/workspace.js';
import type { Scenario } from '../data/scenarios.js';
import { accuracyOfProbabilities } from '../metrics/accuracy.js';
import { measureWallClock } from '../metrics/timing.js';
import type { BlockModel } from '../models/block-model.js';
import { captureState } from '../models/state.js';
import { accuracyOf } from '../train/predict.js';
import { getMethod } from '../unlearn/registry.js';
import {
  evaluationSets,
  methodMetrics,
  outputsOf,
  privacyOf,
  referenceMiaAuc,
  relearnSteps,
  type EvaluationSets,
  type EvaluationSettings,
  type ScenarioReference,
} from './evaluate.js';
import {
  methodContext,
  modelWith,
  prepared,
  progress,
  releasePrepared,
  runMethod,
  scenarioOf,
  teacherRows,
  trainModel,
  type ExecutionEnv,
} from './job-env.js';
import { jobLabel, type Job, type MethodSummary, type StudyJob, type TrainingSummary } from './jobs.js';
import { mechanismColumns } from './mechanism-columns.js';
import { checkpointData, type PreparedData } from './prepared-data.js';
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
  const { model, result } = trainModel(
    env,
    data,
    job.seed,
    stream,
    trainRows,
    scenario,
    progress(env, job, training.epochs),
  );
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
  env.store.save(
    job,
    model,
    {
      model: data.model,
      seed: job.seed,
      data: checkpointData(env.experiment, data, job.seed),
      metrics: { train_acc: summary.trainAccuracy, select_score: summary.selectScore, test_acc: summary.testAccuracy },
      extra: { role: job.kind, scenario: summary.scenario ?? null, training: result.log },
    },
    summary,
  );
  return summary;
}

/** The result of a finished teacher or oracle (an error when it has not finished). */
function referenceSummary(env: ExecutionEnv, job: StudyJob & { kind: 'teacher' | 'oracle' }): TrainingSummary {
  const result = env.store.result(job);
  if (result === null)
    throw new QunlearnError('run', `${jobLabel(job)} has not finished: the jobs that start from it cannot run yet`);
  return result as TrainingSummary;
}

/** The teacher's and oracle's outputs and the oracle's privacy results for one scenario (cached per process). */
function scenarioReference(
  env: ExecutionEnv,
  seed: number,
  scenario: Scenario,
  sets: EvaluationSets,
): ScenarioReference {
  const key = `${env.dir}|${seed}|${scenario.name}`;
  const cached = referenceCache.get(key);
  if (cached !== undefined) return cached;
  const data = prepared(env, seed);
  const oracleJob = { kind: 'oracle', seed, scenario: scenario.name } as const;
  const teacher = modelWith(data, seed, 'teacher', env.store.state({ kind: 'teacher', seed }, data));
  const oracle = modelWith(data, seed, `oracle/${scenario.name}`, env.store.state(oracleJob, data));
  const settings = evaluationSettings(env);
  const teacherOutputs = outputsOf(teacher, data.inputs, sets);
  const teacherForgetAccuracy = accuracyOfProbabilities(teacherOutputs.forget, data.classes, sets.labels.forget);
  const oracleOutputs = outputsOf(oracle, data.inputs, sets);
  const oraclePrivacy = privacyOf(
    oracleOutputs,
    sets,
    data.classes,
    settings,
    new Rng(seed).stream(`privacy/${scenario.name}`),
    () =>
      relearnSteps(
        modelWith(data, seed, `relearn/${scenario.name}/oracle`, env.store.state(oracleJob, data)),
        data.inputs,
        scenario.forget,
        data.classes,
        teacherForgetAccuracy,
        settings,
        new Rng(seed).stream(`relearn/${scenario.name}`),
      ),
  );
  const reference: ScenarioReference = {
    teacher: teacherOutputs,
    teacherForgetAccuracy,
    oracle: oracleOutputs,
    oraclePrivacy,
    retrainSeconds: referenceSummary(env, oracleJob).seconds,
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
  const teacherState = env.store.state({ kind: 'teacher', seed: job.seed }, data);
  const stream = `method/${scenario.name}/${method.name}`;
  const context = methodContext(
    env,
    data,
    job.seed,
    scenario,
    stream,
    {
      original: teacherState,
      originalStream: 'teacher',
      oracle: {
        model: modelWith(
          data,
          job.seed,
          `oracle/${scenario.name}`,
          env.store.state({ kind: 'oracle', seed: job.seed, scenario: scenario.name }, data),
        ),
        seconds: reference.retrainSeconds,
      },
    },
    progress(env, job, Number(spec.config.epochs ?? 0)),
  );
  const timed = measureWallClock(() => runMethod(method, context, spec.config));
  const { outcome, answer } = timed.value;
  const { replacement } = outcome;
  const settings = evaluationSettings(env);
  const unlearned = outputsOf(answer, data.inputs, sets);
  const unlearnedState = captureState(answer);
  const relearnCopy = (): BlockModel =>
    replacement?.copy() ?? modelWith(data, job.seed, `relearn/${scenario.name}/${method.name}`, unlearnedState);
  const privacy = privacyOf(
    unlearned,
    sets,
    data.classes,
    settings,
    new Rng(job.seed).stream(`privacy/${scenario.name}`),
    () =>
      relearnSteps(
        relearnCopy(),
        data.inputs,
        scenario.forget,
        data.classes,
        reference.teacherForgetAccuracy,
        settings,
        new Rng(job.seed).stream(`relearn/${scenario.name}`),
      ),
  );
  const referenceMia = settings.referenceMia
    ? referenceMiaAuc(unlearned, data.classes, new Rng(job.seed).stream(`privacy/${scenario.name}`))
    : null;
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
    ...mechanismColumns(
      method.guarantee(spec.config),
      outcome.mechanism,
      outcome.seconds ?? timed.seconds,
      (model) => accuracyOf(model, data.inputs, data.plan.test, data.classes),
      accuracyOfProbabilities(reference.teacher.test, data.classes, sets.labels.test),
    ),
    method_config: JSON.stringify(spec.config),
    method_details: outcome.details === undefined ? '' : JSON.stringify(outcome.details),
  };
  const summary: MethodSummary = {
    kind: 'method',
    seed: job.seed,
    scenario: scenario.name,
    method: method.name,
    row,
    log,
  };
  env.store.save(
    job,
    answer,
    {
      model: data.model,
      seed: job.seed,
      data: checkpointData(env.experiment, data, job.seed),
      extra: {
        role: 'unlearned',
        scenario: scenario.name,
        method: method.name,
        config: spec.config,
        ...(replacement ? { architecture: 'mechanism' } : {}),
      },
    },
    summary,
  );
  return summary;
}

/** Executes one study job (teacher, oracle or method) in this process, keeping its model and result in the env's store. */
export function executeStudyJob(job: StudyJob, env: ExecutionEnv): TrainingSummary | MethodSummary {
  try {
    return job.kind === 'method' ? runMethodJob(env, job) : trainReference(env, job);
  } catch (e) {
    if (e instanceof QunlearnError) throw new QunlearnError(e.code, `${jobLabel(job)}: ${e.message}`);
    throw e;
  } finally {
    releaseWorkspace();
  }
}

/** Forgets the per-process caches of a run (its prepared data and evaluated references), e.g. when a page starts a new run. */
export function releaseRun(dir: string): void {
  for (const key of referenceCache.keys()) if (key.startsWith(`${dir}|`)) referenceCache.delete(key);
  releasePrepared(dir);
}
