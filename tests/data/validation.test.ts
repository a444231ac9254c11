import { describe, expect, it } from 'vitest';
import {
  createDataset,
  fingerprintData,
  selectRows,
  validateDataset,
  type DatasetParts,
} from '../../src/data/index.js';
import { expectError, toyDataset } from './helpers.js';

const parts = (over: Partial<DatasetParts> = {}): DatasetParts => ({
  name: 'toy',
  features: Float64Array.from([1, 2, 3, 4, 5, 6]),
  featureShape: [2],
  labels: Int32Array.from([0, 1, 1]),
  classNames: ['a', 'b'],
  source: 'mem.csv',
  ...over,
});

describe('validateDataset', () => {
  it('accepts a consistent dataset', () => {
    expect(() => validateDataset(parts())).not.toThrow();
  });

  it('names the source and row of non-finite values', () => {
    expectError(
      () => validateDataset(parts({ features: Float64Array.from([1, 2, 3, NaN, 5, 6]) })),
      "dataset 'toy' (mem.csv)",
      'row 1 feature 1 is NaN',
    );
    expectError(
      () => validateDataset(parts({ features: Float64Array.from([1, 2, 3, 4, -Infinity, 6]) })),
      'row 2 feature 0 is -Infinity',
    );
  });

  it('rejects wrong feature counts, bad labels, empty classes and fewer than two classes', () => {
    expectError(
      () => validateDataset(parts({ features: new Float64Array(5) })),
      'wrong feature count',
      'need 6 values, got 5',
    );
    expectError(
      () => validateDataset(parts({ featureShape: [2, 0] })),
      'feature shape must be a list of positive integers',
    );
    expectError(
      () => validateDataset(parts({ labels: Int32Array.from([0, 2, 1]) })),
      'row 1 has label 2, outside the class ids 0..1',
    );
    expectError(() => validateDataset(parts({ labels: Int32Array.from([0, -1, 1]) })), 'row 1 has label -1');
    expectError(() => validateDataset(parts({ classNames: ['a', 'b', 'c'] })), "class 2 ('c') has no samples");
    expectError(
      () => validateDataset(parts({ classNames: ['a'], labels: Int32Array.from([0, 0, 0]) })),
      'needs at least 2 classes',
      'got 1 (a)',
    );
    expectError(
      () => validateDataset(parts({ labels: new Int32Array(0), features: new Float64Array(0) })),
      'has no rows',
    );
  });
});

describe('dataset helpers', () => {
  it('fingerprints shape, features and labels', () => {
    const a = createDataset(parts());
    expect(a.fingerprint).toBe(fingerprintData([2], a.features, a.labels));
    expect(createDataset(parts({ labels: Int32Array.from([1, 0, 1]) })).fingerprint).not.toBe(a.fingerprint);
    expect(createDataset(parts({ features: Float64Array.from([1, 2, 3, 4, 5, 6.000001]) })).fingerprint).not.toBe(
      a.fingerprint,
    );
    expect(createDataset(parts({ featureShape: [1, 2] })).fingerprint).not.toBe(a.fingerprint);
    expect(createDataset(parts({ name: 'other', classNames: ['x', 'y'] })).fingerprint).toBe(a.fingerprint);
  });

  it('selects rows in the given order', () => {
    const ds = toyDataset([2, 2]);
    const { features, labels } = selectRows(ds, Int32Array.from([3, 0]));
    expect(Array.from(features)).toEqual([3, 3.1, 0, 0.1]);
    expect(Array.from(labels)).toEqual([1, 0]);
    expectError(() => selectRows(ds, Int32Array.from([4])), 'row id 4 is out of range', '4 rows');
  });
});
