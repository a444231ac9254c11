import { fileURLToPath } from 'node:url';
import type { Dataset } from '../dataset.js';
import { IRIS_CSV } from '../iris.js';
import { loadCsv } from './csv-file.js';

/** Path of the bundled Iris table; resolves from both src/data/node (vitest, tsx) and dist/data/node (after tsc). */
export const IRIS_PATH = fileURLToPath(new URL('../../../data/iris.csv', import.meta.url));

/**
 * Fisher's Iris data as scikit-learn ships it (150 rows, 4 features in cm, classes setosa, versicolor, virginica =
 * 0, 1, 2, as `load_iris` numbers them), read from the copy bundled in data/iris.csv.
 */
export function loadIris(): Dataset {
  return loadCsv({ ...IRIS_CSV, path: IRIS_PATH });
}
