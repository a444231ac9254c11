import { describe, expect, it } from 'vitest';
import { formatDuration, lineProgress } from '../../src/cli/progress.js';
import type { Job, JobResult } from '../../src/experiment/jobs.js';

/** A writable that collects what is written. */
function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  return {
    stream: {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WriteStream,
    text: () => text,
  };
}

const job = (model: number): Job => ({ kind: 'audit-unlearned', seed: 0, model });
const result = (model: number): JobResult => ({ kind: 'audit', seed: 0, model, seconds: 1 });

describe('line progress', () => {
  it('formats durations for an ETA', () => {
    expect(formatDuration(7.4)).toBe('7 s');
    expect(formatDuration(187)).toBe('3m 07s');
    expect(formatDuration(3725)).toBe('1h 02m');
  });

  it('counts from the jobs finished before a resume, ignores their replayed events, and shows the time left', () => {
    const out = sink();
    const progress = lineProgress(out.stream);
    progress.onEvent({ type: 'planned', total: 4, done: 1, stage: 'audit' });
    progress.onEvent({ type: 'finished', job: job(0), result: result(0), resumed: true });
    progress.onEvent({ type: 'started', job: job(1) });
    progress.onEvent({ type: 'finished', job: job(1), result: result(1), resumed: false });
    progress.onEvent({ type: 'failed', job: job(2), message: 'boom' });
    const lines = out.text().split('\n');
    expect(lines[0]).toBe('audit: 4 model jobs (1 already finished)');
    expect(lines[1]).toMatch(/^\[2\/4\] seed 0 · audit · unlearned 1 \d+\.\d s · ETA \d+ s$/);
    expect(lines[2]).toBe('[3/4] FAILED seed 0 · audit · unlearned 2: boom');
  });
});
