import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderEntries, folderLockHolder, LOCK_FILE, lockFolder } from '../../src/experiment/folder-lock.js';
import { tempDir } from '../helpers/cli.js';

const lock = (dir: string) => lockFolder(dir, 'run folder', 'wait');

describe('folder locks', () => {
  it('creates the folder and an O_EXCL lock naming this process; re-entrant; released by the last release', () => {
    const dir = join(tempDir(), 'a', 'b');
    const outer = lock(dir);
    const holder = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(holder).toMatchObject({ format: 'qunlearn-lock/1', pid: process.pid, host: hostname() });
    expect(folderLockHolder(dir)?.pid).toBe(process.pid);
    expect(folderEntries(dir)).toEqual([]);
    const inner = lock(dir);
    inner.release();
    inner.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    writeFileSync(join(dir, 'results.csv'), 'x\n');
    outer.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(folderEntries(dir)).toEqual(['results.csv']);
    expect(folderLockHolder(dir)).toBeNull();
  });

  it('removes a folder it created when nothing was written into it', () => {
    const dir = join(tempDir(), 'fresh');
    lock(dir).release();
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a folder held by a live process, naming it; takes over from a dead one and from a reused pid', async () => {
    const dir = join(tempDir(), 'held');
    mkdirSync(dir);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((resolve) => sleeper.on('spawn', resolve));
    try {
      const record = {
        format: 'qunlearn-lock/1',
        pid: sleeper.pid,
        host: hostname(),
        processStart: null,
        since: 'then',
        command: 'qunlearn sweep',
      };
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify(record));
      expect(() => lock(dir)).toThrow(
        `run folder ${dir} is in use by another qunlearn process: pid ${sleeper.pid} on host ${hostname()} (qunlearn sweep), since then; wait`,
      );
      // The same pid, but a process that started at another time: the pid was reused, so the lock is stale.
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...record, processStart: '1' }));
      if (existsSync(`/proc/${sleeper.pid}/stat`)) lock(dir).release();
    } finally {
      sleeper.kill();
    }
    await new Promise((resolve) => sleeper.on('exit', resolve));
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({
        format: 'qunlearn-lock/1',
        pid: sleeper.pid,
        host: hostname(),
        processStart: null,
        since: 'then',
        command: 'x',
      }),
    );
    const taken = lock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    taken.release();
  });
});
