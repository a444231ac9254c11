import { QunlearnError } from '../../core/errors.js';
import { parseForgetIds } from '../../data/forget-ids.js';
import { readFileOrThrow } from '../../data/node/files.js';
import { sha256 } from './ledger.js';

/** What a deletion request is checked against: the model's rows, its public split and what it already deleted. */
export interface RequestContext {
  /** Rows in the dataset. */
  datasetRows: number;
  /** The rows the model is trained on now. */
  current: ReadonlySet<number>;
  publicRows: ReadonlySet<number>;
  validation: ReadonlySet<number>;
  test: ReadonlySet<number>;
  /** Hashed ids of rows already deleted, with the ledger record that deleted each. */
  deleted: Readonly<Record<string, number>>;
  /** The dataset's fingerprint, which salts the hashed ids. */
  fingerprint: string;
}

/** The hashed form of a row id kept in ledgers: SHA-256 of `<dataset fingerprint>:<id>` (pseudonymous, not anonymous). */
export function hashRowId(fingerprint: string, id: number): string {
  return sha256(`${fingerprint}:${id}`);
}

/**
 * Reads and checks a deletion request file, returning its row ids sorted. Any problem is one error naming the file,
 * the line and the id and saying what to do: an empty request, a repeated id, an id outside the dataset, one in the
 * public split (never deletable), one already deleted (and by which request), one the model never trained on.
 */
export function readDeletionRequest(file: string, context: RequestContext): Int32Array {
  const ids = parseForgetIds(readFileOrThrow(file, 'deletion request').toString('utf8'), file);
  if (ids.length === 0)
    throw new QunlearnError(
      'request',
      `deletion request '${file}' names no row ids; put one dataset row id per line (or a JSON array)`,
    );
  const seen = new Map<number, number>();
  const last = context.datasetRows - 1;
  for (const { id, line } of ids) {
    const at = `deletion request '${file}', line ${line}: row ${id}`;
    if (seen.has(id))
      throw new QunlearnError('request', `${at} is repeated (first on line ${seen.get(id)}); name each row once`);
    seen.set(id, line);
    if (id > last) throw new QunlearnError('request', `${at} does not exist: the dataset has rows 0..${last}`);
    if (context.publicRows.has(id))
      throw new QunlearnError(
        'request',
        `${at} is in the model's declared public split, which deletion requests may not touch; its feature map was trained on it (retrain without a public split, or without that row, to delete it)`,
      );
    const by = context.deleted[hashRowId(context.fingerprint, id)];
    if (by !== undefined)
      throw new QunlearnError('request', `${at} was already deleted (ledger record ${by}); nothing is left to delete`);
    if (!context.current.has(id)) {
      const where = context.test.has(id)
        ? 'a test row'
        : context.validation.has(id)
          ? 'a validation row'
          : 'not a training row';
      throw new QunlearnError(
        'request',
        `${at} is ${where}: the model never trained on it, so there is nothing to delete`,
      );
    }
  }
  if (seen.size >= context.current.size)
    throw new QunlearnError(
      'request',
      `deletion request '${file}' names every row the model still holds (${context.current.size}); nothing would be left to train on`,
    );
  return Int32Array.from(seen.keys()).sort();
}
