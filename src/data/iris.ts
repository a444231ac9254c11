import { parseCsv, type CsvOptions } from './csv.js';
import { createDataset, type Dataset } from './dataset.js';

/** How data/iris.csv is read: labels by species name in sorted order, as scikit-learn's `load_iris` numbers them. */
export const IRIS_CSV: Omit<CsvOptions, 'path'> = { labelColumn: 'species', labelOrder: 'sorted', name: 'iris' };

/** Iris from the text of data/iris.csv; `source` names where the text came from (a path, or a bundled asset). */
export function parseIris(text: string, source: string): Dataset {
  return createDataset(parseCsv(text, { ...IRIS_CSV, path: source }));
}
