import { describe, expect, it } from 'vitest';
import { DATASET_NAMES, describeDatasets, isDatasetName, type DatasetName } from '../../src/data/index.js';
import { loadDataset } from '../../src/data/node/index.js';
import { expectError, tempFolder } from './helpers.js';

describe('loadDataset', () => {
  const tmp = tempFolder('registry');

  it('knows iris, mnist, fashion-mnist, csv and idx', () => {
    expect(DATASET_NAMES).toEqual(['iris', 'mnist', 'fashion-mnist', 'csv', 'idx']);
    expect(describeDatasets().map((d) => d.name)).toEqual(DATASET_NAMES);
    expect(isDatasetName('iris')).toBe(true);
    expect(isDatasetName('cifar')).toBe(false);
  });

  it('dispatches to the loaders with typed options', () => {
    expect(loadDataset('iris').labels.length).toBe(150);
    expect(loadDataset('mnist', { perClass: 3, seed: 1 }).labels.length).toBe(30);
    const path = tmp.write('t.csv', 'x,y\n1,a\n2,b\n');
    expect(loadDataset('csv', { path }).name).toBe('t');
  });

  it('lists the known names for an unknown one', () => {
    expectError(
      () => loadDataset('cifar' as DatasetName),
      "unknown dataset 'cifar'",
      'iris, mnist, fashion-mnist, csv, idx',
    );
  });
});
