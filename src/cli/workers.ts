import { availableParallelism } from 'node:os';
import { QunlearnError } from '../core/errors.js';

/**
 * Caps a requested number of threads at the machine's cores, with a warning: threads beyond the cores only take
 * turns, each with its own copy of the data (100 workers on 2 cores: 2.2 GB and 13x slower). `force` keeps the
 * request (still warning).
 */
export function capThreads(requested: number, what: string, force: boolean, cores = availableParallelism()): number {
  if (requested <= cores) return requested;
  if (force) {
    process.stderr.write(
      `qunlearn: warning: ${what} (${requested} threads) is more than the ${cores} cores of this machine; running them all as --force-workers asks\n`,
    );
    return requested;
  }
  process.stderr.write(
    `qunlearn: warning: ${what} (${requested} threads) is more than the ${cores} cores of this machine; using ${cores} (threads beyond the cores only take turns, each with its own copy of the data; --force-workers keeps ${requested})\n`,
  );
  return cores;
}

/** How a sweep (or findings plan) splits this machine: `--parallel` tasks at a time × `--run-workers` threads each. */
export interface SweepSplitFlags {
  parallel?: number;
  runWorkers?: number;
  forceWorkers?: boolean;
}

/** The split a sweep's flags ask for, each part capped at the cores (see {@link capThreads}). */
export function sweepSplit(flags: SweepSplitFlags): { cores: number; parallel?: number; runWorkers?: number } {
  const cores = availableParallelism();
  const force = flags.forceWorkers === true;
  const parallel =
    flags.parallel === undefined ? undefined : capThreads(flags.parallel, `--parallel ${flags.parallel}`, force, cores);
  const runWorkers =
    flags.runWorkers === undefined
      ? undefined
      : capThreads(
          flags.runWorkers,
          `--parallel ${parallel ?? 1} × --run-workers ${flags.runWorkers}`,
          force,
          Math.max(1, Math.floor(cores / (parallel ?? 1))),
        );
  return { cores, parallel, runWorkers };
}

/** Worker threads of a run or audit: `--workers` (or the config's) capped at the cores, else `fallback`. */
export function runWorkers(
  flags: { workers?: number; forceWorkers?: boolean; config?: string },
  configured: number | undefined,
  fallback: number,
): number {
  const requested = flags.workers ?? configured;
  if (flags.forceWorkers === true && requested === undefined) {
    throw new QunlearnError(
      'usage',
      '--force-workers lets --workers exceed the cores; without --workers it has nothing to do',
    );
  }
  if (requested === undefined) return fallback;
  const what = flags.workers !== undefined ? `--workers ${requested}` : `workers: ${requested} in ${flags.config}`;
  return capThreads(requested, what, flags.forceWorkers === true);
}
