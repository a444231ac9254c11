import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadIdx, parseIdx, readIdxFile } from '../../src/data/node/index.js';
import { expectError, tempFolder } from './helpers.js';

/** An IDX file of unsigned bytes: magic 00 00 08 ndim, big-endian sizes, then the data. */
function idxBytes(dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, 0x08, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** Images of 2×3 pixels whose first pixel encodes the image index, labels as given. */
function images(labels: number[], offset: number): { images: Uint8Array; labels: Uint8Array } {
  const data = labels.flatMap((_, i) => [offset + i, 255, 0, 51, 102, 204]);
  return { images: idxBytes([labels.length, 2, 3], data), labels: idxBytes([labels.length], labels) };
}

describe('IDX reader', () => {
  const tmp = tempFolder('idx');

  it('reads raw and gzipped files to the same array', () => {
    const bytes = idxBytes([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const raw = readIdxFile(tmp.write('raw-idx3-ubyte', bytes));
    const gz = readIdxFile(tmp.write('gz-idx3-ubyte.gz', gzipSync(bytes)));
    expect(raw.dims).toEqual([2, 2, 2]);
    expect(Array.from(raw.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(gz.dims).toEqual(raw.dims);
    expect(Array.from(gz.data)).toEqual(Array.from(raw.data));
  });

  it('rejects bad magic numbers, element types, sizes and broken gzip with the file named', () => {
    expectError(
      () => parseIdx(Uint8Array.from([1, 2, 8, 1, 0, 0, 0, 1, 7]), 'f1'),
      "'f1' is not an IDX file",
      "'01 02 08 01'",
    );
    expectError(
      () => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 7, 7, 7, 7]), 'f2'),
      "'f2' has element type 0x0d",
    );
    expectError(
      () => parseIdx(idxBytes([2, 3], [1, 2, 3, 4, 5]), 'f3'),
      "'f3' has dimensions [2, 3]",
      'need 6 bytes',
      '5 follow',
      'truncated',
    );
    expectError(() => parseIdx(idxBytes([2], [1, 2, 3]), 'f4'), 'trailing bytes');
    expectError(
      () => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'f5'),
      "'f5' is truncated or malformed",
      '16-byte header',
    );
    expectError(() => parseIdx(idxBytes([0], []), 'f6'), 'size 0 in dimension 0');
    expectError(
      () => parseIdx(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), 'f7'),
      "'f7' starts like gzip but cannot be decompressed",
    );
  });

  it('loads an MNIST-format folder: pooled train then test, pixels / 255, optional per-class sampling', () => {
    const dir = tempFolder('idx-folder');
    const train = images([0, 1, 1, 0, 2], 0);
    const test = images([2, 0, 1], 100);
    dir.write('train-images-idx3-ubyte.gz', gzipSync(train.images));
    dir.write('train-labels-idx1-ubyte', train.labels);
    dir.write('t10k-images-idx3-ubyte', test.images);
    dir.write('t10k-labels-idx1-ubyte.gz', gzipSync(test.labels));
    const all = loadIdx({ dataDir: dir.dir });
    expect(all.name).toBe('idx');
    expect(all.featureShape).toEqual([1, 2, 3]);
    expect(Array.from(all.labels)).toEqual([0, 1, 1, 0, 2, 2, 0, 1]);
    expect(all.classNames).toEqual(['0', '1', '2']);
    expect(Array.from(all.features.subarray(0, 6))).toEqual([0, 1, 0, 0.2, 0.4, 0.8]);
    expect(all.features[6 * 5]).toBeCloseTo(100 / 255, 15);
    const sampled = loadIdx({ dataDir: dir.dir, perClass: 2, seed: 5, classNames: ['a', 'b', 'c'], name: 'mine' });
    expect(sampled.name).toBe('mine');
    expect(sampled.classNames).toEqual(['a', 'b', 'c']);
    expect(Array.from(sampled.labels)).toEqual([0, 0, 1, 1, 2, 2]);
    const firstPixels = Array.from({ length: 6 }, (_, i) => Math.round(sampled.features[i * 6] * 255));
    for (let i = 0; i < 6; i++) {
      const source = firstPixels[i] < 100 ? train : test;
      const index = firstPixels[i] < 100 ? firstPixels[i] : firstPixels[i] - 100;
      expect(source.labels[8 + index]).toBe(sampled.labels[i]);
    }
    expectError(() => loadIdx({ dataDir: dir.dir, perClass: 4 }), "class 0 ('0') has only 3 samples");
    expectError(() => loadIdx({ dataDir: dir.dir, classNames: ['a', 'b'] }), 'contain label 2', 'only 2 class names');
  });

  it('reports missing files and inconsistent counts and sizes', () => {
    const dir = tempFolder('idx-bad');
    const train = images([0, 1], 0);
    dir.write('train-images-idx3-ubyte', train.images);
    dir.write('train-labels-idx1-ubyte', train.labels);
    dir.write('t10k-images-idx3-ubyte', train.images);
    expectError(
      () => loadIdx({ dataDir: dir.dir }),
      `'${dir.dir}' has no file t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)`,
      'MNIST-format',
    );
    dir.write('t10k-labels-idx1-ubyte', idxBytes([3], [0, 1, 1]));
    expectError(
      () => loadIdx({ dataDir: dir.dir }),
      't10k-images-idx3-ubyte',
      'holds 2 images but',
      't10k-labels-idx1-ubyte',
      'holds 3 labels',
    );
    dir.write('t10k-labels-idx1-ubyte', idxBytes([2, 1], [0, 1]));
    expectError(() => loadIdx({ dataDir: dir.dir }), 'must hold labels [count] (1 dimension), got [2, 1]');
    dir.write('t10k-labels-idx1-ubyte', train.labels);
    dir.write('t10k-images-idx3-ubyte', idxBytes([2, 3, 2], new Array<number>(12).fill(0)));
    expectError(() => loadIdx({ dataDir: dir.dir }), 'train images are 2×3 but test images are 3×2');
  });
});
