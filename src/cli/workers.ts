import { availableParallelism } from 'node:os';

/**
 * Caps a requested number of threads at the machine's cores, with a warning: threads beyond the cores only take
 * turns, each with its own copy of the data (100 workers on 2 cores: 2.2 GB and 13x slower). `force` keeps the
 * request (still warning).
 */
export function capThreads(requested: number, what: string, force: boolean, cores = availableParallelism()): number {
  if (requested <= cores) return requested;
  if (force) {
    process.stderr.write(`qunlearn: warning: ${what} (${requested} threads) is more than the ${cores} cores of this machine; running them all as --force-workers asks\n`);
    return requested;
  }
  process.stderr.write(`qunlearn: warning: ${what} (${requested} threads) is more than the ${cores} cores of this machine; using ${cores} (threads beyond the cores only take turns, each with its own copy of the data; --force-workers keeps ${requested})\n`);
  return cores;
}
