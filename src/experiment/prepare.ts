import { QunlearnError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import type { DatasetOptionsByName } from '../data/dataset-names.js';
import type { DatasetName } from '../data/dataset-names.js';
import { loadDataset } from '../data/node/registry.js';
import type { ResolvedExperiment } from './config.js';
import { prepareDataset, type PreparedData } from './prepared-data.js';

export * from './prepared-data.js';

/** Loads a dataset by name with its options; image samples are drawn with the seed, so each seed sees its own sample. */
export function loadNamedDataset(dataset: DatasetName, options: ResolvedExperiment['data'], seed: number): Dataset {
  if (dataset === 'iris') return loadDataset('iris');
  if (dataset === 'csv' && options.path === undefined) {
    throw new QunlearnError('config', 'dataset csv needs a file: pass --data FILE (or data.path in a config file)');
  }
  if (dataset === 'idx' && options.dataDir === undefined) {
    throw new QunlearnError(
      'config',
      'dataset idx needs a folder of IDX files: pass --data-dir DIR (or data.dataDir in a config file)',
    );
  }
  return loadDataset(dataset, { ...options, seed } as unknown as DatasetOptionsByName[typeof dataset]);
}

/** Prepares one seed: loads the dataset by name, then the split plan, the fitted input pipeline, the inputs and the model config. */
export function prepareData(experiment: ResolvedExperiment, seed: number): PreparedData {
  return prepareDataset(experiment, loadNamedDataset(experiment.dataset, experiment.data, seed), seed);
}
