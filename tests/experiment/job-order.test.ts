import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../src/experiment/config.js';
import { inlineExecutor } from '../../src/experiment/inline-executor.js';
import type { ExecutionEnv } from '../../src/experiment/job-env.js';
import { jobWorkloads } from '../../src/experiment/job-workload.js';
import { jobLabel, type Job, type JobResult, type StudyJob } from '../../src/experiment/jobs.js';
import { planJobs, scheduleJobs } from '../../src/experiment/schedule.js';
import { METHODS } from '../../src/unlearn/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'qunlearn-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const done = (job: Job): JobResult => ({ kind: 'teacher', seed: job.seed }) as unknown as JobResult;
const noEnv = {} as Omit<ExecutionEnv, 'onProgress'>;
const handlers = { onStart: () => {}, onProgress: () => {} };

describe('inlineExecutor', () => {
  it('starts waiting jobs by decreasing priority, in submission order among equals', async () => {
    const order: number[] = [];
    const executor = inlineExecutor(noEnv, (job: Job) => {
      order.push(job.seed);
      return done(job);
    });
    await Promise.all(
      [
        [1, 5],
        [2, 9],
        [3, 5],
        [4, 0],
        [5, 9],
      ].map(([seed, priority]) => executor.run({ kind: 'teacher', seed }, handlers, priority)),
    );
    expect(order).toEqual([2, 5, 1, 3, 4]);
  });
});

describe('jobWorkloads', () => {
  const sizes = (retain: number, forget: number) => [
    {
      seed: 0,
      classes: 10,
      scenarios: [{ name: 's', retain: new Int32Array(retain), forget: new Int32Array(forget) }],
    },
  ];

  it('puts teachers and oracles first and gives every method a finite, non-negative estimate', () => {
    const methods = METHODS.map((m) => m.name);
    for (const preset of ['sound', 'paper'] as const) {
      const experiment = resolveExperiment({ dataset: 'mnist', preset, methods });
      const workload = jobWorkloads(experiment, sizes(1568, 32));
      expect(workload({ kind: 'teacher', seed: 0 })).toBe(Number.POSITIVE_INFINITY);
      expect(workload({ kind: 'oracle', seed: 0, scenario: 's' })).toBe(Number.POSITIVE_INFINITY);
      for (const method of methods) {
        const w = workload({ kind: 'method', seed: 0, scenario: 's', method });
        expect(Number.isFinite(w) && w >= 0, `${preset} ${method}: ${w}`).toBe(true);
      }
    }
  });

  it('ranks a retain-set fine-tune above forget-set ascent and grows with the retain set', () => {
    const experiment = resolveExperiment({ dataset: 'mnist', methods: ['ga', 'ft'] });
    const small = jobWorkloads(experiment, sizes(400, 32));
    const large = jobWorkloads(experiment, sizes(1600, 32));
    const job = (method: string): StudyJob => ({ kind: 'method', seed: 0, scenario: 's', method });
    expect(small(job('ft'))).toBeGreaterThan(small(job('ga')));
    expect(large(job('ft'))).toBeGreaterThan(small(job('ft')));
    expect(large(job('ga'))).toBe(small(job('ga')));
  });
});

describe('scheduleJobs', () => {
  it('runs references first, then methods by decreasing workload', async () => {
    const experiment = resolveExperiment({ dataset: 'iris', methods: ['ga', 'ft', 'lca'], scenarios: ['subset'] });
    const jobs = planJobs(experiment, ['subset']);
    const started: string[] = [];
    const executor = inlineExecutor(noEnv, (job: Job) => done(job));
    const workload = (job: StudyJob): number =>
      job.kind === 'method' ? { ga: 1, ft: 3, lca: 2 }[job.method as 'ga'] : Number.POSITIVE_INFINITY;
    await scheduleJobs(
      jobs,
      new Map(),
      executor,
      (e) => {
        if (e.type === 'started') started.push(jobLabel(e.job));
      },
      undefined,
      workload,
    );
    expect(started).toEqual([
      'seed 0 · teacher',
      'seed 0 · subset · oracle',
      'seed 0 · subset · ft',
      'seed 0 · subset · lca',
      'seed 0 · subset · ga',
    ]);
  });

  it('makes the worker pool start the longest method first on a real run', async () => {
    // Worker threads run the built code (`npm test` builds first).
    const { runExperiment } = await import('../../dist/experiment/runner.js');
    const experiment = resolveExperiment({
      dataset: 'iris',
      methods: ['ga', 'ft', 'lca', 'original'],
      scenarios: ['subset'],
      training: { epochs: 4 },
    });
    const started: string[] = [];
    await runExperiment(experiment, {
      dir: join(dir, 'pool'),
      workers: 2,
      onEvent: (e: { type: string; job?: Job }) => {
        if (e.type === 'started' && e.job !== undefined) started.push(jobLabel(e.job));
      },
    });
    const methods = started.filter((l) => !l.endsWith('teacher') && !l.endsWith('oracle'));
    expect(methods).toEqual([
      'seed 0 · subset · lca',
      'seed 0 · subset · ft',
      'seed 0 · subset · ga',
      'seed 0 · subset · original',
    ]);
  });
});
