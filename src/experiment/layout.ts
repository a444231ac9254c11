import { join } from 'node:path';

/**
 * Where a run keeps its files. Everything a finished job produces is written atomically, and a job counts as done
 * when its result file exists, which is what `--resume` relies on.
 */
export const runFiles = {
  runJson: (dir: string): string => join(dir, 'run.json'),
  resultsCsv: (dir: string): string => join(dir, 'results.csv'),
  resultsJson: (dir: string): string => join(dir, 'results.json'),
  summaryCsv: (dir: string): string => join(dir, 'summary.csv'),
  summaryJson: (dir: string): string => join(dir, 'summary.json'),
  seedDir: (dir: string, seed: number): string => join(dir, `seed-${seed}`),
  teacher: (dir: string, seed: number): string => join(dir, `seed-${seed}`, 'teacher'),
  oracle: (dir: string, seed: number, scenario: string): string => join(dir, `seed-${seed}`, scenario, 'oracle'),
  method: (dir: string, seed: number, scenario: string, method: string): string =>
    join(dir, `seed-${seed}`, scenario, method),
  /**
   * The folder that holds a run's teachers and oracles (laid out as above): a shared reference store when one is
   * given (a sweep's, so that runs with the same reference settings reuse them), else the run's own folder.
   */
  references: (dir: string, shared?: string): string => shared ?? dir,
  /** The result of a job: `<checkpoint base>.result.json`. */
  result: (base: string): string => `${base}.result.json`,
};
