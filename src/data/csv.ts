import { QunlearnError } from '../core/errors.js';
import type { DatasetParts } from './dataset.js';

/** Options of the `csv` loader: a user's own table of numeric features and one label column. */
export interface CsvOptions {
  /** The file to read. A header line naming the columns is required. */
  path: string;
  /** Name of the label column; default: the last column. Every other column is a numeric feature. */
  labelColumn?: string;
  /**
   * How label values become class ids 0..C-1. 'sorted' (default, like scikit-learn's LabelEncoder): ascending
   * numeric order when every label is a number (so labels 0..C-1 keep their ids), otherwise ascending string order
   * by UTF-16 code units. 'first-seen': in order of first appearance in the file.
   */
  labelOrder?: 'sorted' | 'first-seen';
  /** Field separator; default ','. Fields may be double-quoted (RFC 4180), but not span lines. */
  delimiter?: string;
  /** Dataset name; default: the file's base name without its extension. */
  name?: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** Parses CSV text into dataset parts; `options.path` is only used to name the file in errors and the source. */
export function parseCsv(text: string, options: CsvOptions): DatasetParts {
  const file = options.path;
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new QunlearnError(
      'config',
      `csv: delimiter must be one character other than a quote or newline, got '${delimiter}'`,
    );
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) {
    throw new QunlearnError(
      'data',
      `csv file '${file}' is empty: expected a header line naming the columns, then one row per sample`,
    );
  }
  const header = splitLine(lines[headerIndex], delimiter, file, headerIndex + 1);
  checkHeader(header, file, headerIndex + 1);
  const labelName = options.labelColumn ?? header[header.length - 1];
  const labelCol = header.indexOf(labelName);
  if (labelCol < 0) {
    throw new QunlearnError(
      'data',
      `csv file '${file}' has no label column '${labelName}'; its columns are: ${header.join(', ')}`,
    );
  }
  if (header.length < 2) {
    throw new QunlearnError(
      'data',
      `csv file '${file}' has only the label column '${labelName}'; at least one numeric feature column is needed`,
    );
  }
  const numFeatures = header.length - 1;
  const values: number[] = [];
  const rawLabels: string[] = [];
  for (let li = headerIndex + 1; li < lines.length; li++) {
    if (lines[li].trim() === '') continue;
    const lineNo = li + 1;
    const fields = splitLine(lines[li], delimiter, file, lineNo);
    if (fields.length !== header.length) {
      throw new QunlearnError(
        'data',
        `csv file '${file}', line ${lineNo}: has ${fields.length} fields but the header has ${header.length}`,
      );
    }
    for (let c = 0; c < fields.length; c++) {
      const field = fields[c];
      const problem = cellProblem(field, c === labelCol);
      if (problem !== null)
        throw new QunlearnError(
          'data',
          `csv file '${file}', line ${lineNo}, column '${header[c]}' (${c + 1}): ${problem}`,
        );
      if (c === labelCol) rawLabels.push(field);
      else values.push(Number(field));
    }
  }
  if (rawLabels.length === 0) throw new QunlearnError('data', `csv file '${file}' has a header but no data rows`);
  const { ids, classNames } = encodeLabels(rawLabels, options.labelOrder ?? 'sorted');
  return {
    name: options.name ?? fileStem(file),
    features: Float64Array.from(values),
    featureShape: [numFeatures],
    labels: ids,
    classNames,
    source: file,
  };
}

/** A path's last component without its extension (what node:path's basename(p, extname(p)) gives). */
export function fileStem(path: string): string {
  const base =
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** What is wrong with one cell, or null: labels may be any non-empty text, features must be finite numbers. */
function cellProblem(field: string, isLabel: boolean): string | null {
  if (field === '') return 'value is empty; every cell must be filled';
  if (isLabel) return null;
  if (NUMBER.test(field)) return Number.isFinite(Number(field)) ? null : `value '${field}' is too large for a double`;
  if (NON_FINITE.test(field)) return `value '${field}' is not a finite number; remove or impute the row`;
  return `value '${field}' is not a number; feature columns must be numeric`;
}

/** Maps label strings to class ids; numeric labels are keyed by their value so '1' and '1.0' are one class. */
function encodeLabels(raw: string[], order: 'sorted' | 'first-seen'): { ids: Int32Array; classNames: string[] } {
  const numeric = raw.every((s) => NUMBER.test(s));
  const keys = numeric ? raw.map((s) => String(Number(s))) : raw;
  let classNames = [...new Set(keys)];
  if (order === 'sorted') {
    classNames = numeric
      ? classNames.sort((a, b) => Number(a) - Number(b))
      : classNames.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const idOf = new Map(classNames.map((name, i) => [name, i]));
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) ids[i] = idOf.get(keys[i]) as number;
  return { ids, classNames };
}

function checkHeader(header: string[], file: string, lineNo: number): void {
  if (header.every((h) => NUMBER.test(h))) {
    throw new QunlearnError(
      'data',
      `csv file '${file}', line ${lineNo}: looks like data, not a header; add a first line naming the columns`,
    );
  }
  const seen = new Set<string>();
  header.forEach((h, c) => {
    if (h === '')
      throw new QunlearnError('data', `csv file '${file}', line ${lineNo}: column ${c + 1} of the header has no name`);
    if (seen.has(h))
      throw new QunlearnError(
        'data',
        `csv file '${file}', line ${lineNo}: column name '${h}' appears twice in the header`,
      );
    seen.add(h);
  });
}

/** Splits one line into trimmed fields; a field in double quotes may contain the delimiter and "" for a quote. */
function splitLine(line: string, delimiter: string, file: string, lineNo: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t') && line[i] !== delimiter) i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) {
          throw new QunlearnError(
            'data',
            `csv file '${file}', line ${lineNo}: a quoted field is not closed (fields may not span lines)`,
          );
        }
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      while (i < line.length && line[i] !== delimiter) {
        if (line[i] !== ' ' && line[i] !== '\t') {
          throw new QunlearnError(
            'data',
            `csv file '${file}', line ${lineNo}: unexpected text after a closing quote in field ${fields.length + 1}`,
          );
        }
        i++;
      }
    } else {
      const end = line.indexOf(delimiter, i);
      field = (end < 0 ? line.slice(i) : line.slice(i, end)).trim();
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}
