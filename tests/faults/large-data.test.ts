import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INLINE_SPLIT_ROWS } from '../../src/experiment/split-ids.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('fault 11: run.json of large data keeps its split ids in a compact side file', () => {
  it('a 25,000-row table: run.json stays small, the side file holds the ids, and `data ids --run` reads them back', () => {
    // Before: split ids were inline; a 1M-row table wrote a 52 MB run.json.
    const root = tempDir();
    const rows = 25_000;
    expect(rows).toBeGreaterThan(INLINE_SPLIT_ROWS);
    const csv = join(root, 'table.csv');
    let x = 1;
    const rand = (): number => (x = (x * 48271) % 2147483647) / 2147483647;
    writeFileSync(
      csv,
      `a,b,c,label\n${Array.from({ length: rows }, (_v, i) => `${(i % 3) + rand()},${rand()},${rand()},${'xyz'[i % 3]}`).join('\n')}\n`,
    );
    const dir = join(root, 'run');
    const settings = ['--dataset', 'csv', '--data', csv, '--scenarios', 'subset'];
    const r = runCli([
      'run',
      ...settings,
      '--methods',
      'original',
      '--epochs',
      '1',
      '--quiet',
      '--no-report',
      '--no-relearn',
      '--no-calibrated-attack',
      '--out',
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(dir, 'run.json')).size).toBeLessThan(10_000);
    const plan = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).seeds['0'].plan;
    expect(plan.ids).toMatchObject({ file: join('seed-0', 'split-ids.bin.gz'), format: 'qunlearn-split-ids/1' });
    expect(plan.sizes.train + plan.sizes.validation + plan.sizes.test).toBe(rows);
    expect(plan.scenarios).toEqual([
      {
        name: 'subset',
        kind: 'subset',
        forgetCount: Math.ceil(0.02 * plan.sizes.train),
        retainCount: plan.sizes.train - Math.ceil(0.02 * plan.sizes.train),
      },
    ]);
    expect(statSync(join(dir, plan.ids.file)).size).toBeLessThan(rows);
    const fromRun = JSON.parse(runCli(['data', 'ids', '--run', dir, '--json']).stdout);
    const fromSettings = JSON.parse(runCli(['data', 'ids', ...settings, '--json']).stdout);
    expect(fromRun).toEqual(fromSettings);
    expect(fromRun['0'].train).toHaveLength(plan.sizes.train);
    expect(runCli(['report', dir]).status).toBe(0);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(
      `subset (subset: ${plan.scenarios[0].forgetCount} rows forgotten, ${plan.scenarios[0].retainCount} retained)`,
    );
  });
});
