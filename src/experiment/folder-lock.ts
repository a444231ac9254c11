import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { QunlearnError } from '../core/errors.js';

/** The lock file inside a locked run or sweep folder. */
export const LOCK_FILE = '.qunlearn.lock';

/** Who holds a folder: written into the lock file when it is created. */
export interface LockHolder {
  format: 'qunlearn-lock/1';
  pid: number;
  host: string;
  /** The process's start time as the kernel records it (Linux), so a reused pid is not mistaken for the holder. */
  processStart: string | null;
  since: string;
  command: string;
  /** The worker thread that took it (0: the main thread), so a terminated thread's locks can be released. */
  thread?: number;
}

/** A held lock; `release` is idempotent. */
export interface FolderLock {
  dir: string;
  release(): void;
}

/** Locks this thread holds, by lock file, with how many times each was taken (locking is re-entrant). */
const held = new Map<string, { count: number; removeDir: boolean; dir: string }>();
let exitHookInstalled = false;

/** The start time of a process from /proc (Linux), or null where that is not available. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) may hold spaces, so count from its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** True when the process that wrote `holder` is still running (on this host; other hosts cannot be checked). */
function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const start = processStart(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

function readHolder(file: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return value.format === 'qunlearn-lock/1' && typeof value.pid === 'number' && typeof value.host === 'string'
      ? value
      : null;
  } catch {
    return null;
  }
}

/**
 * Removes the lock on `dir` if a worker thread of this process took it: called once that thread has been terminated,
 * which skips its `finally` blocks and exit hooks, so that the same process can take the folder again (a resumed
 * sweep in a library call). A lock of another thread or process is left alone.
 */
export function releaseThreadLock(dir: string, thread: number): void {
  const file = join(dir, LOCK_FILE);
  const holder = readHolder(file);
  if (
    holder !== null &&
    holder.pid === process.pid &&
    holder.host === hostname() &&
    holder.thread === thread &&
    thread !== threadId
  )
    rmSync(file, { force: true });
}

/** The live process holding `dir`, or null when the folder is free (no lock, or a stale one). */
export function folderLockHolder(dir: string): LockHolder | null {
  const holder = readHolder(join(dir, LOCK_FILE));
  return holder !== null && holderAlive(holder) ? holder : null;
}

/** One line naming a lock's holder, e.g. `pid 4242 on host lab-3 (qunlearn run --out runs/a), since 10:42:03`. */
export function describeHolder(holder: LockHolder): string {
  const self = holder.pid === process.pid && holder.host === hostname() ? ', this very process' : '';
  return `pid ${holder.pid} on host ${holder.host}${self} (${holder.command}), since ${holder.since}`;
}

function ownContent(): string {
  const holder: LockHolder = {
    format: 'qunlearn-lock/1',
    pid: process.pid,
    host: hostname(),
    processStart: processStart(process.pid),
    since: new Date().toISOString(),
    command: ['qunlearn', ...process.argv.slice(2)].join(' '),
    thread: threadId,
  };
  return `${JSON.stringify(holder)}\n`;
}

/** Creates the lock file only if it does not exist (O_EXCL); false when someone else's is there. */
function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, ownContent());
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock out of the way. Renaming is atomic, so of two processes that both judged it stale only one
 * moves it; if what was moved turns out to be a fresh lock (another process took over in between), it goes back.
 */
function removeStale(file: string, stale: string): void {
  const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    moved = '';
  }
  if (moved !== stale) {
    try {
      linkSync(aside, file);
    } catch {
      // Yet another process holds the lock by now; the one we moved has lost it either way.
    }
  }
  rmSync(aside, { force: true });
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit() (after Ctrl-C, or an uncaught error) skips `finally` blocks but runs 'exit' listeners.
  process.on('exit', () => {
    for (const [file, entry] of held) removeLock(file, entry);
  });
}

function removeLock(file: string, entry: { removeDir: boolean; dir: string }): void {
  held.delete(file);
  rmSync(file, { force: true });
  if (entry.removeDir) {
    try {
      if (readdirSync(entry.dir).length === 0) rmdirSync(entry.dir);
    } catch {
      // Someone else's file appeared in the folder: leave it.
    }
  }
}

/**
 * Locks a run or sweep folder for as long as this process works in it, creating the folder if needed: a lock file
 * made atomically (O_EXCL) that names the pid and host. A lock whose process is gone (on this host) is stale and
 * taken over; a live one is an error naming its holder. Re-entrant within a thread. Released by `release`, or when
 * the process exits; a folder this call created is removed again if it is still empty then. `what` names the
 * folder in errors (e.g. 'run folder') and `advice` says what to do when it is busy.
 */
export function lockFolder(dir: string, what: string, advice: string): FolderLock {
  const file = join(dir, LOCK_FILE);
  const mine = held.get(file);
  if (mine !== undefined) {
    mine.count++;
    return handle(dir, file);
  }
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file)) break;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const holder = readHolder(file);
    // A lock being written right now reads as empty or partial for a moment; give its writer a chance.
    if (holder === null && attempt < 20) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (holder !== null && holderAlive(holder)) {
      // A process on another machine (a shared folder) cannot be checked from here: say how to clear a lock it left.
      const elsewhere =
        holder.host === hostname() ? '' : ` (if no qunlearn process runs there any more, delete ${file})`;
      throw new QunlearnError(
        'busy',
        `${what} ${dir} is in use by another qunlearn process: ${describeHolder(holder)}; ${advice}${elsewhere}`,
      );
    }
    if (attempt > 50)
      throw new QunlearnError(
        'busy',
        `${what} ${dir}: cannot take over its stale lock ${file}; delete that file and try again`,
      );
    removeStale(file, text);
  }
  installExitHook();
  held.set(file, { count: 1, removeDir: created, dir });
  return handle(dir, file);
}

function handle(dir: string, file: string): FolderLock {
  let released = false;
  return {
    dir,
    release() {
      if (released) return;
      released = true;
      const entry = held.get(file);
      if (entry === undefined) return;
      if (--entry.count === 0) removeLock(file, entry);
    },
  };
}

/** The entries of a folder other than its lock file (what "is the folder empty?" means). */
export function folderEntries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name !== LOCK_FILE) : [];
}
