import { existsSync, readFileSync } from 'node:fs';
import { QunlearnError } from '../core/errors.js';

/** How to read one kind of qunlearn file: its name in messages, a shape check, and the command that repairs it. */
export interface JsonFileKind<T> {
  /** e.g. 'run record', 'sweep plan'. */
  what: string;
  /** True when the parsed value has the expected shape. */
  check: (value: unknown) => value is T;
  /** What to do when the file is damaged, e.g. 'continue the run with `qunlearn run --resume runs/a`, which rewrites it'. */
  repair: string;
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a JSON file that qunlearn wrote, validating its shape. Unreadable, truncated, malformed and foreign files
 * are one QunlearnError naming the file, what it is and the command that repairs it, never a bare SyntaxError.
 */
export function readJsonFile<T>(file: string, kind: JsonFileKind<T>): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new QunlearnError(
      'damaged',
      `cannot read the ${kind.what} ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); ${kind.repair}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new QunlearnError(
      'damaged',
      `the ${kind.what} ${file} is damaged (not valid JSON: ${(e as Error).message}); ${kind.repair}`,
    );
  }
  if (!kind.check(value))
    throw new QunlearnError(
      'damaged',
      `the ${kind.what} ${file} is damaged or not a qunlearn file (unexpected content); ${kind.repair}`,
    );
  return value;
}

/** {@link readJsonFile}, or null when the file does not exist. */
export function readJsonFileIfExists<T>(file: string, kind: JsonFileKind<T>): T | null {
  return existsSync(file) ? readJsonFile(file, kind) : null;
}
