import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { QunlearnError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { createDataset, type Dataset } from '../dataset.js';
import { readFileOrThrow } from './files.js';
import { checkPerClass, samplePerClass } from '../sampling.js';
import { scalePixels } from '../scaling.js';

/** An IDX array: its dimensions and its unsigned-byte elements, row-major. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Options of the `idx` loader: a folder holding the four standard MNIST-format IDX files. */
export interface IdxOptions {
  /** The folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each raw or .gz). */
  dataDir: string;
  /** Images per class sampled from the pooled train and test files; default: every image, in file order. */
  perClass?: number;
  /** Seed of the class-balanced sampling (default 0). */
  seed?: number;
  /** Class names by label value; default '0', '1', ... up to the largest label. */
  classNames?: string[];
  /** Dataset name; default 'idx'. */
  name?: string;
}

/** The four files of an MNIST-format folder, without the optional .gz suffix. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Parses IDX bytes (gzip-compressed or raw, told apart by the gzip magic bytes 1f 8b); `file` names them in errors. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new QunlearnError(
        'data',
        `IDX file '${file}' starts like gzip but cannot be decompressed (${(e as Error).message}); download it again`,
      );
    }
  }
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    const magic = Array.from(raw.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new QunlearnError(
      'data',
      `'${file}' is not an IDX file: its magic number is '${magic}', expected '00 00 08 0N'`,
    );
  }
  if (raw[2] !== 0x08) {
    throw new QunlearnError(
      'data',
      `IDX file '${file}' has element type 0x${raw[2].toString(16).padStart(2, '0')}; only 0x08 (unsigned bytes, as in MNIST) is supported`,
    );
  }
  const ndim = raw[3];
  const headerBytes = 4 + 4 * ndim;
  if (ndim === 0 || raw.length < headerBytes) {
    throw new QunlearnError(
      'data',
      `IDX file '${file}' is truncated or malformed: ${ndim} dimensions need a ${headerBytes}-byte header, the file has ${raw.length} bytes`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let expected = 1;
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    if (size === 0)
      throw new QunlearnError('data', `IDX file '${file}' has size 0 in dimension ${d}; it holds no data`);
    dims.push(size);
    expected *= size;
  }
  const found = raw.length - headerBytes;
  if (found !== expected) {
    throw new QunlearnError(
      'data',
      `IDX file '${file}' has dimensions [${dims.join(', ')}], which need ${expected} bytes of data, but ${found} follow the header (${found < expected ? 'truncated' : 'trailing bytes'}); download it again`,
    );
  }
  return { dims, data: raw.subarray(headerBytes) };
}

/** Reads and parses one IDX file. */
export function readIdxFile(path: string): IdxArray {
  return parseIdx(readFileOrThrow(path, 'IDX file'), path);
}

/** Loads an MNIST-format IDX folder (train and test pooled, then optionally class-balanced; pixels / 255). */
export function loadIdx(options: IdxOptions): Dataset {
  return loadIdxFolder(options, 'idx', 'pass a folder holding the four MNIST-format IDX files (raw or .gz)');
}

/**
 * The shared body of the `idx` and `fashion-mnist` loaders; `hint` tells the user how to obtain missing files.
 * Pools train then test (as the reference does), samples class-balanced rows if asked, and scales only the kept
 * images to [0, 1], so a 70,000-image pool never becomes a 440 MB Float64Array unless every image is wanted.
 */
export function loadIdxFolder(options: IdxOptions, defaultName: string, hint: string): Dataset {
  const name = options.name ?? defaultName;
  const dir = options.dataDir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new QunlearnError(
      'data',
      `${name}: data folder '${dir}' does not exist or is not a folder (it should hold ${IDX_FILES.trainImages}(.gz) and three more IDX files); ${hint}`,
    );
  }
  const read = (base: string): { array: IdxArray; path: string } => {
    for (const candidate of [`${base}.gz`, base]) {
      const path = join(dir, candidate);
      if (existsSync(path)) return { array: readIdxFile(path), path };
    }
    throw new QunlearnError('data', `${name}: data folder '${dir}' has no file ${base} (or ${base}.gz); ${hint}`);
  };
  const parts = [
    pair(read(IDX_FILES.trainImages), read(IDX_FILES.trainLabels)),
    pair(read(IDX_FILES.testImages), read(IDX_FILES.testLabels)),
  ];
  const [height, width] = [parts[0].images.dims[1], parts[0].images.dims[2]];
  if (parts[1].images.dims[1] !== height || parts[1].images.dims[2] !== width) {
    throw new QunlearnError(
      'data',
      `${name}: train images are ${height}×${width} but test images are ${parts[1].images.dims[1]}×${parts[1].images.dims[2]} in '${dir}'; both must have the same size`,
    );
  }
  const pooledLabels = new Uint8Array(parts[0].labels.length + parts[1].labels.length);
  pooledLabels.set(parts[0].labels);
  pooledLabels.set(parts[1].labels, parts[0].labels.length);
  let maxLabel = 0;
  for (const y of pooledLabels) maxLabel = Math.max(maxLabel, y);
  const classNames = options.classNames ?? Array.from({ length: maxLabel + 1 }, (_, i) => String(i));
  if (maxLabel >= classNames.length) {
    throw new QunlearnError(
      'data',
      `${name}: the label files in '${dir}' contain label ${maxLabel}, but only ${classNames.length} class names are given`,
    );
  }
  const rows =
    options.perClass === undefined
      ? Int32Array.from({ length: pooledLabels.length }, (_, i) => i)
      : samplePerClass(
          pooledLabels,
          classNames,
          checkPerClass(name, options.perClass),
          new Rng(options.seed ?? 0).stream('data').stream(defaultName),
          `${name} ('${dir}')`,
        );
  const size = height * width;
  const features = new Float64Array(rows.length * size);
  const labels = new Int32Array(rows.length);
  const trainCount = parts[0].labels.length;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const part = r < trainCount ? parts[0] : parts[1];
    const local = r < trainCount ? r : r - trainCount;
    scalePixels(
      part.images.data.subarray(local * size, (local + 1) * size),
      features.subarray(i * size, (i + 1) * size),
    );
    labels[i] = pooledLabels[r];
  }
  return createDataset({ name, features, featureShape: [1, height, width], labels, classNames, source: dir });
}

/** Checks that an image file and a label file fit together (ranks and counts) and returns them. */
function pair(
  images: { array: IdxArray; path: string },
  labels: { array: IdxArray; path: string },
): { images: IdxArray; labels: Uint8Array } {
  const [imageDims, labelDims] = [images.array.dims, labels.array.dims];
  if (imageDims.length !== 3) {
    throw new QunlearnError(
      'data',
      `'${images.path}' must hold images [count, rows, columns] (3 dimensions), got [${imageDims.join(', ')}]`,
    );
  }
  if (labelDims.length !== 1) {
    throw new QunlearnError(
      'data',
      `'${labels.path}' must hold labels [count] (1 dimension), got [${labelDims.join(', ')}]`,
    );
  }
  if (imageDims[0] !== labelDims[0]) {
    throw new QunlearnError(
      'data',
      `'${images.path}' holds ${imageDims[0]} images but '${labels.path}' holds ${labelDims[0]} labels; the counts must agree`,
    );
  }
  return { images: images.array, labels: labels.array.data };
}
