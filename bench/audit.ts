import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Wall time and memory of `qunlearn audit` (`npm run bench:audit -- iris mnist memory`; needs a build):
 * - iris: N = 64, every method, both scenarios, `--original per-model`, on all cores (target: 5 min);
 * - mnist: 200 per class, N = 16, three methods, the class scenario, on two workers, beside one training's time
 *   measured inside the same audit (its retrained jobs): the audit should cost no more than twice
 *   (3N trainings + N unlearning runs per method) × one training;
 * - memory: peak resident memory of the same small audit at growing N (one worker), which should not grow with N
 *   beyond the φ arrays.
 * The audit directories are kept (printed) so that their tables can be quoted.
 */

const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');

interface Timed {
  seconds: number;
  out: string;
  stdout: string;
  stderr: string;
  maxRssKb?: number;
}

/** Runs the CLI to completion under /usr/bin/time, returning the wall time, output folder and peak RSS. */
function qunlearn(args: string[], name: string, progress = false): Timed {
  const quiet = progress ? ['--no-report'] : ['--quiet', '--no-report'];
  const out = join(mkdtempSync(join(tmpdir(), 'qunlearn-bench-audit-')), name);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, cli, ...args, '--out', out, ...quiet], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
  const rss = /maxrss (\d+)/.exec(r.stderr);
  return { seconds, out, stdout: r.stdout, stderr: r.stderr, maxRssKb: rss === null ? undefined : Number(rss[1]) };
}

function iris(): void {
  const t = qunlearn(['audit', '--models', '64', '--original', 'per-model'], 'iris-n64');
  console.log(
    `iris audit, N = 64, every method, both scenarios, per-model originals: ${t.seconds.toFixed(1)} s (target <= 300 s) — ${t.out}`,
  );
  console.log(t.stdout);
}

/** Seconds of each finished job whose label matches, from the progress lines (`[ k/n] <label> 12.3 s`). */
function jobSeconds(stderr: string, label: RegExp): number[] {
  return stderr.split('\n').flatMap((line) => {
    const m = /^\[\s*\d+\/\d+\] (.*) (\d+\.\d) s/.exec(line);
    return m !== null && label.test(m[1]) ? [Number(m[2])] : [];
  });
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function mnist(): void {
  const methods = 'retrain,neggrad-plus,scrub';
  const n = 16;
  const workers = 2;
  const audit = qunlearn(
    [
      'audit',
      '--dataset',
      'mnist',
      '--models',
      String(n),
      '--methods',
      methods,
      '--scenarios',
      'class',
      '--workers',
      String(workers),
    ],
    'mnist-n16',
    true,
  );
  // One training's time, measured inside the audit under the same load: a retrained model's job is one training.
  const trainings = jobSeconds(audit.stderr, /audit · class-0 · retrained/);
  const unlearned = jobSeconds(audit.stderr, /audit · unlearned/);
  const one = median(trainings);
  const budget = (3 * n + n * 3) * one;
  console.log(
    `mnist (200 per class) audit, N = ${n}, ${methods}, class scenario, ${workers} workers: ${audit.seconds.toFixed(0)} s — ${audit.out}`,
  );
  console.log(
    `one training (median of the ${trainings.length} retrained jobs): ${one.toFixed(1)} s; an unlearned job (its original + ${methods.split(',').length} methods): median ${median(unlearned).toFixed(1)} s`,
  );
  console.log(
    `(3N trainings + N runs × 3 methods) × one training = ${budget.toFixed(0)} s of work = ${(budget / workers).toFixed(0)} s on ${workers} workers; audit wall-clock / that = ${((audit.seconds * workers) / budget).toFixed(2)}`,
  );
  console.log(audit.stdout);
}

function memory(): void {
  for (const n of [8, 16, 32, 64]) {
    const t = qunlearn(
      ['audit', '--models', String(n), '--methods', 'original,retrain,ga', '--scenarios', 'class', '--workers', '1'],
      `memory-n${n}`,
    );
    const rows = JSON.parse(readFileSync(join(t.out, 'audit.json'), 'utf8')) as unknown[];
    console.log(
      `iris class audit, 3 methods, N = ${String(n).padStart(2)}, one worker: peak RSS ${((t.maxRssKb ?? 0) / 1024).toFixed(0)} MB, ${t.seconds.toFixed(1)} s, ${rows.length} rows`,
    );
  }
}

const cases: Record<string, () => void> = { iris, mnist, memory };
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['iris', 'memory'];
for (const name of wanted) {
  if (cases[name] === undefined) {
    console.error(`unknown case '${name}'; known: ${Object.keys(cases).join(', ')}`);
    process.exit(2);
  }
}
console.log(`node ${process.version}, ${new Date().toISOString()}`);
for (const name of wanted) cases[name]();
