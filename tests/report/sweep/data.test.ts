import { describe, expect, it } from 'vitest';
import type { SweepPlan } from '../../../src/experiment/sweep/plan.js';
import { buildSweepReport } from '../../../src/report/sweep/build.js';
import { chartLayout } from '../../../src/report/sweep/charts.js';
import { metricPoints, SWEEP_METRICS, type LoadedSweep } from '../../../src/report/sweep/data.js';

const metric = (key: string) => SWEEP_METRICS.find((m) => m.key === key)!;

/** Two layer values × two seeds × two methods, with hand-picked numbers. */
function sweep(): LoadedSweep {
  const rows = [];
  for (const layers of [1, 4]) {
    for (const seed of [0, 1]) {
      for (const [method, label, acc] of [
        ['ga', 'GA', 0.5 + seed * 0.2 + layers * 0.01],
        ['scrub', 'SCRUB', 0.9],
      ] as const) {
        rows.push({
          run: `layers=${layers},seed=${seed}`,
          layers,
          seed,
          scenario: 'subset',
          method,
          method_label: label,
          status: 'ok',
          forget_acc: acc,
          oracle_forget_acc: 0.6,
          teacher_forget_acc: 1 - seed * 0.1,
          test_acc: 0.8,
          oracle_test_acc: 0.85,
          js_test: 0.01,
          mia_auc_confidence_gap: -0.05,
        });
      }
    }
  }
  rows.push({
    run: 'layers=1,seed=0',
    layers: 1,
    seed: 0,
    scenario: 'subset',
    method: 'ft',
    method_label: 'FT',
    status: 'failed',
    error: 'x',
  });
  const plan = {
    axes: [{ key: 'layers', path: 'circuit.layers', labels: [1, 4] }],
    seeds: [0, 1],
    runs: [],
    references: [],
    id: 'x',
    createdAt: '',
    qunlearnVersion: '',
    format: 'qunlearn-sweep/1',
    referenceSettings: {},
  } as SweepPlan;
  return { dir: '/tmp/x', plan, status: null, rows };
}

describe('sweep report data', () => {
  it('averages each method over seeds per axis setting, with the 95 % t-interval, and the oracle once per run', () => {
    const points = metricPoints(sweep(), metric('forget_acc'));
    const ga1 = points.find((p) => p.series === 'GA' && p.axes.layers === 1)!;
    expect(ga1.mean).toBeCloseTo(0.61, 12);
    // Two seeds 0.2 apart: sd √0.02, half-width t(0.975, 1)·sd/√2.
    expect(ga1.half).toBeCloseTo((12.7062047362 * Math.sqrt(0.02)) / Math.sqrt(2), 7);
    expect(ga1.seeds).toBe(2);
    const oracle = points.filter((p) => p.series === 'oracle');
    expect(oracle.map((p) => [p.axes.layers, p.mean, p.seeds])).toEqual([
      [1, 0.6, 2],
      [4, 0.6, 2],
    ]);
    expect(points.some((p) => p.series === 'FT')).toBe(false);
  });

  it('derives the distance to the oracle per row before averaging, and the teacher once per run', () => {
    const distance = metricPoints(sweep(), metric('forget_acc_distance')).find(
      (p) => p.series === 'GA' && p.axes.layers === 4,
    )!;
    expect(distance.mean).toBeCloseTo((Math.abs(0.54 - 0.6) + Math.abs(0.74 - 0.6)) / 2, 12);
    const memorised = metricPoints(sweep(), metric('memorisation'));
    expect(memorised.map((p) => [p.series, p.axes.layers, p.seeds])).toEqual([
      ['teacher', 1, 2],
      ['teacher', 4, 2],
    ]);
    expect(memorised[0].mean).toBeCloseTo(0.35, 12);
  });

  it('puts depth along x, the model beside it in columns, then the entangler, the rest in separate charts', () => {
    const axis = (key: string, labels: (string | number)[]) => ({ key, labels });
    const layout = chartLayout([
      axis('entangler', ['ring', 'none']),
      axis('noise', [0, 0.02]),
      axis('model', ['a', 'b']),
      axis('layers', [1, 2]),
      axis('dataset', ['iris']),
    ]);
    expect([layout.x?.key, layout.column?.key, layout.row?.key, layout.rest.map((a) => a.key)]).toEqual([
      'layers',
      'model',
      'entangler',
      ['noise', 'dataset'],
    ]);
    expect(chartLayout([axis('entangler', ['ring']), axis('noise', [0, 0.02])]).x?.key).toBe('noise');
  });

  it('builds a report with one chart per metric and a table of every setting and method', () => {
    const doc = buildSweepReport(sweep(), new Date(0));
    const scenario = doc.sections.find((s) => s.id === 'scenario-subset')!;
    const charts = scenario.blocks.filter((b) => b.kind === 'chart');
    expect(charts).toHaveLength(SWEEP_METRICS.length);
    const table = scenario.blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.table.rows.map((r) => r.cells.slice(0, 3).map((c) => c.text))).toEqual([
      ['1', 'GA', '0.610'],
      ['1', 'SCRUB', '0.900'],
      ['4', 'GA', '0.640'],
      ['4', 'SCRUB', '0.900'],
    ]);
  });
});
