import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIris } from '../../src/data/iris.js';
import { IRIS_PATH } from '../../src/data/node/iris-file.js';
import { resolveExperiment } from '../../src/experiment/config.js';
import { runInMemory } from '../../src/experiment/memory-run.js';
import { toCsv } from '../../src/experiment/results.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { csvWithoutTiming } from '../helpers/results.js';

const dir = mkdtempSync(join(tmpdir(), 'qunlearn-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runInMemory', () => {
  it("gives the run folder's results.csv, bit for bit, without touching the file system", async () => {
    const experiment = resolveExperiment({
      dataset: 'iris',
      methods: ['retrain', 'ga', 'scrub'],
      seeds: [1],
      training: { epochs: 12 },
    });
    const text = readFileSync(IRIS_PATH, 'utf8');
    const events: string[] = [];
    const memory = await runInMemory(experiment, () => parseIris(text, IRIS_PATH), {
      onEvent: (e) => events.push(e.type),
    });
    const folder = await runExperiment(experiment, { dir: join(dir, 'run'), workers: 1 });
    const memoryCsv = join(dir, 'memory.csv');
    writeFileSync(memoryCsv, toCsv(memory.rows));
    expect(csvWithoutTiming(memoryCsv)).toEqual(csvWithoutTiming(join(dir, 'run', 'results.csv')));
    expect(memory.rows).toHaveLength(6);
    expect(memory.references.map((r) => r.kind)).toEqual(folder.references.map((r) => r.kind));
    expect(events[0]).toBe('planned');
    expect(events.filter((e) => e === 'finished')).toHaveLength(9);
    expect(events).toContain('progress');
  });

  it('stops between jobs when its signal is aborted', async () => {
    const experiment = resolveExperiment({ dataset: 'iris', methods: ['ga'], seeds: [0], training: { epochs: 5 } });
    const controller = new AbortController();
    const text = readFileSync(IRIS_PATH, 'utf8');
    const run = runInMemory(experiment, () => parseIris(text, 'iris.csv'), {
      signal: controller.signal,
      onEvent: (e) => e.type === 'finished' && controller.abort(),
    });
    await expect(run).rejects.toThrow(/interrupted/);
  });
});
