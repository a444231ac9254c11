import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { sha256Hex } from '../../core/sha256.js';
import { VERSION } from '../../version.js';
import type { Module } from '../module.js';
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from '../safetensors.js';
import { captureState, type ModelState } from '../state.js';

/** What the caller records with a checkpoint. `model` is whatever rebuilds the architecture (a preset config). */
export interface CheckpointContent {
  model: unknown;
  seed?: number;
  /** Dataset name, fingerprint and the fitted preprocessing, so the inputs can be rebuilt for evaluation. */
  data?: unknown;
  metrics?: Record<string, unknown>;
  /** Training log or anything else worth keeping with the weights. */
  extra?: Record<string, unknown>;
}

/** The JSON written beside a checkpoint's tensors. */
export interface CheckpointMetadata extends CheckpointContent {
  format: 'qunlearn-checkpoint/1';
  qunlearnVersion: string;
  createdAt: string;
  /** SHA-256 (hex) of the safetensors file's data section, checked on load (absent in checkpoints of older versions). */
  tensorsSha256?: string;
}

const sha256 = sha256Hex;

/** `runs/x/teacher`, `runs/x/teacher.safetensors` and `runs/x/teacher.json` all name the same checkpoint. */
export function checkpointBase(path: string): string {
  return path.replace(/\.(safetensors|json)$/, '');
}

/**
 * Saves a model's parameters and buffers to `<base>.safetensors` (loadable by PyTorch's safetensors) and the
 * metadata to `<base>.json`, each written atomically. Returns the two paths.
 */
export function saveCheckpoint(
  path: string,
  model: Module,
  metadata: CheckpointContent,
): { tensors: string; metadata: string } {
  const base = checkpointBase(path);
  const state = captureState(model);
  const tensors = new Map<string, StoredTensor>(state.tensors);
  const bytes = encodeSafetensors(tensors, { format: 'qunlearn-checkpoint/1', qunlearn_version: VERSION });
  const data = bytes.subarray(8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true)));
  const full: CheckpointMetadata = {
    format: 'qunlearn-checkpoint/1',
    qunlearnVersion: VERSION,
    createdAt: new Date().toISOString(),
    tensorsSha256: sha256(data),
    ...metadata,
  };
  writeFileAtomic(`${base}.safetensors`, bytes);
  writeFileAtomic(`${base}.json`, `${JSON.stringify(full, null, 2)}\n`);
  return { tensors: `${base}.safetensors`, metadata: `${base}.json` };
}

/**
 * Reads a checkpoint's tensors and metadata. Missing or malformed files, tensor data that does not match the
 * SHA-256 recorded at save time, and NaN or infinite weights are errors naming the file (and the tensor).
 */
export function readCheckpoint(path: string): { state: ModelState; metadata: CheckpointMetadata } {
  const base = checkpointBase(path);
  for (const file of [`${base}.safetensors`, `${base}.json`]) {
    if (!existsSync(file)) {
      throw new QunlearnError(
        'checkpoint',
        `checkpoint file ${file} does not exist (a checkpoint is a .safetensors file with a .json beside it)`,
      );
    }
  }
  const tensorFile = `${base}.safetensors`;
  const { tensors, data } = decodeSafetensors(readFileSync(tensorFile), tensorFile);
  let metadata: CheckpointMetadata;
  try {
    metadata = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as CheckpointMetadata;
  } catch (e) {
    throw new QunlearnError('checkpoint', `${base}.json is not valid JSON: ${(e as Error).message}`);
  }
  if (metadata === null || typeof metadata !== 'object' || metadata.format !== 'qunlearn-checkpoint/1') {
    throw new QunlearnError(
      'checkpoint',
      `${base}.json is not qunlearn checkpoint metadata (format '${String(metadata?.format)}')`,
    );
  }
  if (metadata.tensorsSha256 !== undefined && sha256(data) !== metadata.tensorsSha256) {
    throw new QunlearnError(
      'checkpoint',
      `${tensorFile}: its tensor data does not match the SHA-256 recorded in ${base}.json when it was saved; the file was changed or damaged since (restore it, or train it again)`,
    );
  }
  const state: ModelState = { tensors: new Map() };
  for (const [name, t] of tensors) {
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new QunlearnError(
        'checkpoint',
        `${tensorFile}: tensor '${name}' holds ${t.data[bad]} at index ${bad}; a checkpoint's weights must be finite numbers (the file is damaged, or training diverged)`,
      );
    state.tensors.set(name, { data: Float64Array.from(t.data), shape: t.shape });
  }
  return { state, metadata };
}
