import type { AuditRow, ExposedExample } from '../../experiment/audit/rows.js';
import type { Chart } from '../document.js';
import { fixed } from '../format.js';
import { RUN_COLOURS, topLevel } from './common.js';

/** How a row is named on the charts: the method's label, or the chance level with its half size. */
export function auditRowLabel(row: AuditRow): string {
  return row.role === 'chance' ? `chance level (${row.models} vs ${row.models})` : row.method_label;
}

/** The ε beyond which N models cannot tell values apart: ceil(ln(N − 1)), the last bucket of F. */
export function epsilonResolution(models: number): number {
  return Math.ceil(Math.log(models - 1));
}

/**
 * Per-example ε of every method of one scenario (and of the chance level), one row per method in ranking order:
 * a tick per forget example, a dot at the median. The axis runs to one past the resolution at this N (dashed line):
 * larger ε, the 50 of separated populations included, are drawn at its right edge, so the range where methods
 * differ keeps the width.
 */
export function epsilonChart(id: string, ranked: readonly AuditRow[]): Chart {
  const rows = ranked.filter((r) => r.status === 'ok' && r.epsilons !== undefined);
  const order = rows.map(auditRowLabel);
  const models = rows.find((r) => r.role === 'method')?.models ?? rows[0]?.models ?? 3;
  const resolution = epsilonResolution(models);
  const edge = resolution + 1;
  const shown = (e: number): number => Math.min(e, edge);
  const values: object[] = rows.flatMap((r) =>
    r.epsilons!.map((epsilon, example) => ({
      kind: 'example',
      method: auditRowLabel(r),
      example,
      epsilon,
      shown: shown(epsilon),
    })),
  );
  for (const r of rows)
    values.push({
      kind: 'median',
      method: auditRowLabel(r),
      epsilon: r.epsilon_median,
      shown: shown(r.epsilon_median ?? 0),
    });
  values.push({ kind: 'resolution', shown: resolution });
  const x = {
    field: 'shown',
    type: 'quantitative',
    title: `per-example ε (δ = 1e-5); at ${edge}: ${edge} or more, up to 50 (separated)`,
    scale: { domain: [0, edge] },
  };
  const y = { field: 'method', type: 'nominal', sort: order, title: null };
  const description = `Per-example ε of each method's unlearned models against the retrained ones (N = ${models}), one tick per forget example, the dot at the median; methods in ranking order.`;
  return {
    id,
    title: 'Per-example ε by method',
    caption: `${description} The dashed line is ceil(ln(N − 1)) = ${resolution}: beyond it N models cannot resolve ε and an example earns no points; ticks at the right edge are ε of ${edge} or more (50 when the populations are separated). Compare each method with the chance level (two halves of the retrained pool): that is what indistinguishable looks like at this N.`,
    spec: topLevel(description, values, {
      width: 420,
      height: { step: 18 },
      layer: [
        {
          transform: [{ filter: "datum.kind === 'example'" }],
          mark: { type: 'tick', opacity: 0.45, color: '#0072B2', thickness: 1.2 },
          encoding: { x, y, tooltip: [{ field: 'example' }, { field: 'epsilon', format: '.2f' }] },
        },
        {
          transform: [{ filter: "datum.kind === 'median'" }],
          mark: { type: 'point', filled: true, color: '#1a1a1a', size: 40 },
          encoding: { x, y },
        },
        {
          transform: [{ filter: "datum.kind === 'resolution'" }],
          mark: { type: 'rule', strokeDash: [4, 3], color: '#6b6b6b' },
          encoding: { x },
        },
      ],
    }),
  };
}

/** Bin edges shared by both populations of one example (a spike gets a unit-wide bin around it). */
function binEdges(values: readonly number[], bins: number): number[] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  return Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
}

/** Histogram rows of one population of one example on the given edges (the last bin includes its right end). */
function histogram(values: readonly number[], edges: readonly number[], base: object): object[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const v of values) {
    let k = edges.findIndex((e, i) => i > 0 && v < e) - 1;
    if (k < 0) k = counts.length - 1;
    counts[k]++;
  }
  return counts.map((count, k) => ({ ...base, start: edges[k], end: edges[k + 1], count }));
}

/** How an exposed example is titled: its place in the forget set, dataset row, class and ε. */
export function exampleTitle(e: ExposedExample): string {
  return `example ${e.example} (row ${e.row}, class ${e.label}): ε = ${fixed(e.epsilon, 2)}`;
}

/**
 * For the three forget examples the best-ranked method exposes most, the histograms of φ under its unlearned
 * models and under the retrained models, overlaid: where they separate, an attacker can tell them apart.
 */
export function phiHistogramChart(id: string, row: AuditRow): Chart {
  const label = auditRowLabel(row);
  const values: object[] = [];
  const titles: string[] = [];
  for (const e of row.exposed ?? []) {
    const title = exampleTitle(e);
    titles.push(title);
    const edges = binEdges([...e.phi_unlearned, ...e.phi_retrained], 16);
    values.push(...histogram(e.phi_unlearned, edges, { example: title, population: `unlearned (${label})` }));
    values.push(...histogram(e.phi_retrained, edges, { example: title, population: 'retrained' }));
  }
  const description = `φ (logit-scaled confidence) of the ${titles.length} forget examples with the largest ε under ${label}, the best-ranked method: its ${row.models} unlearned models against the ${row.models} retrained models.`;
  return {
    id,
    title: `φ of the most exposed forget examples: ${label}`,
    caption: `${description} Overlapping histograms mean an attacker cannot tell the two apart on that example; separated ones mean it can, whatever the accuracies say.`,
    spec: topLevel(description, values, {
      facet: {
        column: { field: 'example', type: 'nominal', sort: titles, title: null, header: { labelFontSize: 11 } },
      },
      spec: {
        width: 220,
        height: 150,
        mark: { type: 'rect', opacity: 0.55 },
        encoding: {
          x: { field: 'start', type: 'quantitative', title: 'φ', scale: { zero: false } },
          x2: { field: 'end' },
          y: { field: 'count', type: 'quantitative', title: 'models' },
          y2: { datum: 0 },
          color: {
            field: 'population',
            type: 'nominal',
            scale: { domain: [`unlearned (${label})`, 'retrained'], range: [RUN_COLOURS[1], RUN_COLOURS[0]] },
            legend: { title: null },
          },
        },
      },
      resolve: { scale: { x: 'independent' } },
    }),
  };
}
