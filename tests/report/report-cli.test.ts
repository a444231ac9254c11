import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../src/experiment/results.js';
import { summarise } from '../../src/experiment/results.js';
import { loadRun } from '../../src/report/load-run.js';
import { buildRunReport } from '../../src/report/run-report.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { SMALL_RUN, specValues } from './helpers.js';

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

describe('qunlearn run + report (Iris, two seeds)', () => {
  let dir: string;
  let stdout: string;

  beforeAll(() => {
    dir = join(tempDir('qunlearn-report-'), 'run');
    const r = runCli(['run', ...SMALL_RUN, '--seeds', '0,1', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    stdout = r.stdout;
  });

  it('writes report.html, report.md and the chart files at the end of the run and says where', () => {
    expect(stdout).toMatch(/\nreport: \S+report\.html · \S+report\.md \(13 charts\)\n$/);
    for (const f of [
      'report.html',
      'report.md',
      'report-charts/training-curves.svg',
      'report-charts/scenario-subset-accuracy.svg',
      'report-charts/scenario-class-0-tradeoff.vl.json',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
  });

  it('tabulates the summary means (± 95 % t-interval over the two seeds) for every method in the Markdown', () => {
    const md = read(dir, 'report.md');
    const summary = JSON.parse(read(dir, 'summary.json')) as SummaryRow[];
    for (const row of summary) {
      const section = md.slice(md.indexOf(`## Scenario ${row.scenario}`));
      const line = section.split('\n').find((l) => l.startsWith(`| ${row.method_label} |`));
      expect(line, `${row.scenario}/${row.method}`).toBeDefined();
      const cells = line!.split(' | ');
      expect(cells[1]).toMatch(new RegExp(`^${row.mean.forget_acc.toFixed(3)} ±${row.ci95.forget_acc.toFixed(3)} · Δ`));
      expect(cells[3]).toMatch(new RegExp(`^${row.mean.test_acc.toFixed(3)} ±`));
    }
    expect(md).toContain('*mean ± half-width of the 95 % t-interval over 2 seeds');
    // Every image link points at a file that exists.
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toHaveLength(13);
    for (const link of links) expect(existsSync(join(dir, link)), link).toBe(true);
  });

  it('puts the same charts into the HTML, inline, each with its specification and data', () => {
    const html = read(dir, 'report.html');
    const figures = [...html.matchAll(/<figure class="chart" id="([^"]+)"/g)].map((m) => m[1]);
    expect(figures).toHaveLength(13);
    for (const id of figures) {
      const spec = JSON.parse(read(dir, `report-charts/${id}.vl.json`)) as { data: { values: unknown[] } };
      expect(spec.data.values.length, id).toBeGreaterThan(0);
      expect(html).toContain(`<pre data-chart="${id}">`);
    }
    expect((html.match(/<svg /g) ?? []).length).toBe(13);
    expect(html).not.toMatch(/<script|(src|href)="https?:/);
    expect(html).toContain('<dt>qunlearn</dt><dd>0.1.0 on Node v');
  });

  it('lists failed rows in their scenario and under Failures, and plots only the rows that finished', () => {
    const run = loadRun(dir);
    const failed = {
      seed: 1,
      scenario: 'class-0',
      method: 'ga',
      status: 'failed',
      error: 'loss became NaN at epoch 3',
    };
    run.rows = run.rows.map((r) => (r.seed === 1 && r.scenario === 'class-0' && r.method === 'ga' ? failed : r));
    run.summary = summarise(run.rows);
    run.record.failures = [{ job: 'seed 1 · class-0 · ga', message: 'loss became NaN at epoch 3' }];
    const doc = buildRunReport(run);
    const section = doc.sections.find((s) => s.id === 'scenario-class-0')!;
    const lists = section.blocks.flatMap((b) => (b.kind === 'list' ? b.items : []));
    expect(lists).toContain('GA (seed 1): loss became NaN at epoch 3');
    const failures = doc.sections.at(-1)!;
    expect(failures.id).toBe('failures');
    expect(failures.blocks).toEqual([
      { kind: 'list', items: ['seed 1 · class-0 · ga: loss became NaN at epoch 3'] },
      {
        kind: 'paragraph',
        text: `Fix the cause and continue the run with \`qunlearn run --resume ${run.dir}\`; finished jobs are not redone.`,
      },
    ]);
    // GA's bars now stand for its one finished seed, with no spread.
    const accuracy = section.blocks.find((b) => b.kind === 'chart' && b.chart.id === 'scenario-class-0-accuracy');
    const ga = specValues(accuracy?.kind === 'chart' ? accuracy.chart.spec : {}).filter((v) => v.method === 'ga');
    const seed0 = run.rows.find((r) => r.seed === 0 && r.scenario === 'class-0' && r.method === 'ga')!;
    expect(ga.find((v) => v.panel === 'forget set')).toMatchObject({ value: seed0.forget_acc, half: 0 });
  });

  it('skips the report with --no-report, and `qunlearn report DIR` writes it afterwards', () => {
    const quiet = join(tempDir('qunlearn-report-'), 'no-report');
    const r = runCli(['run', '--methods', 'original,ga', '--epochs', '5', '--quiet', '--no-report', '--out', quiet]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('report:');
    expect(existsSync(join(quiet, 'report.html'))).toBe(false);
    const report = runCli(['report', quiet]);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/^report: \S+report\.html · \S+report\.md \(\d+ charts\)\n$/);
    expect(read(quiet, 'report.md')).toContain('| GA |');
    const out = join(tempDir('qunlearn-report-'), 'elsewhere');
    expect(runCli(['report', quiet, '--out', out]).status).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
