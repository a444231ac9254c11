import { describe, expect, it } from 'vitest';
import { accuracyChart } from '../../src/report/charts/accuracy.js';
import type { Series } from '../../src/report/charts/common.js';
import { methodCurvesChart, referenceCurvesChart } from '../../src/report/charts/curves.js';
import { divergenceChart } from '../../src/report/charts/divergence.js';
import { miaChart } from '../../src/report/charts/mia.js';
import { qualityChart } from '../../src/report/charts/quality.js';
import { tradeoffChart } from '../../src/report/charts/tradeoff.js';
import type { Chart } from '../../src/report/document.js';
import type { TrainingCurve } from '../../src/report/load-run.js';
import { namespaceIds, renderSvg } from '../../src/report/svg.js';
import { syntheticRows } from './helpers.js';

/** Items (paths, lines, texts) drawn by the data marks of one type: `role-mark` groups, not axes or legends. */
function markItems(svg: string, type: string): number {
  let count = 0;
  for (const match of svg.matchAll(new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, 'gs'))) {
    count += (match[1].match(/<(path|line|text)\b/g) ?? []).length;
  }
  return count;
}

const curves: TrainingCurve[] = [0, 1].flatMap((seed) => [
  {
    kind: 'teacher' as const,
    seed,
    scenario: '',
    method: 'teacher',
    log: [1, 2, 3].map((epoch) => ({
      epoch,
      loss: 1 / epoch + seed / 10,
      steps: 1,
      selectScore: -1 / epoch,
      improved: true,
      seconds: 0,
    })),
  },
  {
    kind: 'oracle' as const,
    seed,
    scenario: 'subset',
    method: 'oracle',
    log: [1, 2].map((epoch) => ({
      epoch,
      loss: 1 / epoch,
      steps: 1,
      selectScore: -0.5 / epoch,
      improved: true,
      seconds: 0,
    })),
  },
  {
    kind: 'method' as const,
    seed,
    scenario: 'subset',
    method: 'ga',
    log: [1, 2, 3, 4].map((epoch) => ({
      epoch,
      loss: -epoch,
      steps: 1,
      selectScore: -0.2 * epoch,
      improved: epoch === 1,
      seconds: 0,
    })),
  },
]);
const protocol = { selection: 'validation', selectMetric: 'loss' } as const;

/** Every chart kind, for one run with one and with three seeds, and for two compared runs. */
function everyChart(): { chart: Chart; marks: Record<string, number> }[] {
  const one: Series[] = [{ run: 'A', rows: syntheticRows(1) }];
  const three: Series[] = [{ run: 'A', rows: syntheticRows(3) }];
  const two: Series[] = [
    { run: 'A', rows: syntheticRows(1) },
    { run: 'B', rows: syntheticRows(1) },
  ];
  return [
    // 3 methods × 3 sets of bars; rules: 2 references × 3 sets (+ 9 error bars with seeds).
    { chart: accuracyChart('acc1', one), marks: { rect: 9, rule: 6 } },
    { chart: accuracyChart('acc3', three), marks: { rect: 9, rule: 15 } },
    { chart: accuracyChart('acc2', two), marks: { rect: 18, rule: 12 } },
    { chart: qualityChart('q', three), marks: { rect: 6, rule: 8 } },
    { chart: divergenceChart('d', one), marks: { rect: 9 } },
    { chart: miaChart('m', two), marks: { symbol: 12, rule: 8 } },
    // 3 methods + teacher + oracle; labels: Original+teacher share one.
    { chart: tradeoffChart('t1', one), marks: { symbol: 5, text: 4 } },
    { chart: tradeoffChart('t3', three), marks: { symbol: 5, rule: 10 } },
    { chart: tradeoffChart('t2', two), marks: { symbol: 10, line: 3 } },
    { chart: referenceCurvesChart('rc', curves, protocol), marks: { line: 4, area: 4 } },
    {
      chart: methodCurvesChart(
        'mc',
        curves.filter((c) => c.scenario === 'subset'),
        new Map([['ga', 'GA']]),
        protocol,
      ),
      marks: { line: 1, area: 1, rule: 1 },
    },
  ];
}

describe('SVG rendering', () => {
  it('renders every chart kind with its marks, without a warning', async () => {
    for (const { chart, marks } of everyChart()) {
      const { svg, warnings } = await renderSvg(chart.spec, chart.id);
      expect(warnings, chart.id).toEqual([]);
      expect(svg.startsWith('<svg'), chart.id).toBe(true);
      expect(svg, chart.id).toMatch(/viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
      for (const [type, expected] of Object.entries(marks))
        expect(markItems(svg, type), `${chart.id} ${type}`).toBe(expected);
      // Nothing that a viewer would fetch: no external references, generic fonts only.
      expect(svg, chart.id).not.toMatch(/(href|src)="(https?:|\/\/)/);
      for (const family of svg.matchAll(/font-family="([^"]+)"/g)) expect(family[1], chart.id).toBe('sans-serif');
    }
  });

  it('prefixes element ids and their references so that several SVGs can share one page', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
    expect(namespaceIds(svg, 'c')).toBe(
      '<svg><defs><clipPath id="c-clip1"><rect/></clipPath></defs><g clip-path="url(#c-clip1)"><use href="#c-clip1"/></g></svg>',
    );
  });
});
