import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/core/node/atomic-file.js';
import { runFiles } from '../../../src/experiment/layout.js';
import { sweepFiles } from '../../../src/experiment/sweep/layout.js';
import { planSweep, type SweepPlan } from '../../../src/experiment/sweep/plan.js';
import { referenceJobs, referencesComplete } from '../../../src/experiment/sweep/references.js';
import { runSweep, type SweepEvent } from '../../../src/experiment/sweep/scheduler.js';
import { makeSweepSpec } from '../../../src/experiment/sweep/spec.js';
import { readSweepStatus } from '../../../src/experiment/sweep/status.js';
import type { SweepExecutor } from '../../../src/experiment/sweep/task.js';
import { tempDir } from '../../helpers/cli.js';

/**
 * An executor that writes what real tasks write (result markers, run.json, results.json) without training, and
 * records what it was asked to do: the scheduler's bookkeeping is tested here, the real executors end to end.
 */
function fakeExecutor(
  fail: { runs?: string[]; jobFailures?: string[]; references?: number[] } = {},
): SweepExecutor & { calls: string[]; violations: string[] } {
  const calls: string[] = [];
  const violations: string[] = [];
  return {
    description: 'fake',
    calls,
    violations,
    execute: async (task, handlers) => {
      handlers.onStart('fake');
      await new Promise((resolve) => setTimeout(resolve, 3));
      if (task.kind === 'references') {
        calls.push(`references ${task.key} ${task.seed}`);
        if (fail.references?.includes(task.seed)) throw new Error(`no data for seed ${task.seed}`);
        for (const job of referenceJobs(task.seed, task.scenarios)) {
          const base =
            job.kind === 'teacher'
              ? runFiles.teacher(task.root, job.seed)
              : runFiles.oracle(task.root, job.seed, job.kind === 'oracle' ? job.scenario : '');
          writeFileAtomic(runFiles.result(base), JSON.stringify({ kind: job.kind, seed: job.seed }));
        }
        return;
      }
      calls.push(`run ${task.id}`);
      if (!referencesComplete(task.references, task.seed, ['subset']))
        violations.push(`${task.id} started before its references`);
      if (fail.runs?.includes(task.id)) throw new Error(`${task.id} crashed`);
      const failed = fail.jobFailures?.includes(task.id) ?? false;
      writeFileAtomic(
        runFiles.resultsJson(task.dir),
        JSON.stringify([
          { seed: task.seed, scenario: 'subset', method: 'ga', status: 'ok', forget_acc: task.seed / 10 },
        ]),
      );
      const record = {
        format: 'qunlearn-run/1',
        experiment: task.experiment,
        seeds: {},
        status: failed ? 'failed' : 'complete',
        failures: failed ? [{ job: 'seed 0 · subset · ga', message: 'diverged' }] : [],
      };
      writeFileAtomic(runFiles.runJson(task.dir), JSON.stringify(record));
    },
    close: async () => {},
  };
}

function smallPlan(): SweepPlan {
  return planSweep(
    makeSweepSpec(
      { methods: ['ga'], scenarios: ['subset'] },
      [{ path: 'methodSettings.ga.epochs', values: [2, 4, 8] }],
      [0, 1],
    ),
  ).plan;
}

describe('the sweep scheduler', () => {
  it('trains each shared reference set once, before its runs, and isolates failures', async () => {
    const plan = smallPlan();
    const dir = tempDir();
    const executor = fakeExecutor({ runs: ['ga.epochs=4,seed=1'], jobFailures: ['ga.epochs=8,seed=0'] });
    const events: SweepEvent[] = [];
    const outcome = await runSweep(plan, dir, executor, { onEvent: (e) => events.push(e) });
    expect(executor.calls.filter((c) => c.startsWith('references')).sort()).toEqual([
      `references ${plan.runs[0].referenceKey} 0`,
      `references ${plan.runs[0].referenceKey} 1`,
    ]);
    expect(executor.calls.filter((c) => c.startsWith('run'))).toHaveLength(6);
    expect(executor.violations).toEqual([]);
    expect(outcome.complete).toHaveLength(4);
    expect([...outcome.failures].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { kind: 'run', id: 'ga.epochs=4,seed=1', message: 'ga.epochs=4,seed=1 crashed' },
      { kind: 'run', id: 'ga.epochs=8,seed=0', message: '1 job(s) failed, first seed 0 · subset · ga: diverged' },
    ]);
    const status = readSweepStatus(dir)!;
    expect(status.state).toBe('failed');
    expect(status.runs['ga.epochs=4,seed=1']).toMatchObject({
      state: 'failed',
      error: 'ga.epochs=4,seed=1 crashed',
      where: 'fake',
    });
    expect(status.runs['ga.epochs=2,seed=0'].state).toBe('complete');
    expect(events[0]).toEqual({
      type: 'planned',
      runs: 6,
      runsDone: 0,
      references: 2,
      referencesDone: 0,
      executor: 'fake',
    });
    // One run has no rows, so they go to sweep-partial.* and sweep.csv (a whole gathering) is not written.
    expect(outcome.missing).toEqual([{ id: 'ga.epochs=4,seed=1', why: 'its folder does not exist' }]);
    expect(outcome.csv).toBe(sweepFiles.partialCsv(dir));
    expect(existsSync(sweepFiles.csv(dir))).toBe(false);
    const rows = JSON.parse(readFileSync(sweepFiles.partialJson(dir), 'utf8')) as Record<string, unknown>[];
    expect(rows.map((r) => [r.run, r['ga.epochs'], r.seed])).toEqual([
      ['ga.epochs=2,seed=0', 2, 0],
      ['ga.epochs=2,seed=1', 2, 1],
      ['ga.epochs=4,seed=0', 4, 0],
      ['ga.epochs=8,seed=0', 8, 0],
      ['ga.epochs=8,seed=1', 8, 1],
    ]);
    expect(readFileSync(sweepFiles.partialCsv(dir), 'utf8').split('\n')[0]).toBe(
      'run,ga.epochs,seed,scenario,method,status,forget_acc',
    );
    expect(existsSync(sweepFiles.referenceManifest(dir, plan.runs[0].referenceKey))).toBe(true);

    const again = fakeExecutor();
    const resumed = await runSweep(plan, dir, again);
    expect(again.calls.sort()).toEqual(['run ga.epochs=4,seed=1', 'run ga.epochs=8,seed=0']);
    expect(resumed.failures).toEqual([]);
    expect(resumed.complete).toHaveLength(6);
    expect(readSweepStatus(dir)!.state).toBe('complete');
    expect(JSON.parse(readFileSync(sweepFiles.json(dir), 'utf8'))).toHaveLength(6);
    expect(existsSync(sweepFiles.partialCsv(dir))).toBe(false);
  });

  it('fails the runs whose references could not be trained, and only those', async () => {
    const plan = smallPlan();
    const dir = tempDir();
    const executor = fakeExecutor({ references: [1] });
    const outcome = await runSweep(plan, dir, executor);
    expect(outcome.complete).toEqual(['ga.epochs=2,seed=0', 'ga.epochs=4,seed=0', 'ga.epochs=8,seed=0']);
    const key = plan.runs[0].referenceKey;
    expect(outcome.failures.map((f) => [f.kind, f.id])).toEqual([
      ['references', `${key}/seed-1`],
      ['run', 'ga.epochs=2,seed=1'],
      ['run', 'ga.epochs=4,seed=1'],
      ['run', 'ga.epochs=8,seed=1'],
    ]);
    expect(outcome.failures[1].message).toBe(`its references (${key}/seed-1) could not be trained: no data for seed 1`);
    expect(readSweepStatus(dir)!.references[`${key}/seed-1`]).toMatchObject({
      state: 'failed',
      error: 'no data for seed 1',
    });
    expect(existsSync(join(dir, 'runs', 'ga.epochs=2,seed=1'))).toBe(false);
  });
});
