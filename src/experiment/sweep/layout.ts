import { join } from 'node:path';

/**
 * Where a sweep keeps its files. Each run is an ordinary run directory under `runs/`; teachers and oracles live once
 * in the reference store under `references/<key>/seed-<s>/`, laid out as in a run directory, and every run that
 * needs them reads them from there.
 */
export const sweepFiles = {
  /** The expanded sweep (written once; what `--resume` continues). */
  plan: (dir: string): string => join(dir, 'sweep-plan.json'),
  /** Every run's and reference set's state, error and timing (rewritten as the sweep goes). */
  status: (dir: string): string => join(dir, 'sweep-status.json'),
  /** Every run's result rows, with the run id and its axis values as columns (written once every run has rows). */
  csv: (dir: string): string => join(dir, 'sweep.csv'),
  json: (dir: string): string => join(dir, 'sweep.json'),
  /** The rows gathered while some runs have none (never over sweep.csv, which only ever holds every run's rows). */
  partialCsv: (dir: string): string => join(dir, 'sweep-partial.csv'),
  partialJson: (dir: string): string => join(dir, 'sweep-partial.json'),
  runs: (dir: string): string => join(dir, 'runs'),
  run: (dir: string, id: string): string => join(dir, 'runs', id),
  store: (dir: string): string => join(dir, 'references'),
  references: (dir: string, key: string): string => join(dir, 'references', key),
  /** The settings a reference key stands for, for people reading the store. */
  referenceManifest: (dir: string, key: string): string => join(dir, 'references', key, 'reference.json'),
};
