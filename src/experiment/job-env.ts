import { QunlearnError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import type { Scenario } from '../data/scenarios.js';
import type { BlockModel } from '../models/block-model.js';
import { buildModel } from '../models/presets.js';
import { restoreState, type ModelState } from '../models/state.js';
import { trainClassifier } from '../train/classifier.js';
import type { EpochLoopResult, EpochRecord } from '../train/epoch-loop.js';
import type { UnlearnContext } from '../unlearn/context.js';
import type { MethodOutcome, UnlearningMethod } from '../unlearn/method.js';
import { contextForMethod } from '../unlearn/needs.js';
import { forgetTargetOf } from '../unlearn/selection.js';
import type { ResolvedExperiment } from './config.js';
import type { Job, JobProgress } from './jobs.js';
import type { JobStore } from './job-store.js';
import { prepareDataset, type PreparedData } from './prepared-data.js';

/**
 * What every job of a run builds on, whether a study job (teacher, oracle, method) or an audit job: the prepared
 * data, the rows that select epochs, models built from named streams, supervised training, and the context a
 * method runs in. One place, so that a change to any of them applies to the study and the audit alike.
 */

/** What a process needs to execute jobs of one run. */
export interface ExecutionEnv {
  experiment: ResolvedExperiment;
  dir: string;
  /** A shared root for teachers and oracles (see `runFiles.references`); default: `dir`. */
  references?: string;
  /** Where finished jobs keep their models and results (the run folder in Node, memory in the browser). */
  store: JobStore;
  /** The run's dataset for a seed (image datasets draw their sample with it). */
  loadDataset: (seed: number) => Dataset;
  onProgress?: (progress: JobProgress) => void;
}

/** Per-process cache: a worker that executes several jobs of the same seed prepares its data only once. Keys include the run directory. */
const preparedCache = new Map<string, PreparedData>();

/** The seed's prepared data (cached per process). */
export function prepared(env: ExecutionEnv, seed: number): PreparedData {
  const key = `${env.dir}|${seed}`;
  let p = preparedCache.get(key);
  if (p === undefined) {
    p = prepareDataset(env.experiment, env.loadDataset(seed), seed);
    preparedCache.set(key, p);
  }
  return p;
}

/** Drops the cached prepared data of a run. */
export function releasePrepared(dir: string): void {
  for (const key of preparedCache.keys()) if (key.startsWith(`${dir}|`)) preparedCache.delete(key);
}

/** A scenario of the run by name. */
export function scenarioOf(data: PreparedData, name: string): Scenario {
  const s = data.plan.scenarios.find((x) => x.name === name);
  if (s === undefined)
    throw new QunlearnError(
      'config',
      `scenario '${name}' is not in this run (known: ${data.plan.scenarios.map((x) => x.name).join(', ')})`,
    );
  return s;
}

/**
 * The rows that select epochs. Under `sound`, the validation rows — restricted, inside a scenario, to the classes
 * its retain set still has: a model that forgot a class cannot (and must not) be selected for predicting it, and
 * the oracle never saw it. Under `paper`, the test rows, as the reference did.
 */
export function selectRows(env: ExecutionEnv, data: PreparedData, scenario?: Scenario): Int32Array {
  if (env.experiment.protocol.selection === 'test') return data.plan.test;
  if (scenario === undefined) return data.plan.validation;
  const kept = new Set<number>();
  for (const r of scenario.retain) kept.add(data.inputs.labels[r]);
  return data.plan.validation.filter((r) => kept.has(data.inputs.labels[r]));
}

/** A model of the run's architecture holding `state`, built with the named stream (dropout, re-initialisation). */
export function modelWith(data: PreparedData, seed: number, stream: string, state?: ModelState): BlockModel {
  const model = buildModel(data.model, new Rng(seed).stream(stream));
  if (state !== undefined) restoreState(model, state);
  return model;
}

/** Reports a job's epochs to the env's progress listener. */
export function progress(env: ExecutionEnv, job: Job, maxEpochs: number): (epoch: EpochRecord) => void {
  return (epoch) => env.onProgress?.({ job, epoch, maxEpochs });
}

/** The rows the original (teacher) model trains on: the training set, or the first subset scenario's retain set. */
export function teacherRows(env: ExecutionEnv, data: PreparedData): Int32Array {
  return env.experiment.teacherTrainOn === 'train'
    ? data.plan.train
    : data.plan.scenarios.find((s) => s.kind === 'subset')!.retain;
}

/**
 * Trains a fresh model on `trainRows` with the run's settings, selecting epochs on the scenario's selection rows
 * (the teacher's without a scenario): initialisation from the stream `stream`, shuffles from `<stream>/shuffle`.
 */
export function trainModel(
  env: ExecutionEnv,
  data: PreparedData,
  seed: number,
  stream: string,
  trainRows: Int32Array,
  scenario: Scenario | undefined,
  onEpoch?: (epoch: EpochRecord) => void,
): { model: BlockModel; result: EpochLoopResult } {
  const { training } = env.experiment;
  const model = modelWith(data, seed, stream);
  const result = trainClassifier(model, data.inputs, {
    trainRows,
    selectRows: selectRows(env, data, scenario),
    selectMetric: env.experiment.protocol.selectMetric,
    classes: data.classes,
    epochs: training.epochs,
    patience: training.patience,
    batchSize: training.batchSize,
    lr: training.lr,
    rng: new Rng(seed).stream(`${stream}/shuffle`),
    onEpoch,
  });
  return { model, result };
}

/** What a method run starts from: the original model's state and the stream it was built with, and the oracle. */
export interface MethodStart {
  original: ModelState;
  originalStream: string;
  oracle: UnlearnContext['oracle'];
}

/**
 * The context of one method run on one scenario: a copy of the original to modify, the original itself, the
 * oracle, fresh models, the data and the preset's base training with its epoch selection (the protocol's policy,
 * the utility rows and the scenario's forget target). Every stream hangs under `stream`. Run methods through
 * {@link runMethod}, which gives each only the inputs it declares.
 */
export function methodContext(
  env: ExecutionEnv,
  data: PreparedData,
  seed: number,
  scenario: Scenario,
  stream: string,
  start: MethodStart,
  onEpoch?: (epoch: EpochRecord) => void,
): UnlearnContext {
  const { batchSize, lr } = env.experiment.training;
  const validation = data.plan.validation.length > 0 ? data.plan.validation : null;
  return {
    model: modelWith(data, seed, `${stream}/model`, start.original),
    original: modelWith(data, seed, start.originalStream, start.original),
    oracle: start.oracle,
    freshModel: (name) => modelWith(data, seed, `${stream}/fresh/${name}`),
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
        target: forgetTargetOf(
          data.inputs.labels,
          scenario.retain,
          scenario.forget,
          validation,
          env.experiment.targetTolerance,
        ),
      },
      pairing: env.experiment.protocol.pairing,
      inputRange: data.model.preset === 'cnn-hybrid' ? [0, 1] : [-Math.PI, Math.PI],
    },
    rng: new Rng(seed).stream(stream).stream('method'),
    onEpoch,
  };
}

/**
 * Runs a method in its context, giving it only the inputs it declares (see `contextForMethod`); the answering model
 * is the method's replacement when it answers with another architecture (SISA's ensemble, a certified head), else
 * the context's model.
 */
export function runMethod(
  method: UnlearningMethod,
  context: UnlearnContext,
  config: Record<string, unknown>,
): { outcome: MethodOutcome; answer: BlockModel } {
  const outcome = method.run(contextForMethod(method, context), config);
  return { outcome, answer: outcome.replacement?.model ?? context.model };
}
