import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestDigest } from '../../src/data/forget-ids.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { csvWithoutTiming } from '../helpers/results.js';

const RUN = ['--methods', 'original,ga,scrub', '--epochs', '4', '--quiet', '--no-report', '--workers', '1'];

describe('faults 2-3: deletion requests are identified by their ids and always train', () => {
  it('the same ids in differently named files (in any order) give the same scenario and the same results, oracle included', () => {
    // Before: the scenario was named after the file and the name seeded its random streams, so a.txt and b.txt differed.
    const root = tempDir();
    writeFileSync(join(root, 'a.txt'), '# request 17\n3\n17\n');
    writeFileSync(join(root, 'other-name.json'), '[17, 3]\n');
    const a = join(root, 'run-a');
    const b = join(root, 'run-b');
    expect(runCli(['run', ...RUN, '--forget-indices', join(root, 'a.txt'), '--out', a]).status).toBe(0);
    expect(runCli(['run', ...RUN, '--forget-indices', join(root, 'other-name.json'), '--out', b]).status).toBe(0);
    expect(csvWithoutTiming(join(b, 'results.csv'))).toEqual(csvWithoutTiming(join(a, 'results.csv')));
    const record = JSON.parse(readFileSync(join(a, 'run.json'), 'utf8'));
    expect(record.experiment.scenarios).toEqual([{ kind: 'indices', ids: [3, 17] }]);
    expect(record.seeds['0'].plan.scenarios[0].name).toBe(`indices-${requestDigest([3, 17])}`);
    expect(readFileSync(join(a, 'run.json'), 'utf8')).not.toContain('a.txt');
  });

  it('rows a request names are training rows in every seed, and `qunlearn data ids` lists each row with its split per seed', () => {
    // Before: a request failed ("row id N is in the test split") for every seed whose split put one of its rows elsewhere.
    const root = tempDir();
    const seeds = '0,1,2';
    const heldOut = runCli(['data', 'ids', '--seeds', seeds, '--json']);
    expect(heldOut.status, heldOut.stderr).toBe(0);
    const plain = JSON.parse(heldOut.stdout) as Record<
      string,
      { train: number[]; test: number[]; validation: number[] }
    >;
    // Rows that some seed would put in test or validation without the request.
    const ids = [plain['0'].test[0], plain['1'].test[1], plain['2'].validation[0], plain['0'].train[0]];
    expect(new Set(ids).size).toBe(4);
    writeFileSync(join(root, 'request.txt'), `${ids.join('\n')}\n`);
    const request = join(root, 'request.txt');
    const dir = join(root, 'run');
    const r = runCli(['run', ...RUN, '--seeds', seeds, '--forget-indices', request, '--out', dir]);
    expect(r.status, r.stderr).toBe(0);

    const listed = runCli(['data', 'ids', '--seeds', seeds, '--forget-indices', request]);
    expect(listed.status, listed.stderr).toBe(0);
    const [header, ...lines] = listed.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(header).toEqual([
      'row',
      'label',
      'split_seed_0',
      'forget_seed_0',
      'split_seed_1',
      'forget_seed_1',
      'split_seed_2',
      'forget_seed_2',
    ]);
    expect(lines).toHaveLength(150);
    const name = `indices-${requestDigest([...ids].sort((x, y) => x - y))}`;
    for (const id of ids)
      expect(lines[id], `row ${id}`).toEqual([String(id), lines[id][1], 'train', name, 'train', name, 'train', name]);
    expect(lines.filter((l) => l[3] === name)).toHaveLength(4);

    // What the run recorded is what `data ids` computes from the same settings.
    const fromRun = runCli(['data', 'ids', '--run', dir, '--json']);
    const fromSettings = runCli(['data', 'ids', '--seeds', seeds, '--forget-indices', request, '--json']);
    expect(JSON.parse(fromRun.stdout)).toEqual(JSON.parse(fromSettings.stdout));
    const trainEverywhere = runCli(['data', 'ids', '--seeds', seeds, '--forget-indices', request, '--split', 'train'])
      .stdout.trim()
      .split('\n')
      .map(Number);
    for (const id of ids) expect(trainEverywhere).toContain(id);
  });
});
