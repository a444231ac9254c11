import { QunlearnError } from '../core/errors.js';
import { parseForgetIds } from '../data/forget-ids.js';
import type { ScenarioRequest } from '../data/scenarios.js';
import { readTextFile } from './text-file.js';

/** An `indices` scenario as a configuration gives it: a file of row ids, or the ids themselves. */
export interface DeletionRequestInput {
  kind: 'indices';
  name?: string;
  file?: string;
  ids?: number[];
}

/**
 * Reads a deletion request into its content: the sorted row ids. The file is read once, here, and only its ids are
 * kept, so the request is identified by what it asks (the same ids give the same scenario and results whatever the
 * file is called) and a run or sweep can be resumed after the file has moved. Syntax errors and repeated ids name
 * the file and line; range is checked against the data when the split is made.
 */
export function readDeletionRequest(input: DeletionRequestInput): ScenarioRequest {
  const named = input.name !== undefined ? { name: input.name } : {};
  if ((input.file === undefined) === (input.ids === undefined)) {
    throw new QunlearnError(
      'config',
      "an indices scenario needs exactly one of 'file' (a file of row ids) and 'ids' (the row ids)",
    );
  }
  if (input.ids !== undefined) {
    checkRepeats(
      input.ids.map((id, i) => ({ id, at: `ids[${i}]` })),
      'the indices scenario',
    );
    return { kind: 'indices', ...named, ids: [...input.ids].sort((a, b) => a - b) };
  }
  const file = input.file as string;
  const ids = parseForgetIds(readTextFile(file, 'forget-id file'), file);
  if (ids.length === 0)
    throw new QunlearnError('data', `forget-id file '${file}' names no row ids; the forget set would be empty`);
  checkRepeats(
    ids.map(({ id, line }) => ({ id, at: `line ${line}` })),
    `forget-id file '${file}'`,
  );
  return { kind: 'indices', ...named, ids: ids.map((x) => x.id).sort((a, b) => a - b) };
}

function checkRepeats(ids: { id: number; at: string }[], what: string): void {
  const first = new Map<number, string>();
  for (const { id, at } of ids) {
    const seen = first.get(id);
    if (seen !== undefined)
      throw new QunlearnError('data', `${what}, ${at}: row id ${id} is repeated (first at ${seen})`);
    first.set(id, at);
  }
}
