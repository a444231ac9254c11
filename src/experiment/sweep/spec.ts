import { z } from 'zod';
import { QunlearnError } from '../../core/errors.js';
import { parseExperimentConfig, type ExperimentConfig } from '../config.js';
import { readStructuredFile } from '../structured-file.js';

/**
 * What a sweep is: a base experiment configuration, axes (settings that take several values; the sweep runs their
 * product) and seeds (one run per seed, so that runs parallelise and reports aggregate across them). A sweep file
 * and the command-line flags both become a {@link SweepSpec}.
 */

/** How an axis value is shown in run names, result columns and charts. */
export type AxisLabel = string | number | boolean;

/** One swept setting: where its values go in the experiment configuration, and the values. */
export interface SweepAxis {
  /** Column and run-name key, e.g. `layers`, `entangler`, `ga.epochs`. */
  key: string;
  /** A dotted path into the configuration, e.g. `circuit.layers` or `methodSettings.ga.epochs`. */
  path: string;
  values: unknown[];
  labels: AxisLabel[];
}

/** A sweep: its base configuration (without seeds), its axes in order (the first varies slowest) and its seeds. */
export interface SweepSpec {
  base: ExperimentConfig;
  axes: SweepAxis[];
  seeds: number[];
}

/** An axis as a user gives it: a path and its values, optionally with labels (e.g. a fraction for a scenario list). */
export interface AxisInput {
  path: string;
  values: unknown[];
  labels?: AxisLabel[];
  key?: string;
}

const sweepFileSchema = z
  .object({
    base: z.record(z.string(), z.unknown()),
    axes: z.record(z.string(), z.array(z.unknown()).min(1)),
    seeds: z.array(z.number().int().nonnegative()).min(1),
  })
  .partial()
  .strict();

/** Paths that are not settings of one run: seeds become runs, workers is an execution setting. */
const NOT_AXES: Record<string, string> = {
  seeds: "seeds are not an axis: list them under 'seeds' at the top level (each seed becomes its own run)",
  workers: 'workers is an execution setting, not an axis: use qunlearn sweep --parallel / --run-workers',
};

/** The column name of an axis: the last path segment in snake_case (`circuit.entanglingGate` → `entangling_gate`), `method.key` for method settings. */
export function axisKey(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'methodSettings' && parts.length === 3) return `${parts[1]}.${parts[2]}`;
  return parts[parts.length - 1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A value as a label: scalars as they are, lists of scalars joined with `+`, anything else as compact JSON. */
export function axisLabel(value: unknown): AxisLabel {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => ['number', 'string', 'boolean'].includes(typeof v)))
    return value.join('+');
  return JSON.stringify(value);
}

/** A copy of `config` with `value` at the dotted `path` (intermediate objects are created). */
export function withPath(
  config: Readonly<Record<string, unknown>>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const out = structuredClone(config) as Record<string, unknown>;
  const parts = path.split('.');
  let node = out;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw new QunlearnError('config', `axis '${path}': '${part}' is not an object in the base configuration`);
    }
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
  return out;
}

/**
 * Validates axes against the base configuration and builds the spec: every path must be a setting of the
 * configuration schema, every value must be valid there, and no axis may repeat a path or a value.
 */
export function makeSweepSpec(
  base: ExperimentConfig,
  axes: readonly AxisInput[],
  seeds: readonly number[],
  source = 'sweep',
): SweepSpec {
  const { seeds: _ignored, ...rest } = base;
  const out: SweepAxis[] = [];
  for (const axis of axes) {
    const path = axis.path;
    if (
      !/^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z][A-Za-z0-9-]*)*$/.test(path) ||
      path.split('.').some((p) => ['__proto__', 'constructor', 'prototype'].includes(p))
    ) {
      throw new QunlearnError('config', `${source}: axis '${path}' is not a dotted setting path (e.g. circuit.layers)`);
    }
    if (NOT_AXES[path] !== undefined) throw new QunlearnError('config', `${source}: ${NOT_AXES[path]}`);
    if (out.some((a) => a.path === path)) throw new QunlearnError('config', `${source}: axis '${path}' is given twice`);
    if (axis.values.length === 0) throw new QunlearnError('config', `${source}: axis '${path}' has no values`);
    const seen = new Set<string>();
    for (const value of axis.values) {
      const text = JSON.stringify(value);
      if (seen.has(text)) throw new QunlearnError('config', `${source}: axis '${path}' lists the value ${text} twice`);
      seen.add(text);
      parseExperimentConfig(withPath(rest, path, value), `${source}: axis '${path}' = ${text}`);
    }
    const labels = axis.labels ?? axis.values.map(axisLabel);
    out.push({ key: axis.key ?? axisKey(path), path, values: [...axis.values], labels });
  }
  const keys = out.map((a) => a.key);
  for (const a of out) if (keys.filter((k) => k === a.key).length > 1) a.key = a.path.replace(/\./g, '_');
  if (new Set(seeds).size !== seeds.length)
    throw new QunlearnError('config', `${source}: seeds list a seed twice (${seeds.join(', ')})`);
  return { base: rest, axes: out, seeds: seeds.length > 0 ? [...seeds] : [0] };
}

/**
 * Reads a sweep file (JSON or YAML by extension): `{ base: <experiment config>, axes: { 'circuit.layers': [1, 2] },
 * seeds: [0, 1] }`. Unknown keys are rejected, here and in the base configuration.
 */
export function loadSweepFile(path: string): SweepSpec {
  const parsed = sweepFileSchema.safeParse(readStructuredFile(path, 'sweep file'));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')} (a sweep file has base, axes and seeds)`
        : `'${i.path.join('.') || '(top level)'}': ${i.message}`,
    );
    throw new QunlearnError('config', `${path}: invalid sweep file: ${issues.join('; ')}`);
  }
  const base = parseExperimentConfig(parsed.data.base ?? {}, `${path}: base`);
  const axes = Object.entries(parsed.data.axes ?? {}).map(([axisPath, values]) => ({ path: axisPath, values }));
  return makeSweepSpec(base, axes, parsed.data.seeds ?? base.seeds ?? [0], path);
}

/** Every leaf path of a configuration object (arrays are leaves). */
function leafPaths(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? leafPaths(v as Record<string, unknown>, path)
      : [[path, v] as [string, unknown]];
  });
}

const overlaps = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * A spec with overrides on top (command-line flags over a sweep file): each setting of `base` replaces the file's
 * setting and any axis over it, each axis replaces the file's axis of the same path, and seeds replace seeds.
 */
export function overrideSpec(
  spec: SweepSpec,
  overrides: { base: ExperimentConfig; axes: readonly AxisInput[]; seeds?: readonly number[] },
  source = 'sweep',
): SweepSpec {
  let base: Record<string, unknown> = spec.base;
  const leaves = leafPaths(overrides.base).filter(([path]) => path !== 'seeds');
  for (const [path, value] of leaves) base = withPath(base, path, value);
  const replaced = [...leaves.map(([p]) => p), ...overrides.axes.map((a) => a.path)];
  const kept = spec.axes.filter((a) => !replaced.some((p) => overlaps(p, a.path)));
  const axes: AxisInput[] = [...kept, ...overrides.axes];
  return makeSweepSpec(
    parseExperimentConfig(base, source),
    axes,
    overrides.seeds ?? overrides.base.seeds ?? spec.seeds,
    source,
  );
}
