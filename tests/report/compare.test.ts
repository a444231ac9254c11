import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../src/experiment/results.js';
import { differingSettings, runLabels } from '../../src/report/compare-settings.js';
import { buildComparisonReport, comparisonTable } from '../../src/report/compare.js';
import { signed } from '../../src/report/format.js';
import { loadRun } from '../../src/report/load-run.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeRun, syntheticRows } from './helpers.js';

describe('comparison table', () => {
  it("shows both runs' values and the difference B − A per method, references first", () => {
    const a = syntheticRows();
    const b = syntheticRows().map((r) => ({ ...r, mean: { ...r.mean, test_acc: r.mean.test_acc - 0.1 } }));
    const table = comparisonTable(['2 layers', '4 layers'], a, b);
    expect(table.columns.map((c) => c.header)).toEqual([
      'method',
      'forget acc',
      'retain acc',
      'test acc',
      'ToW',
      'JS→oracle',
      'MIA AUC',
      'time (s)',
    ]);
    expect(table.rows.map((r) => r.cells[0].text)).toEqual(['Teacher', 'Oracle', 'Original', 'GA', 'Fine-tune']);
    expect(table.rows[3].cells[3]).toEqual({ text: '0.860 → 0.760', note: '−0.100' });
    expect(table.rows[3].cells[1]).toEqual({ text: '0.210 → 0.210', note: '0.000' });
    expect(table.rows[1].cells[1]).toEqual({ text: '0.200 → 0.200', note: '0.000' });
    expect(table.caption).toContain('2 layers → 4 layers');
  });

  it('leaves a method that only one run has as a dash', () => {
    const a: SummaryRow[] = syntheticRows();
    const table = comparisonTable(['A', 'B'], a, a.slice(0, 2));
    expect(table.rows[4].cells[1]).toEqual({ text: '0.600 → —' });
  });
});

describe('qunlearn report --compare (two circuit depths)', () => {
  let a: string;
  let b: string;

  beforeAll(() => {
    a = makeRun('depth-2', ['--layers', '2']);
    b = makeRun('depth-4', ['--layers', '4', '--seeds', '0,1']);
  });

  it('labels each run by what differs', () => {
    const [ra, rb] = [loadRun(a), loadRun(b)];
    expect(differingSettings(ra, rb)).toEqual([
      ['layers', '2 layers', '4 layers'],
      ['seeds', 'seeds 0', 'seeds 0,1'],
    ]);
    expect(runLabels(ra, rb)).toEqual(['2 layers, seeds 0', '4 layers, seeds 0,1']);
    const doc = buildComparisonReport(ra, rb);
    expect(doc.title).toBe('Comparison: 2 layers, seeds 0 vs 4 layers, seeds 0,1');
    expect(doc.sections.map((s) => s.id)).toEqual([
      'runs',
      'key-numbers',
      'references',
      'scenario-subset',
      'scenario-class-0',
    ]);
  });

  it('writes the side-by-side report beside run A by default, with both runs in every chart', () => {
    const r = runCli(['report', a, '--compare', b]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = join(dirname(a), 'compare-depth-2-vs-depth-4');
    expect(r.stdout).toContain('compare-depth-2-vs-depth-4');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('What differs: layers 2 layers → 4 layers; seeds seeds 0 → seeds 0,1.');
    const summaryA = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8')) as SummaryRow[];
    const summaryB = JSON.parse(readFileSync(join(b, 'summary.json'), 'utf8')) as SummaryRow[];
    const ga = (rows: SummaryRow[]) => rows.find((s) => s.scenario === 'class-0' && s.method === 'ga')!.mean.test_acc;
    const section = md.slice(md.indexOf('## Scenario class-0'));
    const line = section.split('\n').find((l) => l.startsWith('| GA |'))!;
    expect(line.split(' | ')[3]).toBe(
      `${ga(summaryA).toFixed(3)} → ${ga(summaryB).toFixed(3)} · ${signed(ga(summaryB) - ga(summaryA))}`,
    );
    for (const chart of ['accuracy', 'tradeoff', 'quality', 'divergence', 'mia']) {
      const spec = JSON.parse(readFileSync(join(out, 'report-charts', `scenario-subset-${chart}.vl.json`), 'utf8')) as {
        data: { values: { run?: string }[] };
      };
      expect(new Set(spec.data.values.map((v) => v.run).filter(Boolean)), chart).toEqual(
        new Set(['2 layers, seeds 0', '4 layers, seeds 0,1']),
      );
      expect(existsSync(join(out, 'report-charts', `scenario-subset-${chart}.svg`))).toBe(true);
    }
    const custom = join(tempDir('qunlearn-report-'), 'cmp');
    expect(runCli(['report', a, '--compare', b, '--out', custom]).status).toBe(0);
    expect(readFileSync(join(custom, 'report.html'), 'utf8')).toContain(
      '<h1>Comparison: 2 layers, seeds 0 vs 4 layers, seeds 0,1</h1>',
    );
  });
});
