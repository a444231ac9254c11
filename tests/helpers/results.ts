import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Wall-clock columns: the only ones that legitimately differ between two runs of the same configuration. */
const WALL_CLOCK = new Set(['seconds', 'retrain_seconds', 'speedup']);

/** A results CSV file's cells without the wall-clock columns. */
export function csvWithoutTiming(file: string): string[][] {
  const [header, ...lines] = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const keep = header.map((h, i) => (WALL_CLOCK.has(h) ? -1 : i)).filter((i) => i >= 0);
  return [header, ...lines].map((row) => keep.map((i) => row[i]));
}

/** A JSON array of result rows without the wall-clock columns. */
export function jsonRowsWithoutTiming(file: string): Record<string, unknown>[] {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !WALL_CLOCK.has(k))));
}

/** Sends `signal` (default SIGKILL) to `child` as soon as `file` exists; fails if the child exits first without having written it. */
export function killWhenFileAppears(
  child: ChildProcess,
  file: string,
  what = 'the process',
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (existsSync(file)) {
        clearInterval(timer);
        child.kill(signal);
        resolve();
      }
    }, 2);
    child.on('exit', () => {
      clearInterval(timer);
      if (existsSync(file)) resolve();
      else reject(new Error(`${what} finished before it could be killed`));
    });
  });
}
