import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-file.js';
import { QunlearnError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { Scenario } from '../data/scenarios.js';
import { accuracyOfProbabilities } from '../metrics/accuracy.js';
import { measureWallClock } from '../metrics/timing.js';
import type { BlockModel } from '../models/block-model.js';
import { readCheckpoint, saveCheckpoint } from '../models/checkpoint.js';
import { buildModel } from '../models/presets.js';
import { captureState, restoreState, type ModelState } from '../models/state.js';
import { trainClassifier } from '../train/classifier.js';
import type { EpochRecord } from '../train/epoch-loop.js';
import { accuracyOf } from '../train/predict.js';
import type { UnlearnContext } from '../unlearn/context.js';
import { contextForMethod } from '../unlearn/needs.js';
import { getMethod } from '../unlearn/registry.js';
import { forgetTargetOf } from '../unlearn/selection.js';
import type { ResolvedExperiment } from './config.js';
import {
  evaluationSets, methodMetrics, outputsOf, privacyOf, referenceMiaAuc, relearnSteps, type EvaluationSets,
  type EvaluationSettings, type ScenarioReference,
} from './evaluate.js';
import { jobLabel, type Job, type JobProgress, type JobResult, type MethodSummary, type TrainingSummary } from './jobs.js';
import { isObject, readJsonFile, readJsonFileIfExists, type JsonFileKind } from './json-file.js';
import { runFiles } from './layout.js';
import { selectionColumns } from './selection-columns.js';
import { mechanismColumns } from './mechanism-columns.js';
import { checkpointData, prepareData, type PreparedData } from './prepare.js';

/** What a process needs to execute jobs of one run. */
export interface ExecutionEnv {
  experiment: ResolvedExperiment;
  dir: string;
  /** A shared root for teachers and oracles (see `runFiles.references`); default: `dir`. */
  references?: string;
  onProgress?: (progress: JobProgress) => void;
}

/**
 * Per-process caches: a worker that executes several jobs of the same seed prepares its data, loads the teacher
 * and evaluates each scenario's references only once. Keys include the run directory.
 */
const preparedCache = new Map<string, PreparedData>();
const stateCache = new Map<string, ModelState>();
const referenceCache = new Map<string, ScenarioReference>();

function prepared(env: ExecutionEnv, seed: number): PreparedData {
  const key = `${env.dir}|${seed}`;
  let p = preparedCache.get(key);
  if (p === undefined) {
    p = prepareData(env.experiment, seed);
    preparedCache.set(key, p);
  }
  return p;
}

function scenarioOf(data: PreparedData, name: string): Scenario {
  const s = data.plan.scenarios.find((x) => x.name === name);
  if (s === undefined) throw new QunlearnError('config', `scenario '${name}' is not in this run (known: ${data.plan.scenarios.map((x) => x.name).join(', ')})`);
  return s;
}

/**
 * The rows that select epochs. Under `sound`, the validation rows — restricted, inside a scenario, to the classes
 * its retain set still has: a model that forgot a class cannot (and must not) be selected for predicting it, and
 * the oracle never saw it. Under `paper`, the test rows, as the reference did.
 */
function selectRows(env: ExecutionEnv, data: PreparedData, scenario?: Scenario): Int32Array {
  if (env.experiment.protocol.selection === 'test') return data.plan.test;
  if (scenario === undefined) return data.plan.validation;
  const kept = new Set<number>();
  for (const r of scenario.retain) kept.add(data.inputs.labels[r]);
  return data.plan.validation.filter((r) => kept.has(data.inputs.labels[r]));
}

/** Loads a checkpoint's state, checking that it belongs to this run's data. */
function loadState(path: string, data: PreparedData): ModelState {
  let s = stateCache.get(path);
  if (s === undefined) {
    let checkpoint;
    try {
      checkpoint = readCheckpoint(path);
    } catch (e) {
      if (!(e instanceof QunlearnError)) throw e;
      throw new QunlearnError(e.code, `${e.message}; to train it again, delete ${runFiles.result(path)} and resume the run or sweep (\`qunlearn run --resume\` / \`qunlearn sweep --resume\`)`);
    }
    const { state, metadata } = checkpoint;
    const fingerprint = (metadata.data as { fingerprint?: string } | undefined)?.fingerprint;
    if (fingerprint !== data.dataset.fingerprint) {
      throw new QunlearnError('checkpoint', `${path} was trained on other data (fingerprint ${fingerprint}, this run's data is ${data.dataset.fingerprint})`);
    }
    s = state;
    stateCache.set(path, s);
  }
  return s;
}

/** A model of the run's architecture holding `state`, built with the named stream (dropout, re-initialisation). */
function modelWith(data: PreparedData, seed: number, stream: string, state?: ModelState): BlockModel {
  const model = buildModel(data.model, new Rng(seed).stream(stream));
  if (state !== undefined) restoreState(model, state);
  return model;
}

function progress(env: ExecutionEnv, job: Job, maxEpochs: number): (epoch: EpochRecord) => void {
  return (epoch) => env.onProgress?.({ job, epoch, maxEpochs });
}

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
  const trainRows = isTeacher
    ? env.experiment.teacherTrainOn === 'train' ? data.plan.train : data.plan.scenarios.find((s) => s.kind === 'subset')!.retain
    : scenario!.retain;
  const stream = isTeacher ? 'teacher' : `oracle/${job.scenario}`;
  const model = modelWith(data, job.seed, stream);
  const select = selectRows(env, data, scenario);
  const result = trainClassifier(model, data.inputs, {
    trainRows,
    selectRows: select,
    selectMetric: env.experiment.protocol.selectMetric,
    classes: data.classes,
    epochs: training.epochs,
    patience: training.patience,
    batchSize: training.batchSize,
    lr: training.lr,
    rng: new Rng(job.seed).stream(`${stream}/shuffle`),
    onEpoch: progress(env, job, training.epochs),
  });
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
  stateCache.set(base, captureState(model));
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
  const rng = new Rng(job.seed).stream(stream);
  const { batchSize, lr } = env.experiment.training;
  const oracleBase = runFiles.oracle(root, job.seed, scenario.name);
  const validation = data.plan.validation.length > 0 ? data.plan.validation : null;
  const context: UnlearnContext = {
    model: modelWith(data, job.seed, `${stream}/model`, teacherState),
    original: modelWith(data, job.seed, 'teacher', teacherState),
    oracle: { model: modelWith(data, job.seed, `oracle/${scenario.name}`, loadState(oracleBase, data)), seconds: reference.retrainSeconds },
    freshModel: (name) => modelWith(data, job.seed, `${stream}/fresh/${name}`),
    data: data.inputs,
    classes: data.classes,
    retain: scenario.retain,
    forget: scenario.forget,
    validation,
    family: env.experiment.kind,
    base: {
      lr,
      batchSize,
      selection: {
        policy: env.experiment.methodSelection,
        utilityRows: selectRows(env, data, scenario),
        metric: env.experiment.protocol.selectMetric,
        target: forgetTargetOf(data.inputs.labels, scenario.retain, scenario.forget, validation, env.experiment.targetTolerance),
      },
      pairing: env.experiment.protocol.pairing,
      inputRange: data.model.preset === 'cnn-hybrid' ? [0, 1] : [-Math.PI, Math.PI],
    },
    rng: rng.stream('method'),
    onEpoch: progress(env, job, Number(spec.config.epochs ?? 0)),
  };
  const timed = measureWallClock(() => method.run(contextForMethod(method, context), spec.config));
  const { replacement } = timed.value;
  const answer = replacement?.model ?? context.model;
  const settings = evaluationSettings(env);
  const unlearned = outputsOf(answer, data.inputs, sets);
  const unlearnedState = captureState(answer);
  const relearnCopy = (): BlockModel => replacement?.copy() ?? modelWith(data, job.seed, `relearn/${scenario.name}/${method.name}`, unlearnedState);
  const privacy = privacyOf(unlearned, sets, data.classes, settings, new Rng(job.seed).stream(`privacy/${scenario.name}`), () =>
    relearnSteps(relearnCopy(), data.inputs, scenario.forget, data.classes, reference.teacherForgetAccuracy, settings, new Rng(job.seed).stream(`relearn/${scenario.name}`)),
  );
  const referenceMia = settings.referenceMia ? referenceMiaAuc(unlearned, data.classes, new Rng(job.seed).stream(`privacy/${scenario.name}`)) : null;
  const log = timed.value.training?.log ?? [];
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
    ...selectionColumns(answer, data.inputs, data.classes, context.base.selection.target, timed.value.training),
    ...methodMetrics(unlearned, privacy, reference, sets, data.classes, timed.value.seconds ?? timed.seconds, referenceMia),
    ...mechanismColumns(method.guarantee(spec.config), timed.value.mechanism, timed.value.seconds ?? timed.seconds,
      (model) => accuracyOf(model, data.inputs, data.plan.test, data.classes), accuracyOfProbabilities(reference.teacher.test, data.classes, sets.labels.test)),
    method_config: JSON.stringify(spec.config),
    method_details: timed.value.details === undefined ? '' : JSON.stringify(timed.value.details),
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
    return job.kind === 'method' ? runMethodJob(env, job) : trainReference(env, job);
  } catch (e) {
    if (e instanceof QunlearnError) throw new QunlearnError(e.code, `${jobLabel(job)}: ${e.message}`);
    throw e;
  }
}

/** The saved result of a finished job, or null when it has not finished (what `--resume` skips). */
export function finishedResult(job: Job, dir: string, references?: string): JobResult | null {
  const root = runFiles.references(dir, references);
  const base =
    job.kind === 'teacher' ? runFiles.teacher(root, job.seed)
      : job.kind === 'oracle' ? runFiles.oracle(root, job.seed, job.scenario)
        : runFiles.method(dir, job.seed, job.scenario, job.method);
  const file = runFiles.result(base);
  return readJsonFileIfExists(file, JOB_RESULT);
}
