import { readFileSync } from 'node:fs';
import { QunlearnError } from '../../core/errors.js';

/** Reads a whole file, turning file-system failures into a QunlearnError that names the file and its purpose. */
export function readFileOrThrow(path: string, purpose: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : (e as Error).message;
    throw new QunlearnError('data', `cannot read ${purpose} '${path}': ${reason}`);
  }
}
