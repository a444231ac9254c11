import { QunlearnError } from '../../core/errors.js';
import { loadCsv } from './csv-file.js';
import type { Dataset } from '../dataset.js';
import { DATASET_NAMES, isDatasetName, type DatasetName, type DatasetOptionsByName } from '../dataset-names.js';
import { loadFashionMnist } from './fashion.js';
import { loadIdx } from './idx.js';
import { loadIris } from './iris-file.js';
import { loadMnist } from './mnist.js';

const LOADERS: { [N in DatasetName]: (options: DatasetOptionsByName[N]) => Dataset } = {
  iris: () => loadIris(),
  mnist: loadMnist,
  'fashion-mnist': loadFashionMnist,
  csv: loadCsv,
  idx: loadIdx,
};

/** Loads a dataset by loader name; an unknown name is an error listing the known ones. */
export function loadDataset<N extends DatasetName>(
  name: N,
  ...options: Record<string, never> extends DatasetOptionsByName[N]
    ? [DatasetOptionsByName[N]?]
    : [DatasetOptionsByName[N]]
): Dataset {
  if (!isDatasetName(name)) {
    throw new QunlearnError('config', `unknown dataset '${String(name)}'; known datasets: ${DATASET_NAMES.join(', ')}`);
  }
  const load = LOADERS[name] as (options: DatasetOptionsByName[N]) => Dataset;
  return load((options[0] ?? {}) as DatasetOptionsByName[N]);
}
