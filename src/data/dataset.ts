import { QunlearnError } from '../core/errors.js';
import { Sha256 } from '../core/sha256.js';
import { validateDataset } from './validation.js';

/** A labelled table of samples, the one shape every loader returns. */
export interface Dataset {
  /** 'iris', 'mnist', 'fashion-mnist', or the csv file's base name. */
  name: string;
  /** n × prod(featureShape) values, row-major. */
  features: Float64Array;
  /** Shape of one sample: [4] for Iris, [1, 28, 28] for images. */
  featureShape: number[];
  /** Class id of each row, 0..C-1. */
  labels: Int32Array;
  /** Name of each class id (C names). */
  classNames: string[];
  /** Where the data came from (a path or a package), for run metadata and error messages. */
  source: string;
  /** sha256 over shape, features and labels: identifies the exact data in run metadata and saved split plans. */
  fingerprint: string;
}

/** The parts of a dataset a loader provides; {@link createDataset} adds the fingerprint. */
export type DatasetParts = Omit<Dataset, 'fingerprint'>;

/** Validates the parts (see validateDataset) and returns the dataset with its fingerprint. */
export function createDataset(parts: DatasetParts): Dataset {
  validateDataset(parts);
  return { ...parts, fingerprint: fingerprintData(parts.featureShape, parts.features, parts.labels) };
}

/** Number of values in one sample (the product of the feature shape). */
export function featureSize(featureShape: readonly number[]): number {
  let size = 1;
  for (const d of featureShape) size *= d;
  return size;
}

/**
 * sha256 (hex) of the feature shape, the features and the labels. The typed arrays are hashed as little-endian
 * bytes (swapped on a big-endian machine), so the same data gives the same fingerprint on every platform.
 */
export function fingerprintData(featureShape: readonly number[], features: Float64Array, labels: Int32Array): string {
  const hash = new Sha256();
  hash.update(`qunlearn-dataset-v1|shape=${featureShape.join('x')}|rows=${labels.length}|`);
  hash.update(littleEndianBytes(features));
  hash.update(littleEndianBytes(labels));
  return hash.hexDigest();
}

const BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

/** The array's bytes in little-endian order (a copy with each element's bytes reversed on a big-endian machine). */
function littleEndianBytes(a: Float64Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (!BIG_ENDIAN) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let j = 0; j < w; j++) swapped[i + j] = bytes[i + w - 1 - j];
  return swapped;
}

/** Copies the given rows (dataset row ids, in the given order) into a new feature matrix and label vector. */
export function selectRows(dataset: Dataset, rows: Int32Array): { features: Float64Array; labels: Int32Array } {
  const n = dataset.labels.length;
  const size = featureSize(dataset.featureShape);
  const features = new Float64Array(rows.length * size);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r < 0 || r >= n) {
      throw new QunlearnError(
        'data',
        `selectRows: row id ${r} is out of range for dataset '${dataset.name}' with ${n} rows`,
      );
    }
    features.set(dataset.features.subarray(r * size, (r + 1) * size), i * size);
    labels[i] = dataset.labels[r];
  }
  return { features, labels };
}
