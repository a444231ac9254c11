import type cliProgress from 'cli-progress';
import { jobLabel } from '../experiment/jobs.js';
import type { RunEvent } from '../experiment/runner.js';
import { newMultiBar } from './multibar.js';

/** Consumes run events and shows progress on stderr; `finish` tears the display down. */
export interface ProgressDisplay {
  onEvent: (event: RunEvent) => void;
  finish: () => void;
}

/** No output at all (`--quiet`). */
export function silentProgress(): ProgressDisplay {
  return { onEvent: () => {}, finish: () => {} };
}

/** `1h 02m`, `3m 07s` or `12 s`: a duration for an ETA. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s} s`;
}

/**
 * One line per finished or failed job, with the time left at the pace of the jobs run so far: for logs, CI and
 * pipes. Jobs finished before a resume count as done from the start.
 */
export function lineProgress(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  let total = 0;
  let done = 0;
  let doneAtStart = 0;
  let planned = 0;
  const started = new Map<string, number>();
  const counter = (): string => `[${String(done).padStart(String(total).length)}/${total}]`;
  const eta = (): string => {
    const ran = done - doneAtStart;
    if (ran === 0 || done >= total) return '';
    return ` · ETA ${formatDuration((((performance.now() - planned) / 1000) * (total - done)) / ran)}`;
  };
  return {
    onEvent(e) {
      if (e.type === 'planned') {
        total = e.total;
        done = e.done;
        doneAtStart = e.done;
        planned = performance.now();
        if (e.stage === 'audit')
          stream.write(`audit: ${e.total} model jobs${e.done > 0 ? ` (${e.done} already finished)` : ''}\n`);
        else if (e.done > 0) stream.write(`resuming: ${e.done} of ${e.total} jobs already finished\n`);
      } else if (e.type === 'started') {
        started.set(jobLabel(e.job), performance.now());
      } else if (e.type === 'finished') {
        if (e.resumed) return;
        done++;
        const t0 = started.get(jobLabel(e.job));
        const seconds = t0 === undefined ? '' : ` ${((performance.now() - t0) / 1000).toFixed(1)} s`;
        stream.write(`${counter()} ${jobLabel(e.job)}${seconds}${eta()}\n`);
      } else if (e.type === 'failed') {
        done++;
        stream.write(`${counter()} FAILED ${jobLabel(e.job)}: ${e.message}\n`);
      }
    },
    finish: () => {},
  };
}

/** Live bars on a terminal: overall jobs with ETA, and one bar per running job with its epoch and loss. */
export function barProgress(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const multi = newMultiBar(stream);
  let overall: cliProgress.SingleBar | null = null;
  const bars = new Map<string, cliProgress.SingleBar>();
  const failures: string[] = [];
  let done = 0;
  return {
    onEvent(e) {
      if (e.type === 'planned') {
        done = e.done;
        overall = multi.create(
          e.total,
          e.done,
          { label: (e.stage === 'audit' ? 'audit jobs' : 'all jobs').padEnd(32) },
          { format: '{label} {bar} {value}/{total} · ETA {eta_formatted}' },
        );
      } else if (e.type === 'started') {
        bars.set(
          jobLabel(e.job),
          multi.create(1, 0, { label: jobLabel(e.job).padEnd(32).slice(0, 32), info: 'starting' }),
        );
      } else if (e.type === 'progress') {
        const bar = bars.get(jobLabel(e.progress.job));
        const { epoch, maxEpochs } = e.progress;
        bar?.setTotal(Math.max(maxEpochs, epoch.epoch));
        bar?.update(epoch.epoch, { info: `epoch · loss ${epoch.loss.toFixed(3)}` });
      } else if (e.type === 'finished' || e.type === 'failed') {
        if (e.type === 'finished' && e.resumed) return;
        const bar = bars.get(jobLabel(e.job));
        if (bar !== undefined) {
          multi.remove(bar);
          bars.delete(jobLabel(e.job));
        }
        if (e.type === 'failed') failures.push(`FAILED ${jobLabel(e.job)}: ${e.message}`);
        done++;
        overall?.update(done);
      }
    },
    finish: () => {
      multi.stop();
      for (const f of failures) stream.write(`${f}\n`);
    },
  };
}

/** Bars on a terminal, lines otherwise, nothing with `quiet`. */
export function progressFor(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (quiet) return silentProgress();
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}
