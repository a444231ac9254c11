import type { Finding } from '../../experiment/findings/claims.js';
import type { Profile } from '../../experiment/findings/run.js';
import type { Chart } from '../document.js';
import { slug } from '../document.js';
import { topLevel } from '../charts/common.js';

/** Okabe–Ito colours of the three verdicts (blue supported, vermilion contradicted, grey inconclusive). */
const VERDICT_COLOURS = {
  domain: ['supported', 'contradicted', 'inconclusive'],
  range: ['#0072B2', '#D55E00', '#8a8a8a'],
};

/** What a measure is called on an axis. */
export const MEASURE_TITLES: Record<string, string> = {
  mia_auc_loss: 'membership attack AUC (forget vs held-out rows)',
  forget_loss_gap: "forget loss − oracle's",
  utility: "test accuracy / oracle's",
  js_test: 'JS divergence to the oracle (test)',
  tow: 'Tug-of-War',
  audit_score: 'audit score (higher: closer to retraining)',
};

/**
 * The tests of a claim as a forest plot: per comparison the paired mean difference with its (Bonferroni-adjusted)
 * interval, coloured by verdict, with zero marked: the verdict can be read off the picture.
 */
export function testsChart(finding: Finding): Chart {
  const values = finding.tests.map((t) => ({
    label: t.label,
    mean: t.effect.mean,
    low: Number.isFinite(t.effect.low) ? t.effect.low : t.effect.mean,
    high: Number.isFinite(t.effect.high) ? t.effect.high : t.effect.mean,
    verdict: t.verdict,
    measure: t.measure,
    n: t.effect.n,
  }));
  const y = { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 420 } };
  const x = {
    field: 'mean',
    type: 'quantitative',
    title: 'paired difference b − a (mean over seeds, adjusted interval)',
  };
  const description = `${finding.title}: each comparison's mean paired difference over seeds with its interval, coloured by verdict.`;
  return {
    id: `${slug(finding.id)}-tests`,
    title: `${finding.title}: comparisons`,
    caption: `${description} Intervals are Bonferroni-adjusted within the claim (${finding.tests.length} comparisons); a comparison supports a directed claim when its whole interval lies on the predicted side of zero.`,
    spec: topLevel(description, values, {
      width: 360,
      height: { step: 16 },
      layer: [
        {
          mark: { type: 'rule', color: '#888' },
          encoding: {
            y,
            x: { field: 'low', type: 'quantitative' },
            x2: { field: 'high' },
            color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLOURS, title: 'verdict' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 36 },
          encoding: {
            y,
            x,
            color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLOURS, title: 'verdict' },
            tooltip: [
              { field: 'label' },
              { field: 'mean', format: '.4f' },
              { field: 'low', format: '.4f' },
              { field: 'high', format: '.4f' },
              { field: 'n' },
            ],
          },
        },
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', strokeDash: [4, 3], color: '#1a1a1a' },
          encoding: { x: { field: 'zero', type: 'quantitative' } },
        },
      ],
    }),
  };
}

/**
 * A measure of the original model (random subset) or of a method (class forgetting) against depth, one line per
 * entangler, with the classical twin (which has no circuit) as a dashed grey line at its level across the depths:
 * memorisation, entanglement and the quantum question in one picture.
 */
export function depthChart(
  id: string,
  profiles: readonly Profile[],
  dataset: string,
  scenario: 'subset' | 'class',
  method: string,
  measures: readonly string[],
): Chart | null {
  const rows = profiles.filter(
    (p) => p.dataset === dataset && p.scenario === scenario && p.method === method && measures.includes(p.measure),
  );
  const depths = [...new Set(rows.flatMap((p) => (p.layers === null ? [] : [p.layers])))].sort((a, b) => a - b);
  if (depths.length === 0) return null;
  const point = (p: Profile, layers: number) => ({
    measure: MEASURE_TITLES[p.measure] ?? p.measure,
    layers,
    series: p.entangler ?? 'classical twin',
    kind: p.kind,
    mean: p.mean,
    low: p.mean - p.ci95,
    high: p.mean + p.ci95,
    n: p.n,
  });
  const values = rows.flatMap((p) => (p.layers === null ? depths.map((l) => point(p, l)) : [point(p, p.layers)]));
  const entanglers = [...new Set(rows.flatMap((p) => (p.entangler === null ? [] : [p.entangler])))];
  const x = {
    field: 'layers',
    type: 'quantitative',
    title: 'circuit layers',
    scale: { zero: false },
    axis: { values: depths, format: 'd' },
  };
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: {
      domain: [...entanglers, 'classical twin'],
      range: [
        ...['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442'].slice(0, entanglers.length),
        '#8a8a8a',
      ],
    },
  };
  const dash = {
    field: 'kind',
    type: 'nominal',
    legend: null,
    scale: {
      domain: ['quantum', 'classical'],
      range: [
        [1, 0],
        [5, 3],
      ],
    },
  };
  const description = `${method} (${scenario === 'subset' ? 'random subset' : 'class'} forgetting) on ${dataset}: ${measures.map((m) => MEASURE_TITLES[m] ?? m).join('; ')} against depth per entangler (mean over seeds, 95 % t-interval), the classical twin dashed grey.`;
  return {
    id,
    title: `${method} against depth (${dataset}, ${scenario})`,
    caption: description,
    spec: topLevel(description, values, {
      facet: {
        column: { field: 'measure', type: 'nominal', title: null, sort: measures.map((m) => MEASURE_TITLES[m] ?? m) },
      },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 220,
        height: 170,
        layer: [
          {
            mark: { type: 'rule', opacity: 0.6 },
            encoding: {
              x,
              y: { field: 'low', type: 'quantitative', title: null, scale: { zero: false } },
              y2: { field: 'high' },
              color: colour,
            },
          },
          {
            mark: { type: 'line', point: true },
            encoding: {
              x,
              y: { field: 'mean', type: 'quantitative' },
              color: colour,
              strokeDash: dash,
              tooltip: [{ field: 'series' }, { field: 'layers' }, { field: 'mean', format: '.4f' }, { field: 'n' }],
            },
          },
        ],
      },
    }),
  };
}

/** Rank intervals of every ranked method per scenario and measure (the claim's named methods drawn solid). */
export function rankChart(finding: Finding): Chart {
  const values = finding.ranks.map((r) => ({
    panel: `${r.measure === 'tow' ? 'Tug-of-War' : 'audit score'} · ${r.scenario}`,
    method: r.method,
    rank: r.rank.rank,
    low: r.rank.low,
    high: r.rank.high,
    named: r.verdict === null ? 'ranked for context' : 'named by the study',
  }));
  const y = { field: 'method', type: 'nominal', title: null };
  const x = {
    field: 'rank',
    type: 'quantitative',
    title: 'rank (1 = best), 95 % bootstrap interval',
    scale: { domain: [1, Math.max(2, ...values.map((v) => v.high))] },
  };
  const colour = {
    field: 'named',
    type: 'nominal',
    title: null,
    scale: { domain: ['named by the study', 'ranked for context'], range: ['#0072B2', '#9a9a9a'] },
  };
  const description = `${finding.title}: each method's rank by mean over seeds with its 95 % bootstrap interval, per scenario and measure.`;
  return {
    id: `${slug(finding.id)}-ranks`,
    title: `${finding.title}: ranks`,
    caption: description,
    spec: topLevel(description, values, {
      facet: { row: { field: 'panel', type: 'nominal', title: null } },
      spec: {
        width: 300,
        height: { step: 16 },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, color: colour },
          },
          {
            mark: { type: 'point', filled: true, size: 40 },
            encoding: {
              y,
              x,
              color: colour,
              tooltip: [{ field: 'method' }, { field: 'rank' }, { field: 'low' }, { field: 'high' }],
            },
          },
        ],
      },
    }),
  };
}
