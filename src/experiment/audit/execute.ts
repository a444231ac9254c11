import { rowArgmax } from '../../core/argmax.js';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { isQunlearnError, QunlearnError } from '../../core/errors.js';
import { releaseWorkspace } from '../../core/workspace.js';
import type { Scenario } from '../../data/scenarios.js';
import { logitScaledConfidence } from '../../metrics/logit-confidence.js';
import type { BlockModel } from '../../models/block-model.js';
import { captureState, type ModelState } from '../../models/state.js';
import { gatherLabels } from '../../train/labeled-data.js';
import { accuracyOf, predictLogits } from '../../train/predict.js';
import type { UnlearnContext } from '../../unlearn/context.js';
import { retrainMechanism } from '../../unlearn/mechanism-run.js';
import { getMethod } from '../../unlearn/registry.js';
import {
  methodContext,
  prepared,
  progress,
  runMethod,
  scenarioOf,
  teacherRows,
  trainModel,
  type ExecutionEnv,
} from '../job-env.js';
import type { AuditJob, AuditJobSummary } from '../jobs.js';
import type { PreparedData } from '../prepare.js';
import { auditFiles } from './layout.js';
import {
  AUDIT_MODEL_FORMAT,
  type FailedRecord,
  type ModelRecord,
  type RetrainedRecord,
  type UnlearnedRecord,
} from './records.js';

/** The stream under which everything of audit model `i` is drawn (a name no study job uses). */
export function auditStream(i: number, name: string): string {
  return `audit/model-${i}/${name}`;
}

/** What the audit keeps of a model on a scenario: φ of each forget example and the three accuracies. */
export function auditModel(model: BlockModel, data: PreparedData, scenario: Scenario): ModelRecord {
  const logits = predictLogits(model, data.inputs, scenario.forget);
  const labels = gatherLabels(data.inputs, scenario.forget);
  const predicted = rowArgmax(logits, data.classes);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return {
    phi: Array.from(logitScaledConfidence(logits, labels, data.classes)),
    retainAcc: accuracyOf(model, data.inputs, scenario.retain, data.classes),
    forgetAcc: correct / labels.length,
    testAcc: accuracyOf(model, data.inputs, data.plan.test, data.classes),
  };
}

function settingsOf(env: ExecutionEnv): NonNullable<ExecutionEnv['experiment']['audit']> {
  const settings = env.experiment.audit;
  if (settings === undefined)
    throw new QunlearnError('config', 'an audit job reached a run that has no audit settings');
  return settings;
}

/** Trains retrained model `i` of a scenario from scratch on its retain set and writes its record. */
function retrainedJob(env: ExecutionEnv, job: AuditJob & { kind: 'audit-retrained' }): AuditJobSummary {
  const data = prepared(env, job.seed);
  const scenario = scenarioOf(data, job.scenario);
  const stream = auditStream(job.model, `retrained/${scenario.name}`);
  const { model, result } = trainModel(
    env,
    data,
    job.seed,
    stream,
    scenario.retain,
    scenario,
    progress(env, job, env.experiment.training.epochs),
  );
  const record: RetrainedRecord = {
    format: AUDIT_MODEL_FORMAT,
    seed: job.seed,
    model: job.model,
    scenario: scenario.name,
    role: 'retrained',
    ...auditModel(model, data, scenario),
  };
  writeFileAtomic(auditFiles.retrained(env.dir, scenario.name, job.model), `${JSON.stringify(record)}\n`);
  return { kind: 'audit', seed: job.seed, model: job.model, seconds: result.seconds };
}

/**
 * The oracle a method may ask for, as its own retrained model: trained on first use only (only the `retrain`
 * baseline reads it), from a stream of its own, so that `retrain` run as a method is an independent draw from the
 * retrained population rather than a copy of one of its members.
 */
function lazyOracle(
  env: ExecutionEnv,
  data: PreparedData,
  seed: number,
  scenario: Scenario,
  stream: string,
): UnlearnContext['oracle'] {
  let trained: { model: BlockModel; seconds: number } | undefined;
  const oracle = (): { model: BlockModel; seconds: number } => {
    if (trained === undefined) {
      const { model, result } = trainModel(env, data, seed, `${stream}/oracle`, scenario.retain, scenario);
      trained = { model, seconds: result.seconds };
    }
    return trained;
  };
  return {
    get model() {
      return oracle().model;
    },
    get seconds() {
      return oracle().seconds;
    },
  };
}

/** The original model `i` starts from: trained for it (`per-model`), or the run's teacher (`shared`). */
function originalModel(
  env: ExecutionEnv,
  data: PreparedData,
  job: AuditJob,
): { state: ModelState; stream: string; seconds: number } {
  if (settingsOf(env).original === 'shared') {
    return { state: env.store.state({ kind: 'teacher', seed: job.seed }, data), stream: 'teacher', seconds: 0 };
  }
  const stream = auditStream(job.model, 'original');
  const { model, result } = trainModel(
    env,
    data,
    job.seed,
    stream,
    teacherRows(env, data),
    undefined,
    progress(env, job, env.experiment.training.epochs),
  );
  return { state: captureState(model), stream, seconds: result.seconds };
}

/**
 * Runs every method on every scenario from original model `i` and writes one record with all of them. A method
 * that rejects its input (a QunlearnError) is recorded as failed for this model; the others still run.
 */
function unlearnedJob(env: ExecutionEnv, job: AuditJob & { kind: 'audit-unlearned' }): AuditJobSummary {
  const data = prepared(env, job.seed);
  const started = performance.now();
  const original = originalModel(env, data, job);
  const scenarios: UnlearnedRecord['scenarios'] = {};
  const sameMechanism: NonNullable<UnlearnedRecord['sameMechanism']> = {};
  for (const scenario of data.plan.scenarios) {
    const records: UnlearnedRecord['scenarios'][string] = {};
    const mechanismRecords: NonNullable<UnlearnedRecord['sameMechanism']>[string] = {};
    for (const spec of env.experiment.methods) {
      const method = getMethod(spec.name);
      const contextFor = (stream: string): UnlearnContext =>
        methodContext(
          env,
          data,
          job.seed,
          scenario,
          stream,
          {
            original: original.state,
            originalStream: original.stream,
            oracle: lazyOracle(env, data, job.seed, scenario, stream),
          },
          progress(env, job, Number(spec.config.epochs ?? 0)),
        );
      records[spec.name] = recordOrError(() =>
        auditModel(
          runMethod(method, contextFor(auditStream(job.model, `${scenario.name}/${spec.name}`)), spec.config).answer,
          data,
          scenario,
        ),
      );
      const { mechanism } = method;
      if (mechanism !== undefined) {
        const stream = auditStream(job.model, `${scenario.name}/${spec.name}/same-mechanism`);
        mechanismRecords[spec.name] = recordOrError(() =>
          auditModel(retrainMechanism(mechanism, contextFor(stream), spec.config), data, scenario),
        );
      }
    }
    scenarios[scenario.name] = records;
    if (Object.keys(mechanismRecords).length > 0) sameMechanism[scenario.name] = mechanismRecords;
  }
  const record: UnlearnedRecord = {
    format: AUDIT_MODEL_FORMAT,
    seed: job.seed,
    model: job.model,
    role: 'unlearned',
    original: settingsOf(env).original,
    scenarios,
    ...(Object.keys(sameMechanism).length > 0 ? { sameMechanism } : {}),
  };
  writeFileAtomic(auditFiles.unlearned(env.dir, job.model), `${JSON.stringify(record)}\n`);
  return { kind: 'audit', seed: job.seed, model: job.model, seconds: (performance.now() - started) / 1000 };
}

/** A model's record, or the message of the QunlearnError that stopped the method on it. */
function recordOrError(make: () => ModelRecord): ModelRecord | FailedRecord {
  try {
    return make();
  } catch (e) {
    if (!isQunlearnError(e)) throw e;
    return { error: e.message };
  }
}

/** Executes one audit job in this process and writes its model record. */
export function executeAuditJob(job: AuditJob, env: ExecutionEnv): AuditJobSummary {
  try {
    return job.kind === 'audit-retrained' ? retrainedJob(env, job) : unlearnedJob(env, job);
  } finally {
    releaseWorkspace();
  }
}
