import { QunlearnError } from '../core/errors.js';

/** One row id of a deletion request and the line of the file it came from (for error messages). */
export interface ForgetId {
  id: number;
  line: number;
}

/**
 * Parses a deletion request: dataset row ids (0-based), either as plain text with one id per line (blank lines and
 * lines starting with '#' are ignored) or as a JSON array of integers such as `[3, 17, 42]` (recognised by its
 * leading '['). Checks only the syntax (each id a non-negative integer); range, duplicates and split membership are
 * checked against the plan by the `indices` scenario. `file` names the file in errors.
 */
export function parseForgetIds(text: string, file: string): ForgetId[] {
  const body = text.replace(/^\uFEFF/, '');
  return body.trimStart().startsWith('[') ? parseJsonIds(body, file) : parseLineIds(body, file);
}

function parseLineIds(text: string, file: string): ForgetId[] {
  const out: ForgetId[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const field = raw.trim();
    if (field === '' || field.startsWith('#')) return;
    if (!/^\d+$/.test(field) || !Number.isSafeInteger(Number(field))) {
      throw new QunlearnError(
        'data',
        `forget-id file '${file}', line ${i + 1}: '${field}' is not a row id; row ids are non-negative integers (0-based dataset rows), one per line`,
      );
    }
    out.push({ id: Number(field), line: i + 1 });
  });
  return out;
}

function parseJsonIds(text: string, file: string): ForgetId[] {
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (e) {
    throw new QunlearnError(
      'data',
      `forget-id file '${file}' starts with '[' but is not valid JSON: ${(e as Error).message}`,
    );
  }
  if (!Array.isArray(values))
    throw new QunlearnError('data', `forget-id file '${file}' must be a JSON array of row ids`);
  const lines = elementLines(text);
  return values.map((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new QunlearnError(
        'data',
        `forget-id file '${file}', line ${lines[i]}: element ${i} (${JSON.stringify(v)}) is not a row id; row ids are non-negative integers (0-based dataset rows)`,
      );
    }
    return { id: v, line: lines[i] };
  });
}

/** The 1-based line on which each top-level element of a valid JSON array starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (depth === 1 && expectElement && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    if (depth === 1 && (ch === '[' || ch === ',')) expectElement = true;
  }
  return lines;
}

/**
 * A short digest (12 hex digits) of a deletion request's sorted row ids: what names the request, so that the same
 * ids give the same scenario (and the same random streams) whatever file they came from. Two 32-bit lanes (FNV-1a
 * over the bytes of each id, and a multiply-xorshift over the ids); a name, not a cryptographic hash.
 */
export function requestDigest(sorted: readonly number[]): string {
  let a = 0x811c9dc5;
  let b = Math.imul(0x9747b28c ^ sorted.length, 0x5bd1e995);
  for (const id of sorted) {
    for (let shift = 0; shift < 32; shift += 8) a = Math.imul(a ^ ((id >>> shift) & 0xff), 0x01000193);
    b = Math.imul(b ^ id, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hex = (x: number, digits: number): string => (x >>> 0).toString(16).padStart(8, '0').slice(0, digits);
  return `${hex(a, 8)}${hex(b, 4)}`;
}
