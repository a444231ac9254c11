import { QunlearnError } from '../core/errors.js';

/** The flag of a commander option property, e.g. `forgetIndices` → `--forget-indices`. */
export function flagName(prop: string): string {
  return `--${prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Parses an option value as a finite number, naming the flag on error. */
export function parseNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new QunlearnError('usage', `${flag}: expected a number, got '${value}'`);
    return n;
  };
}

/** Parses an option value as an integer (≥ min), naming the flag on error. */
export function parseInteger(flag: string, min = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || n < min)
      throw new QunlearnError('usage', `${flag}: expected an integer ≥ ${min}, got '${value}'`);
    return n;
  };
}

/** Rejects a list that names a value twice (`--seeds 0,0` would run seed 0 twice and count it as two). */
export function checkDistinct<T>(flag: string, items: readonly T[]): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const key = JSON.stringify(item);
    if (seen.has(key))
      throw new QunlearnError('usage', `${flag}: ${String(item)} is listed twice; give each value once`);
    seen.add(key);
  }
  return [...items];
}

/** Parses a comma-separated list of distinct non-empty names. */
export function parseList(flag: string): (value: string) => string[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim());
    if (items.some((s) => s === ''))
      throw new QunlearnError('usage', `${flag}: expected a comma-separated list, got '${value}'`);
    return checkDistinct(flag, items);
  };
}

/** Parses a comma-separated list of distinct integers (≥ min). */
export function parseIntegerList(flag: string, min = 0): (value: string) => number[] {
  const one = parseInteger(flag, min);
  return (value) => checkDistinct(flag, parseList(flag)(value).map(one));
}

/** Parses `true`/`false`/`yes`/`no`/`1`/`0`. */
export function parseBoolean(flag: string): (value: string) => boolean {
  return (value) => {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) return true;
    if (['false', 'no', '0', 'off'].includes(v)) return false;
    throw new QunlearnError('usage', `${flag}: expected true or false, got '${value}'`);
  };
}

/**
 * Parses a `method.key=value` setting (e.g. `ga.epochs=10`, `cf-k.mode=ascent`); values are read as JSON when
 * possible (numbers, booleans, null), otherwise as strings. Repeatable: collects into one object per method.
 */
export function collectMethodSetting(
  value: string,
  previous: Record<string, Record<string, unknown>> = {},
): Record<string, Record<string, unknown>> {
  const match = /^([a-z0-9-]+)\.([A-Za-z0-9]+)=(.*)$/.exec(value);
  if (match === null)
    throw new QunlearnError('usage', `--set: expected method.key=value (e.g. ga.epochs=10), got '${value}'`);
  const [, method, key, raw] = match;
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  if (previous[method] !== undefined && key in previous[method]) {
    throw new QunlearnError(
      'usage',
      `--set ${method}.${key} is given twice (${JSON.stringify(previous[method][key])}, then ${JSON.stringify(parsed)}); give each setting once`,
    );
  }
  return { ...previous, [method]: { ...previous[method], [key]: parsed } };
}
