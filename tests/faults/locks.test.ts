import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/experiment/folder-lock.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { killWhenFileAppears } from '../helpers/results.js';
import { FAST, failsWith, finished } from './helpers.js';

/** The pid of a process that has exited (a stale lock's holder). */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

function lockOf(pid: number, host: string): string {
  return JSON.stringify({
    format: 'qunlearn-lock/1',
    pid,
    host,
    processStart: null,
    since: '2026-01-01T00:00:00.000Z',
    command: 'qunlearn run --out x',
  });
}

const seedsOf = (dir: string): number[] => [
  ...new Set((JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { seed: number }[]).map((r) => r.seed)),
];

describe('fault 1: two processes in one output folder', () => {
  it('two runs started together into one --out: exactly one runs, the other gets one clear error, nothing is mixed', async () => {
    // Before: both exited 0 and printed their row counts; the folder held one run's results, the other's were gone.
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = join(tempDir(), 'race');
      const [a, b] = await Promise.all([
        finished(startCli(['run', ...FAST, '--seeds', '0', '--out', dir])),
        finished(startCli(['run', ...FAST, '--seeds', '1', '--out', dir])),
      ]);
      expect([a.status, b.status].sort(), a.stderr + b.stderr).toEqual([0, 1]);
      const [winner, loser] = a.status === 0 ? [0, b] : [1, a];
      expect(loser.stderr).toMatch(
        /^qunlearn: error: (run folder .+ is in use by another qunlearn process: pid \d+ on host .+|output directory .+ already exists and is not empty.+)\n$/,
      );
      expect(seedsOf(dir)).toEqual([winner]);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    }
  });

  it('a second --resume of a running run is refused naming the first; once that process is gone its lock is stale and taken over', async () => {
    // Before: two `--resume` of one folder both redid all the work.
    const dir = join(tempDir(), 'busy');
    const child = startCli([
      'run',
      '--methods',
      'original,ga,scrub',
      '--seeds',
      '0,1',
      '--quiet',
      '--no-report',
      '--workers',
      '1',
      '--out',
      dir,
    ]);
    const done = finished(child);
    await killWhenFileAppears(child, join(dir, 'seed-0', 'teacher.result.json'), 'the run', 'SIGSTOP');
    const message = failsWith(['run', '--resume', dir]);
    expect(message).toContain(
      `run folder ${dir} is in use by another qunlearn process: pid ${child.pid} on host ${hostname()}`,
    );
    expect(message).toContain('wait for it to finish');
    child.kill('SIGKILL');
    await done;
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(child.pid);
    const resumed = runCli(['run', '--resume', dir, '--quiet', '--no-report', '--workers', '2']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('a lock of a dead process on this host is taken over; one from another host is an error saying how to clear it', () => {
    const dir = join(tempDir(), 'stale');
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), lockOf(deadPid(), hostname()));
    expect(runCli(['run', ...FAST, '--out', dir]).status).toBe(0);
    const other = join(tempDir(), 'elsewhere');
    mkdirSync(other);
    writeFileSync(join(other, LOCK_FILE), lockOf(4242, 'lab-machine-7'));
    expect(failsWith(['run', ...FAST, '--out', other])).toBe(
      `run folder ${other} is in use by another qunlearn process: pid 4242 on host lab-machine-7 (qunlearn run --out x), since 2026-01-01T00:00:00.000Z; ` +
        `wait for it to finish, or choose another --out (if no qunlearn process runs there any more, delete ${join(other, LOCK_FILE)})`,
    );
  });

  it('two sweeps started together into one --out: one runs, the other is refused', async () => {
    const dir = join(tempDir(), 'sweep-race');
    const args = [
      'sweep',
      '--layers',
      '1,2',
      '--methods',
      'original',
      '--scenarios',
      'subset',
      '--epochs',
      '3',
      '--quiet',
      '--no-report',
      '--out',
      dir,
    ];
    const [a, b] = await Promise.all([
      finished(startCli(args)),
      finished(startCli([...args.slice(0, -2), '--seeds', '1', '--out', dir])),
    ]);
    expect([a.status, b.status].sort(), a.stderr + b.stderr).toEqual([0, 1]);
    expect((a.status === 1 ? a : b).stderr).toMatch(
      /^qunlearn: error: (sweep folder .+ is in use by another qunlearn process|.+ holds a different sweep)/,
    );
  });
});
