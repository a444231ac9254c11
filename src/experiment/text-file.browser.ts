import { QunlearnError } from '../core/errors.js';

/** The browser's stand-in for text-file.ts: a page cannot read paths, so a configuration must carry its content. */
export function readTextFile(path: string, purpose: string): string {
  throw new QunlearnError(
    'config',
    `cannot read ${purpose} '${path}' in the browser: give the content itself (e.g. an indices scenario's 'ids' rather than its 'file')`,
  );
}
