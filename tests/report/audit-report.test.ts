import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../src/experiment/audit/score.js';
import { auditTable } from '../../src/report/audit-section.js';
import { phiHistogramChart } from '../../src/report/charts/audit.js';
import { runCli, tempDir } from '../helpers/cli.js';

const base = {
  seed: 0,
  dataset: 'iris',
  model: 'iris-shallow',
  preset: 'sound',
  scenario: 'class-0',
  scenario_kind: 'class',
  original: 'per-model',
  n_forget: 2,
  status: 'ok' as const,
};
const synthetic = (method: string, score: number, role: 'method' | 'chance' = 'method'): AuditRow => ({
  ...base,
  method,
  method_label: method.toUpperCase(),
  role,
  models: role === 'chance' ? 8 : 16,
  forgetting_quality: score,
  score,
  epsilon_median: 1,
  epsilon_max: 2,
  attack_auc: 0.5,
  retain_acc: 0.9,
  retain_acc_retrained: 0.9,
  test_acc: 0.6,
  test_acc_retrained: 0.5,
  epsilons: [1, 2],
  exposed: [{ example: 1, row: 7, label: 0, epsilon: 2, phi_unlearned: [1, 1, 2], phi_retrained: [3, 3, 3] }],
});

describe('audit sections of a report', () => {
  it('ranks methods by score with the chance level as a reference row in its place, and failures left out', () => {
    const table = auditTable([
      synthetic('chance', 0.2, 'chance'),
      synthetic('ga', 0.05),
      synthetic('retrain', 0.25),
      { ...synthetic('scrub', 0), status: 'failed', error: 'x' },
    ]);
    expect(table.rows.map((r) => [r.kind, r.cells[0].text, r.cells[1].text])).toEqual([
      ['method', '1', 'RETRAIN'],
      ['reference', '·', 'chance level (8 vs 8)'],
      ['method', '2', 'GA'],
    ]);
    // retain ratio 0.9/0.9, test ratio 0.6/0.5
    expect(table.rows[0].cells.slice(-2).map((c) => c.text)).toEqual(['1.000', '1.200']);
  });

  it('bins both populations of an example on shared edges, a spike in a unit-wide bin', () => {
    const chart = phiHistogramChart('phi', synthetic('ga', 0.1));
    const values = (
      chart.spec as unknown as { data: { values: { population: string; start: number; end: number; count: number }[] } }
    ).data.values;
    const counts = (population: string): number =>
      values.filter((v) => v.population === population).reduce((s, v) => s + v.count, 0);
    expect(counts('unlearned (GA)')).toBe(3);
    expect(counts('retrained')).toBe(3);
    expect(Math.min(...values.map((v) => v.start))).toBe(1);
    expect(Math.max(...values.map((v) => v.end))).toBe(3);
  });

  it('writes the report of a standalone audit and compares two audits; a run without one cannot be compared with them', () => {
    const root = tempDir('qunlearn-report-');
    const audit = (name: string, original: string): string => {
      const dir = join(root, name);
      const r = runCli([
        'audit',
        '--models',
        '6',
        '--original',
        original,
        '--methods',
        'original,retrain',
        '--scenarios',
        'class',
        '--quiet',
        '--workers',
        '2',
        '--out',
        dir,
      ]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/report: .*report\.html · .*report\.md \(2 charts\)/);
      return dir;
    };
    const a = audit('per-model', 'per-model');
    const b = audit('shared', 'shared');
    const md = readFileSync(join(a, 'report.md'), 'utf8');
    expect(md).toContain('# Audit report: iris · iris-shallow · sound preset');
    expect(md).toMatch(/\| 1 \| Retrain \| [\d.]+ \|/);
    expect(md).toContain('| *·* | chance level (3 vs 3) |');
    for (const f of ['audit-class-0-epsilon.svg', 'audit-class-0-phi.svg'])
      expect(existsSync(join(a, 'report-charts', f)), f).toBe(true);
    const out = join(root, 'cmp');
    expect(runCli(['report', a, '--compare', b, '--out', out]).status).toBe(0);
    const cmp = readFileSync(join(out, 'report.md'), 'utf8');
    expect(cmp).toContain('# Audit comparison: original per model vs original shared');
    expect(cmp).toMatch(/\| Retrain \| [\d.]+ → [\d.]+/);
    const run = join(root, 'run');
    expect(
      runCli([
        'run',
        '--methods',
        'original',
        '--scenarios',
        'class',
        '--epochs',
        '5',
        '--no-relearn',
        '--quiet',
        '--no-report',
        '--out',
        run,
      ]).status,
    ).toBe(0);
    const bad = runCli(['report', run, '--compare', a]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe(
      `qunlearn: error: ${run} has no audit to compare with an audit directory; run it with --audit N, or compare two runs`,
    );
  });
});
