import { createHash } from 'node:crypto';
import type { ExperimentConfig } from '../config.js';
import { withPath, type AxisLabel, type SweepSpec } from './spec.js';

/** One run of a sweep before validation: its name, its axis values, its seed and its configuration. */
export interface ExpandedRun {
  /** Readable and file-system safe, e.g. `layers=2,entangler=ring,seed=0`; unique within the sweep. */
  id: string;
  axes: Record<string, AxisLabel>;
  seed: number;
  config: ExperimentConfig;
}

/** Names longer than this get shortened and a hash. */
const MAX_NAME = 120;

/** A label as it may appear in a folder name (anything outside a small safe set becomes `_`). */
function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._+-]/g, '_');
}

function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 8);
}

/**
 * Expands a sweep into runs: every combination of the axis values (the first axis varies slowest), each once per
 * seed, with seeds last so that a combination's seeds sit together. Names are `key=value` pairs; a name that would
 * be ambiguous (two values that read alike once made file-safe) or too long gets a short hash of its values.
 */
export function expandSweep(spec: SweepSpec): ExpandedRun[] {
  const combos: number[][] = [[]];
  for (const axis of spec.axes) {
    const next: number[][] = [];
    for (const c of combos) for (let i = 0; i < axis.values.length; i++) next.push([...c, i]);
    combos.splice(0, combos.length, ...next);
  }
  const runs: ExpandedRun[] = [];
  const valuesOf: unknown[][] = [];
  for (const combo of combos) {
    let config: Record<string, unknown> = spec.base;
    const axes: Record<string, AxisLabel> = {};
    spec.axes.forEach((axis, a) => {
      config = withPath(config, axis.path, axis.values[combo[a]]);
      axes[axis.key] = axis.labels[combo[a]];
    });
    for (const seed of spec.seeds) {
      const name = [
        ...spec.axes.map((axis, a) => `${axis.key}=${safe(String(axis.labels[combo[a]]))}`),
        `seed=${seed}`,
      ].join(',');
      runs.push({ id: name, axes, seed, config: { ...(config as ExperimentConfig), seeds: [seed] } });
      valuesOf.push(spec.axes.map((axis, a) => axis.values[combo[a]]));
    }
  }
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  runs.forEach((r, i) => {
    if ((counts.get(r.id) ?? 0) > 1 || r.id.length > MAX_NAME)
      r.id = `${r.id.slice(0, MAX_NAME - 9)}-${shortHash([valuesOf[i], r.seed])}`;
  });
  return runs;
}
