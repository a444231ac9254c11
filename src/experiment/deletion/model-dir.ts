import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { readCheckpoint, saveCheckpoint, type CheckpointContent } from '../../models/node/checkpoint.js';
import { buildModel, type ModelConfig } from '../../models/presets.js';
import { decodeSafetensors, encodeSafetensors } from '../../models/safetensors.js';
import type { ModelState } from '../../models/state.js';
import type { LabeledData } from '../../train/labeled-data.js';
import type { DataFamily } from '../../unlearn/context.js';
import type { MechanismEnv, SavedMechanism, TrainedMechanism } from '../../unlearn/mechanism.js';
import { getMethod } from '../../unlearn/registry.js';
import { applyPreprocessing, loadNamedDataset, type CheckpointData } from '../prepare.js';
import { sha256, type LedgerHead } from './ledger.js';

/** The files of a model directory written by `qunlearn train --method` and updated by `qunlearn forget`. */
export const modelDirFiles = {
  /** The answering model's checkpoint: model.safetensors and model.json. */
  model: (dir: string): string => join(dir, 'model'),
  tensors: (dir: string): string => join(dir, 'model.safetensors'),
  mechanismTensors: (dir: string): string => join(dir, 'mechanism.safetensors'),
  mechanismState: (dir: string): string => join(dir, 'mechanism.json'),
  ledger: (dir: string): string => join(dir, 'ledger.jsonl'),
};

export const MECHANISM_FORMAT = 'qunlearn-mechanism/1';

/** mechanism.json: which method and settings, how to rebuild its env, its split, its state and the ledger's head. */
export interface MechanismRecord {
  format: typeof MECHANISM_FORMAT;
  method: string;
  config: Record<string, unknown>;
  seed: number;
  training: { lr: number; batchSize: number };
  family: DataFamily;
  plan: { train: number[]; validation: number[]; test: number[] };
  state: Record<string, unknown>;
  /** Hashed ids of deleted rows, each with the ledger record that deleted it. */
  deleted: Record<string, number>;
  ledger: LedgerHead;
}

/** The env a saved mechanism trains with: everything drawn from its seed under `mechanism/…` streams. */
export function modelDirEnv(
  inputs: LabeledData,
  model: ModelConfig,
  record: Pick<MechanismRecord, 'seed' | 'training' | 'family'>,
): MechanismEnv {
  return {
    data: inputs,
    classes: model.classes,
    freshModel: (name) => buildModel(model, new Rng(record.seed).stream(`mechanism/fresh/${name}`)),
    lr: record.training.lr,
    batchSize: record.training.batchSize,
    family: record.family,
    rng: new Rng(record.seed).stream('mechanism'),
  };
}

/**
 * Writes a trained mechanism's tensors: its model as a checkpoint and its other tensors. Returns its JSON state and
 * the SHA-256 of the model file; the caller appends the ledger record, then writes mechanism.json (the commit point).
 */
export function writeMechanismTensors(
  dir: string,
  trained: TrainedMechanism,
  checkpoint: CheckpointContent,
): { state: Record<string, unknown>; modelHash: string } {
  const saved = trained.save();
  saveCheckpoint(modelDirFiles.model(dir), trained.model, checkpoint);
  writeFileAtomic(
    modelDirFiles.mechanismTensors(dir),
    encodeSafetensors(saved.tensors.tensors, { format: MECHANISM_FORMAT }),
  );
  return { state: saved.state, modelHash: modelFileHash(dir) };
}

/** Writes mechanism.json. */
export function writeMechanismRecord(dir: string, record: MechanismRecord): void {
  writeFileAtomic(modelDirFiles.mechanismState(dir), `${JSON.stringify(record, null, 2)}\n`);
}

/** SHA-256 of the model's tensors file, what ledger records pin. */
export function modelFileHash(dir: string): string {
  return sha256(readFileSync(modelDirFiles.tensors(dir)));
}

/** A model directory read back: its record, data, env and the restored mechanism. */
export interface LoadedModelDir {
  record: MechanismRecord;
  checkpoint: CheckpointContent;
  data: CheckpointData;
  inputs: LabeledData;
  env: MechanismEnv;
  trained: TrainedMechanism;
}

/** Reads mechanism.json, or a clear error when `dir` is not a model directory of a guaranteed method. */
export function readMechanismRecord(dir: string): MechanismRecord {
  const file = modelDirFiles.mechanismState(dir);
  if (!existsSync(file)) {
    throw new QunlearnError(
      'model',
      `${dir} is not a model directory of a guaranteed method (no mechanism.json); create one with qunlearn train --method sisa|certified-newton|langevin --out ${dir}`,
    );
  }
  const record = JSON.parse(readFileSync(file, 'utf8')) as MechanismRecord;
  if (record.format !== MECHANISM_FORMAT)
    throw new QunlearnError('model', `${file} is not a ${MECHANISM_FORMAT} record (format '${String(record.format)}')`);
  return record;
}

/** Rebuilds a model directory's data (checking its fingerprint), env and mechanism. */
export function loadModelDir(dir: string): LoadedModelDir {
  const record = readMechanismRecord(dir);
  const { state, metadata } = readCheckpoint(modelDirFiles.model(dir));
  const data = metadata.data as CheckpointData;
  const dataset = loadNamedDataset(data.dataset, data.options, data.seed);
  if (dataset.fingerprint !== data.fingerprint) {
    throw new QunlearnError(
      'data',
      `${dir} was trained on data with fingerprint ${data.fingerprint.slice(0, 12)}…, but the data loaded now has ${dataset.fingerprint.slice(0, 12)}…; load the same data (source, sample count, seed)`,
    );
  }
  const { features, featureShape } = applyPreprocessing(data.preprocessing, dataset.features, dataset.featureShape);
  const inputs: LabeledData = { features, featureShape, labels: dataset.labels };
  const env = modelDirEnv(inputs, metadata.model as ModelConfig, record);
  const { tensors } = decodeSafetensors(
    readFileSync(modelDirFiles.mechanismTensors(dir)),
    modelDirFiles.mechanismTensors(dir),
  );
  const extra: ModelState = {
    tensors: new Map([...tensors].map(([k, t]) => [k, { data: Float64Array.from(t.data), shape: t.shape }])),
  };
  const saved: SavedMechanism = { model: state, tensors: extra, state: record.state };
  const method = getMethod(record.method);
  if (method.mechanism === undefined)
    throw new QunlearnError('model', `${dir}: method '${record.method}' has no mechanism to restore`);
  return { record, checkpoint: metadata, data, inputs, env, trained: method.mechanism.load(env, saved, record.config) };
}
