import type cliProgress from 'cli-progress';
import type { SweepEvent, TaskRef } from '../experiment/sweep/scheduler.js';
import { newMultiBar } from './multibar.js';

/** Consumes sweep events and shows progress on stderr; `finish` tears the display down. */
export interface SweepProgress {
  onEvent: (event: SweepEvent) => void;
  finish: () => void;
}

/** `2 min 05 s`, `42 s`. */
function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const name = (task: TaskRef): string => (task.kind === 'run' ? `run ${task.id}` : `references ${task.id}`);

/** Counts runs and estimates the time left from the runs finished in this session. */
function counter(): {
  planned: (e: SweepEvent & { type: 'planned' }) => void;
  finish: () => void;
  counter: () => string;
  left: () => string;
} {
  let total = 0;
  let done = 0;
  let finishedHere = 0;
  const t0 = performance.now();
  return {
    planned: (e) => {
      total = e.runs;
      done = e.runsDone;
    },
    finish: () => {
      done++;
      finishedHere++;
    },
    counter: () => `[${String(done).padStart(String(total).length)}/${total}]`,
    left: () => {
      const left = total - done;
      if (left === 0) return '';
      const eta = finishedHere > 0 ? `, ETA ${clock(((performance.now() - t0) / 1000 / finishedHere) * left)}` : '';
      return ` · ${left} left${eta}`;
    },
  };
}

/** One line per finished or failed task (for logs, CI and pipes). */
export function sweepLineProgress(stream: NodeJS.WriteStream = process.stderr): SweepProgress {
  const runs = counter();
  return {
    onEvent(e) {
      if (e.type === 'planned') {
        runs.planned(e);
        const before = e.runsDone > 0 ? ` (${e.runsDone} finished before)` : '';
        stream.write(
          `sweep: ${e.runs} runs${before}, ${e.references - e.referencesDone} reference set(s) to train · ${e.executor}\n`,
        );
      } else if (e.type === 'started' && e.where !== 'local') {
        stream.write(`${name(e.task)} started on ${e.where}\n`);
      } else if (e.type === 'finished' || e.type === 'failed') {
        const run = e.task.kind === 'run';
        if (run) runs.finish();
        const what =
          e.type === 'finished'
            ? `${name(e.task)} · ${e.seconds.toFixed(1)} s`
            : `FAILED ${name(e.task)}: ${e.message}`;
        stream.write(run ? `${runs.counter()} ${what}${runs.left()}\n` : `${what}\n`);
      }
    },
    finish: () => {},
  };
}

/** Live bars on a terminal: all runs with ETA, and one bar per running task with its jobs and where it runs. */
export function sweepBarProgress(stream: NodeJS.WriteStream = process.stderr): SweepProgress {
  const multi = newMultiBar(stream);
  let overall: cliProgress.SingleBar | null = null;
  const bars = new Map<string, cliProgress.SingleBar>();
  const failures: string[] = [];
  let done = 0;
  const key = (t: TaskRef): string => `${t.kind}:${t.id}`;
  return {
    onEvent(e) {
      if (e.type === 'planned') {
        done = e.runsDone;
        multi.log(
          `sweep: ${e.runs} runs, ${e.references - e.referencesDone} reference set(s) to train · ${e.executor}\n`,
        );
        overall = multi.create(
          e.runs,
          e.runsDone,
          { label: 'all runs'.padEnd(40) },
          { format: '{label} {bar} {value}/{total} · ETA {eta_formatted}' },
        );
      } else if (e.type === 'started') {
        const label = name(e.task).padEnd(40).slice(0, 40);
        const bar = bars.get(key(e.task));
        if (bar === undefined) bars.set(key(e.task), multi.create(1, 0, { label, info: e.where }));
        else bar.update({ info: e.where });
      } else if (e.type === 'progress') {
        const bar = bars.get(key(e.task));
        if (bar !== undefined && e.progress.total > 0) {
          bar.setTotal(e.progress.total);
          bar.update(e.progress.done);
        }
      } else if (e.type === 'finished' || e.type === 'failed') {
        const bar = bars.get(key(e.task));
        if (bar !== undefined) {
          multi.remove(bar);
          bars.delete(key(e.task));
        }
        if (e.type === 'failed') failures.push(`FAILED ${name(e.task)}: ${e.message}`);
        if (e.task.kind === 'run') overall?.update(++done);
      }
    },
    finish: () => {
      multi.stop();
      for (const f of failures) stream.write(`${f}\n`);
    },
  };
}

/** Bars on a terminal, lines otherwise, nothing with `quiet`. */
export function sweepProgressFor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): SweepProgress {
  if (quiet) return { onEvent: () => {}, finish: () => {} };
  return stream.isTTY ? sweepBarProgress(stream) : sweepLineProgress(stream);
}
