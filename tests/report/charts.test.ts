import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracy.js';
import {
  methodCurveData,
  methodCurvesChart,
  referenceCurveData,
  referenceCurvesChart,
} from '../../src/report/charts/curves.js';
import { divergenceChart } from '../../src/report/charts/divergence.js';
import { miaChart } from '../../src/report/charts/mia.js';
import { oracleUqi, qualityChart } from '../../src/report/charts/quality.js';
import { axisDomain, dodge, tradeoffChart, tradeoffData } from '../../src/report/charts/tradeoff.js';
import type { TrainingCurve } from '../../src/report/load-run.js';
import type { EpochRecord } from '../../src/train/epoch-loop.js';
import { REFERENCE_MEANS, specLayers, specValues, syntheticRows } from './helpers.js';

const single = (seeds = 1) => [{ run: 'quantum', rows: syntheticRows(seeds) }];
const pair = () => [
  { run: '2 layers', rows: syntheticRows() },
  {
    run: '4 layers',
    rows: syntheticRows().map((r) => ({ ...r, mean: { ...r.mean, forget_acc: r.mean.forget_acc / 2 } })),
  },
];
const hasErrorBars = (spec: unknown): boolean =>
  specLayers(spec).some((l) => JSON.stringify(l.encoding).includes('"x2":{"field":"hi"}'));

describe('accuracy chart', () => {
  it("draws bars at the summary means and reference lines at the teacher's and the oracle's accuracy", () => {
    const rows = syntheticRows();
    const values = specValues(accuracyChart('a', single()).spec);
    const bars = values.filter((v) => v.kind === 'method');
    expect(bars).toHaveLength(9);
    for (const row of rows) {
      for (const split of ['forget', 'retain', 'test']) {
        const bar = bars.find((b) => b.method === row.method && b.panel === `${split} set`)!;
        expect(bar.value).toBe(row.mean[`${split}_acc`]);
        expect(bar.label).toBe(row.method_label);
      }
    }
    const line = (reference: string, panel: string) =>
      values.find((v) => v.kind === 'reference' && v.reference === reference && v.panel === panel)?.value;
    expect(line('oracle', 'forget set')).toBe(REFERENCE_MEANS.oracle_forget_acc);
    expect(line('oracle', 'test set')).toBe(REFERENCE_MEANS.oracle_test_acc);
    expect(line('teacher', 'retain set')).toBe(REFERENCE_MEANS.teacher_retain_acc);
  });

  it('has error bars (the 95 % t-interval of the mean) only when several seeds ran', () => {
    expect(hasErrorBars(accuracyChart('a', single(1)).spec)).toBe(false);
    const spec = accuracyChart('a', single(3)).spec;
    expect(hasErrorBars(spec)).toBe(true);
    const ga = specValues(spec).find((v) => v.method === 'ga' && v.panel === 'forget set')!;
    expect(ga.lo).toBeCloseTo(0.19, 12);
    expect(ga.hi).toBeCloseTo(0.23, 12);
    expect(accuracyChart('a', single(3)).caption).toContain('error bars are 95 % t-intervals of the mean over seeds');
  });

  it('colours by run and offsets the bars when comparing two runs', () => {
    const spec = accuracyChart('a', pair()).spec;
    const bars = specLayers(spec)[0].encoding as Record<string, { field?: string; scale?: { domain: string[] } }>;
    expect(bars.color.field).toBe('run');
    expect(bars.color.scale?.domain).toEqual(['2 layers', '4 layers']);
    expect(bars.yOffset.field).toBe('run');
    const ga = specValues(spec).filter((v) => v.method === 'ga' && v.panel === 'forget set');
    expect(ga.map((v) => [v.run, v.value])).toEqual([
      ['2 layers', 0.21],
      ['4 layers', 0.105],
    ]);
  });
});

describe('quality, divergence and membership-inference charts', () => {
  it("puts the oracle's own UQI (from the teacher's and oracle's accuracies) and ToW = 1 as references", () => {
    // forget drop 0.8 − ½(retain drop 0.02 + test drop 0.05) = 0.765.
    expect(oracleUqi(syntheticRows()[0])).toBeCloseTo(0.765, 12);
    const values = specValues(qualityChart('q', single()).spec);
    expect(values.find((v) => v.kind === 'reference' && v.panel === 'UQI')?.value).toBeCloseTo(0.765, 12);
    expect(values.find((v) => v.kind === 'reference' && v.panel === 'Tug-of-War')?.value).toBe(1);
    expect(values.filter((v) => v.panel === 'Tug-of-War' && v.kind === 'method').map((v) => v.value)).toEqual([
      0.2, 0.97, 0.5,
    ]);
  });

  it('plots the JS divergence to the oracle on each set', () => {
    const values = specValues(divergenceChart('d', single()).spec);
    expect(values.filter((v) => v.panel === 'test set').map((v) => v.value)).toEqual([0.3, 0.01, 0.12]);
    expect(values.filter((v) => v.panel === 'forget set').map((v) => v.value)).toEqual([0.4, 0.02, 0.2]);
  });

  it("plots each attack score present against the oracle's AUC and chance", () => {
    const spec = miaChart('m', single()).spec;
    const values = specValues(spec);
    // Only the confidence and loss scores are in the rows.
    expect([...new Set(values.map((v) => v.panel))]).toEqual(['confidence', 'loss']);
    expect(
      values.find((v) => v.kind === 'reference' && v.reference === 'oracle' && v.panel === 'confidence')?.value,
    ).toBe(0.55);
    expect(values.find((v) => v.kind === 'reference' && v.reference === 'oracle' && v.panel === 'loss')?.value).toBe(
      0.6,
    );
    expect(values.filter((v) => v.reference === 'chance').map((v) => v.value)).toEqual([0.5, 0.5]);
    expect(values.filter((v) => v.kind === 'method' && v.panel === 'confidence').map((v) => v.value)).toEqual([
      0.8, 0.56, 0.7,
    ]);
  });
});

describe('trade-off chart', () => {
  it('places each method at (forget, test) accuracy and marks the teacher and the oracle', () => {
    const { values } = tradeoffData(single());
    const points = values.filter((v) => (v as { kind: string }).kind !== 'label') as Record<string, unknown>[];
    expect(points.filter((p) => p.kind === 'method').map((p) => [p.label, p.x, p.y])).toEqual([
      ['Original', 1, 0.9],
      ['GA', 0.21, 0.86],
      ['Fine-tune', 0.6, 0.7],
    ]);
    expect(points.find((p) => p.who === 'oracle')).toMatchObject({ x: 0.2, y: 0.85 });
    expect(points.find((p) => p.who === 'teacher')).toMatchObject({ x: 1, y: 0.9 });
  });

  it('gives coinciding points one label and keeps labels from overlapping', () => {
    const labels = tradeoffData(single()).values.filter((v) => (v as { kind: string }).kind === 'label') as {
      text: string;
      ty: number;
    }[];
    // The teacher coincides with Original; GA (0.21, 0.86) is 0.01 above the oracle (0.2, 0.85), which is 11 px on
    // a y axis spanning 0.65-0.95 over 330 px: close, but apart, so each keeps its own label.
    expect(labels.map((l) => l.text).sort()).toEqual(['Fine-tune', 'GA', 'Original\nteacher', 'oracle']);
    const sorted = [...labels].sort((a, b) => b.ty - a.ty);
    const line = (12.5 / 330) * 0.3;
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i - 1].ty - sorted[i - 1].text.split('\n').length * line).toBeGreaterThanOrEqual(
        sorted[i].ty - 1e-12,
      );
    const tops = dodge(
      [
        { centre: 0.5, height: 0.1 },
        { centre: 0.49, height: 0.1 },
        { centre: 0.48, height: 0.2 },
        { centre: 0.02, height: 0.1 },
      ],
      [0, 1],
    );
    for (let i = 1; i < tops.length; i++)
      expect(tops[i - 1] - [0.1, 0.1, 0.2, 0.1][i - 1]).toBeGreaterThanOrEqual(tops[i] - 1e-12);
    expect(tops[3] - 0.1).toBeGreaterThanOrEqual(-1e-12);
    // The merged block of the first three is centred on their mean centre (0.49).
    expect((tops[0] + (tops[2] - 0.2)) / 2).toBeCloseTo(0.49, 12);
  });

  it('zooms each axis to the points, within [0, 1] and at least 0.2 wide', () => {
    expect(axisDomain([0.86, 0.9, 0.7, 0.85])).toEqual([0.65, 0.95]);
    expect(axisDomain([1, 1, 1])).toEqual([0.8, 1]);
    expect(axisDomain([0, 0.5])).toEqual([0, 0.55]);
  });

  it("joins the two runs' points of each method when comparing", () => {
    const spec = tradeoffChart('t', pair()).spec;
    expect(specLayers(spec)[0]).toMatchObject({ mark: { type: 'line' }, encoding: { detail: { field: 'method' } } });
    expect(
      specValues(spec)
        .filter((v) => v.method === 'ft')
        .map((v) => v.x),
    ).toEqual([0.6, 0.3]);
    // Each run's teacher and oracle are named with their run; methods are named once.
    const labels = specValues(spec)
      .filter((v) => v.kind === 'label')
      .flatMap((v) => String(v.text).split('\n'))
      .sort();
    expect(labels).toEqual([
      'Fine-tune',
      'GA',
      'Original',
      'oracle (2 layers)',
      'oracle (4 layers)',
      'teacher (2 layers)',
      'teacher (4 layers)',
    ]);
  });
});

describe('training curves', () => {
  const log = (scores: (number | null)[], losses = scores.map((_, i) => 1 / (i + 1))): EpochRecord[] =>
    scores.map((s, i) => ({ epoch: i + 1, loss: losses[i], steps: 2, selectScore: s, improved: true, seconds: 0.01 }));
  const curves: TrainingCurve[] = [
    { kind: 'teacher', seed: 0, scenario: '', method: 'teacher', log: log([-1, -0.5, -0.4]) },
    { kind: 'oracle', seed: 0, scenario: 'subset', method: 'oracle', log: log([-0.9, -0.3, -0.35]) },
    { kind: 'oracle', seed: 1, scenario: 'subset', method: 'oracle', log: log([-0.8, -0.5]) },
    { kind: 'method', seed: 0, scenario: 'subset', method: 'ga', log: log([-0.4, -0.6]) },
    { kind: 'method', seed: 0, scenario: 'subset', method: 'original', log: [] },
  ];

  it("plots the teacher's and the oracles' logs as they are", () => {
    const values = referenceCurveData(curves, 'score') as Record<string, unknown>[];
    expect(values.filter((v) => v.model === 'teacher' && v.quantity === 'training loss').map((v) => v.value)).toEqual([
      1,
      0.5,
      1 / 3,
    ]);
    expect(
      values.filter((v) => v.model === 'oracle · subset' && v.quantity === 'score' && v.seed === 1).map((v) => v.value),
    ).toEqual([-0.8, -0.5]);
    expect(values.some((v) => v.model === 'ga')).toBe(false);
    const spec = referenceCurvesChart('c', curves, { selection: 'validation', selectMetric: 'loss' }).spec;
    expect(JSON.stringify(spec)).toContain('selection score (− validation loss)');
    // Two seeds: a ± sd band around the mean line.
    expect(specLayers(spec).map((l) => (l.mark as { type: string }).type)).toEqual(['line', 'errorband']);
  });

  it("plots each method's selection score with the oracle's best score (mean over seeds) as the target", () => {
    const values = methodCurveData(
      curves,
      new Map([
        ['ga', 'GA'],
        ['original', 'Original'],
      ]),
    ) as Record<string, unknown>[];
    expect(values.filter((v) => v.kind === 'method').map((v) => [v.label, v.epoch, v.value])).toEqual([
      ['GA', 1, -0.4],
      ['GA', 2, -0.6],
    ]);
    // Best of each oracle: −0.3 and −0.5.
    expect(values.filter((v) => v.kind === 'reference')).toEqual([{ kind: 'reference', label: 'GA', value: -0.4 }]);
    const spec = methodCurvesChart(
      'm',
      curves.filter((c) => c.seed === 0),
      new Map([['ga', 'GA']]),
      { selection: 'test', selectMetric: 'accuracy' },
    );
    expect(specLayers(spec.spec).map((l) => (l.mark as { type: string }).type)).toEqual(['line', 'rule']);
  });
});
