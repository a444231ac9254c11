import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { QunlearnError } from '../../core/errors.js';
import type { BlockModel } from '../../models/block-model.js';
import type { CheckpointContent } from '../../models/node/checkpoint.js';
import type { LabeledData } from '../../train/labeled-data.js';
import { accuracyOf } from '../../train/predict.js';
import type { Guarantee } from '../../unlearn/guarantee.js';
import type { DeletionReport, MechanismBudget } from '../../unlearn/mechanism.js';
import { getMethod, METHODS } from '../../unlearn/registry.js';
import type { ResolvedExperiment } from '../config.js';
import { lockFolder } from '../folder-lock.js';
import { checkpointData, prepareData } from '../prepare.js';
import { appendRecord, verifyLedger, type LedgerCheck, type LedgerRecord } from './ledger.js';
import {
  loadModelDir,
  MECHANISM_FORMAT,
  modelDirEnv,
  modelDirFiles,
  modelFileHash,
  readMechanismRecord,
  writeMechanismRecord,
  writeMechanismTensors,
  type MechanismRecord,
} from './model-dir.js';
import { hashRowId, readDeletionRequest } from './request.js';

/** What training a model with a guaranteed method produced. */
export interface TrainedModelSummary {
  dir: string;
  method: string;
  guarantee: Guarantee;
  rows: number;
  publicRows: number;
  testAccuracy: number;
  seconds: number;
  budget: MechanismBudget;
  ledger: LedgerRecord;
}

/** The methods `qunlearn train --method` and `qunlearn forget` accept: those with a mechanism. */
export function mechanismMethodNames(): string[] {
  return METHODS.filter((m) => m.mechanism !== undefined).map((m) => m.name);
}

/**
 * Trains the experiment's (single) method's mechanism on the training rows of its first seed and writes the model
 * directory: the model, the mechanism's state, and a ledger whose first record is this training.
 */
export function trainMechanismModel(experiment: ResolvedExperiment, dir: string): TrainedModelSummary {
  const spec = experiment.methods[0];
  const method = getMethod(spec.name);
  if (method.mechanism === undefined) {
    throw new QunlearnError(
      'config',
      `--method ${spec.name}: not a method with a guarantee and a saved mechanism; choose one of ${mechanismMethodNames().join(', ')}`,
    );
  }
  if (existsSync(modelDirFiles.mechanismState(dir)) || existsSync(modelDirFiles.ledger(dir))) {
    throw new QunlearnError(
      'usage',
      `${dir} already holds a model with a ledger; choose another --out (its ledger must not be overwritten)`,
    );
  }
  const seed = experiment.seeds[0];
  const data = prepareData(experiment, seed);
  const base: Omit<MechanismRecord, 'state' | 'ledger'> = {
    format: MECHANISM_FORMAT,
    method: method.name,
    config: spec.config,
    seed,
    training: { lr: experiment.training.lr, batchSize: experiment.training.batchSize },
    family: experiment.kind,
    plan: {
      train: Array.from(data.plan.train),
      validation: Array.from(data.plan.validation),
      test: Array.from(data.plan.test),
    },
    deleted: {},
  };
  const env = modelDirEnv(data.inputs, data.model, base);
  const t0 = performance.now();
  const trained = method.mechanism.train(env, data.plan.train, spec.config);
  const seconds = (performance.now() - t0) / 1000;
  const testAccuracy = accuracyOf(trained.model, data.inputs, data.plan.test, data.classes);
  const guarantee = trained.guarantee();
  const { state, modelHash } = writeMechanismTensors(dir, trained, {
    model: data.model,
    seed,
    data: checkpointData(experiment, data, seed),
    metrics: { test_acc: testAccuracy },
    extra: { role: 'mechanism', method: method.name, config: spec.config },
  });
  const { record, head } = appendRecord(
    modelDirFiles.ledger(dir),
    { records: 0, head: null },
    {
      event: 'train',
      model: modelHash,
      method: method.name,
      guarantee,
      budget: trained.budget(),
      rows: { trained: trained.rows().length, public: trained.publicRows.length },
      accuracy: { test: testAccuracy },
      seconds,
    },
  );
  writeMechanismRecord(dir, { ...base, state, ledger: head });
  return {
    dir,
    method: method.name,
    guarantee,
    rows: trained.rows().length,
    publicRows: trained.publicRows.length,
    testAccuracy,
    seconds,
    budget: trained.budget(),
    ledger: record,
  };
}

/** Test accuracy and accuracy on the request's rows. */
function accuracies(
  model: BlockModel,
  inputs: LabeledData,
  classes: number,
  test: Int32Array,
  rows: Int32Array,
): { test: number; forget: number } {
  return { test: accuracyOf(model, inputs, test, classes), forget: accuracyOf(model, inputs, rows, classes) };
}

/** What one deletion request did. */
export interface DeletionSummary {
  dir: string;
  method: string;
  rows: number;
  guarantee: Guarantee;
  report: DeletionReport;
  accuracy: { before: { test: number; forget: number }; after: { test: number; forget: number } };
  seconds: number;
  ledger: LedgerRecord;
}

/**
 * Applies one deletion request to a model directory: the ledger must verify first; the request is checked in full
 * before anything changes (one clear error otherwise); then the mechanism deletes the rows, and the new model, its
 * state and a ledger record (hashed row ids, guarantee, budget, accuracies before and after) are written, with
 * mechanism.json last.
 */
export function applyDeletionRequest(dir: string, requestFile: string): DeletionSummary {
  readMechanismRecord(dir);
  // Two requests applied at once would both start from the same model and ledger head: one of them would be lost.
  const lock = lockFolder(dir, 'model directory', 'wait for the other deletion request to finish, then apply this one');
  try {
    return applyLocked(dir, requestFile);
  } finally {
    lock.release();
  }
}

function applyLocked(dir: string, requestFile: string): DeletionSummary {
  const loaded = loadModelDir(dir);
  const { record, trained, inputs, data } = loaded;
  const check = verifyLedger(modelDirFiles.ledger(dir), record.ledger, modelFileHash(dir));
  if (check.problems.length > 0) {
    throw new QunlearnError(
      'ledger',
      `the ledger of ${dir} does not verify (${check.problems[0]}); no request is applied to a model whose history cannot be trusted`,
    );
  }
  const rows = readDeletionRequest(requestFile, {
    datasetRows: inputs.labels.length,
    current: new Set(trained.rows()),
    publicRows: new Set(trained.publicRows),
    validation: new Set(record.plan.validation),
    test: new Set(record.plan.test),
    deleted: record.deleted,
    fingerprint: data.fingerprint,
  });
  const classes = loaded.env.classes;
  const test = Int32Array.from(record.plan.test);
  const before = accuracies(trained.model, inputs, classes, test, rows);
  const t0 = performance.now();
  const report = trained.forget(rows);
  const seconds = (performance.now() - t0) / 1000;
  const after = accuracies(trained.model, inputs, classes, test, rows);
  const guarantee = trained.guarantee();
  const { checkpoint } = loaded;
  const content: CheckpointContent = {
    model: checkpoint.model,
    seed: checkpoint.seed,
    data: checkpoint.data,
    metrics: { test_acc: after.test },
    extra: checkpoint.extra,
  };
  const { state, modelHash } = writeMechanismTensors(dir, trained, content);
  const hashed = Array.from(rows, (id) => hashRowId(data.fingerprint, id));
  const { record: entry, head } = appendRecord(modelDirFiles.ledger(dir), record.ledger, {
    event: 'forget',
    model: modelHash,
    method: record.method,
    request: { file: basename(requestFile), rows: rows.length, ids: hashed },
    guarantee,
    budget: report.budget,
    retrained: report.retrained,
    workRedone: report.workRedone,
    details: report.details,
    accuracy: { before, after },
    seconds,
  });
  const deleted = { ...record.deleted, ...Object.fromEntries(hashed.map((h) => [h, entry.seq])) };
  writeMechanismRecord(dir, { ...record, state, deleted, ledger: head });
  return {
    dir,
    method: record.method,
    rows: rows.length,
    guarantee,
    report,
    accuracy: { before, after },
    seconds,
    ledger: entry,
  };
}

/** Verifies a model directory's ledger against its state and model file. */
export function verifyModelDir(dir: string): LedgerCheck {
  const record = readMechanismRecord(dir);
  return verifyLedger(modelDirFiles.ledger(dir), record.ledger, modelFileHash(dir));
}
