import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findingsSweeps, type FindingsSettings } from '../../../src/experiment/findings/plan.js';
import {
  computeFindings,
  findingsFiles,
  runFindings,
  type FindingsRecord,
} from '../../../src/experiment/findings/run.js';
import { sweepDirOf } from '../../../src/experiment/findings/observations.js';
import { runFiles } from '../../../src/experiment/layout.js';
import { sweepFiles } from '../../../src/experiment/sweep/layout.js';
import { readSweepPlan } from '../../../src/experiment/sweep/plan.js';
// The built executor: its task threads run the compiled modules (the test command builds first).
import { localExecutor } from '../../../dist/experiment/sweep/local-executor.js';

/** The smallest plan that exercises every claim's code: two depths, ring only, two seeds, audits of 6 models. */
const SETTINGS: FindingsSettings = {
  datasets: ['iris'],
  seeds: [0, 1],
  models: 6,
  depths: [1, 2],
  entanglers: ['ring'],
};
const root = mkdtempSync(join(tmpdir(), 'qunlearn-findings-'));
const executor = () => localExecutor({ parallel: 2, workersPerTask: 1 });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const planned = (dir: string) =>
  findingsSweeps(SETTINGS).map((sweep) => ({ sweep, plan: readSweepPlan(sweepDirOf(dir, sweep.id)) }));

describe('a findings plan', () => {
  let uninterrupted: FindingsRecord;
  const a = join(root, 'a');

  it('runs its sweeps, verifies the pairing by seed and writes every number behind the verdicts', async () => {
    uninterrupted = await runFindings(SETTINGS, { dir: a, executor });
    expect(uninterrupted.findings.map((f) => f.id)).toEqual([
      'memorisation-depth-iris',
      'entanglement-iris',
      'tradeoffs-depth-iris',
      'task-complexity',
      'best-balance-iris',
      'quantum-iris',
    ]);
    expect(Object.keys(uninterrupted.pairing.digests).sort()).toEqual(['iris/seed-0', 'iris/seed-1']);
    expect(uninterrupted.pairing.digests['iris/seed-0']).not.toBe(uninterrupted.pairing.digests['iris/seed-1']);
    const memorisation = uninterrupted.findings[0];
    expect(memorisation.tests).toHaveLength(3);
    expect(memorisation.tests.every((t) => t.effect.n === 2)).toBe(true);
    expect(
      uninterrupted.profiles.some(
        (p) => p.kind === 'classical' && p.method === 'original' && p.measure === 'audit_score',
      ),
    ).toBe(true);
    expect(JSON.parse(readFileSync(findingsFiles.json(a), 'utf8'))).toEqual(JSON.parse(JSON.stringify(uninterrupted)));
  }, 240_000);

  it('refuses comparisons that would not pair: a run of a seed that forgets other rows', () => {
    const sweeps = planned(a);
    const { sweep, plan } = sweeps[1];
    const runDir = sweepFiles.run(sweepDirOf(a, sweep.id), plan.runs[0].id);
    const original = readFileSync(runFiles.runJson(runDir), 'utf8');
    const record = JSON.parse(original) as {
      seeds: Record<string, { plan: { scenarios: { forget: number[] }[]; train: number[] } }>;
    };
    const seedPlan = Object.values(record.seeds)[0].plan;
    const other = seedPlan.train.find((id) => !seedPlan.scenarios[0].forget.includes(id))!;
    seedPlan.scenarios[0].forget[0] = other;
    writeFileSync(runFiles.runJson(runDir), JSON.stringify(record));
    try {
      expect(() => computeFindings(a, SETTINGS, sweeps)).toThrow(
        /forgets other rows than the other runs of seed .*would not pair/,
      );
    } finally {
      writeFileSync(runFiles.runJson(runDir), original);
    }
    expect(computeFindings(a, SETTINGS, sweeps)).toEqual(uninterrupted);
  });

  it('continues after an interruption and writes the same findings.json as the uninterrupted plan', async () => {
    const b = join(root, 'b');
    const controller = new AbortController();
    let finished = 0;
    await expect(
      runFindings(SETTINGS, {
        dir: b,
        executor,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'finished' && e.task.kind === 'run' && ++finished === 1) controller.abort();
        },
      }),
    ).rejects.toThrow(/interrupted.*qunlearn findings --resume/);
    await expect(runFindings({ ...SETTINGS, seeds: [0, 2] }, { dir: b, executor, resume: true })).rejects.toThrow(
      /other settings/,
    );
    await runFindings(SETTINGS, { dir: b, executor, resume: true });
    expect(readFileSync(findingsFiles.json(b), 'utf8')).toBe(readFileSync(findingsFiles.json(a), 'utf8'));
  }, 240_000);

  it('refuses an occupied folder and bad settings with one clear error', async () => {
    await expect(runFindings(SETTINGS, { dir: a, executor })).rejects.toThrow(/already exists.*--resume/);
    expect(() => findingsSweeps({ ...SETTINGS, seeds: [0] })).toThrow(/at least 2 seeds/);
    expect(() => findingsSweeps({ ...SETTINGS, entanglers: ['linear'] })).toThrow(/including ring/);
    expect(() => findingsSweeps({ ...SETTINGS, datasets: ['csv'] })).toThrow(/no findings plan/);
    expect(() => findingsSweeps({ ...SETTINGS, models: 3 })).toThrow(/at least 6/);
    expect(() => findingsSweeps({ ...SETTINGS, depths: [2] })).toThrow(/at least two distinct depths/);
  });
});
