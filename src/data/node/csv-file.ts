import { createDataset, type Dataset } from '../dataset.js';
import { parseCsv, type CsvOptions } from '../csv.js';
import { readFileOrThrow } from './files.js';

/** Loads a labelled table from a CSV file (see {@link CsvOptions}). */
export function loadCsv(options: CsvOptions): Dataset {
  const text = readFileOrThrow(options.path, 'csv file').toString('utf8');
  return createDataset(parseCsv(text, options));
}
