import type { Config, TopLevelSpec } from 'vega-lite';
import type { SummaryRow } from '../../experiment/results.js';

/**
 * What every chart shares: the look (generic fonts, so that nothing is fetched when the SVG is shown), the colours,
 * and the notion of a series — one run's summary rows of one scenario. A run report draws one series; a comparison
 * draws two, coloured by run, with the same spec builders.
 */

/** The Vega-Lite schema the specs are written against (a URL in the spec is an identifier; nothing fetches it). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One run's rows of one scenario, labelled for legends. */
export interface Series {
  run: string;
  rows: readonly SummaryRow[];
}

/** The three evaluation sets, in reading order. */
export const SPLITS = ['forget', 'retain', 'test'] as const;

/** Okabe–Ito colours (distinguishable with colour-vision deficiencies) of the forget, retain and test sets. */
export const SPLIT_COLOURS = ['#D55E00', '#0072B2', '#009E73'] as const;
/** Okabe–Ito colours of two compared runs. */
export const RUN_COLOURS = ['#0072B2', '#E69F00'] as const;
/** Teacher and oracle marks: grey and near-black, drawn dashed and solid so they differ without colour. */
export const REFERENCE_COLOURS = { teacher: '#6b6b6b', oracle: '#1a1a1a' } as const;

/** The shared look: generic fonts, quiet grids, readable labels. */
export const CHART_CONFIG: Config = {
  font: 'sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#d0d0d0' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    gridColor: '#ececec',
    domainColor: '#888',
    tickColor: '#888',
    labelLimit: 220,
  },
  header: { labelFontSize: 12, labelFontWeight: 'bold', titleFontSize: 12 },
  legend: {
    labelFontSize: 11,
    titleFontSize: 11,
    orient: 'bottom',
    direction: 'horizontal',
    symbolStrokeWidth: 2,
    labelLimit: 320,
  },
  title: { fontSize: 13, anchor: 'start' },
};

/** Method labels of the series in first-seen order (the order of the run's configuration). */
export function methodOrder(series: readonly Series[]): string[] {
  return [...new Set(series.flatMap((s) => s.rows.map((r) => r.method_label)))];
}

/** True when some row averages several seeds, so that error bars mean something. */
export function hasSpread(series: readonly Series[]): boolean {
  return series.some((s) => s.rows.some((r) => r.seeds > 1));
}

/**
 * Mean, the half-width of its 95 % t-interval across seeds (0 with one value) and the interval's ends, of one metric
 * of one row, or undefined when the metric is missing.
 */
export function estimate(
  row: SummaryRow,
  key: string,
): { value: number; half: number; lo: number; hi: number } | undefined {
  const value = row.mean[key];
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const half = row.ci95[key] ?? 0;
  return { value, half, lo: value - half, hi: value + half };
}

/** The legend/colour encoding of a chart's marks: by run when comparing, otherwise a fixed or per-field colour. */
export function runColour(series: readonly Series[]): {
  field: 'run';
  type: 'nominal';
  scale: { domain: string[]; range: string[] };
  legend: { title: string };
} {
  return {
    field: 'run',
    type: 'nominal',
    scale: { domain: series.map((s) => s.run), range: [...RUN_COLOURS] },
    legend: { title: 'run' },
  };
}

/** Wraps a chart body with the schema, description, shared config and inlined data. */
export function topLevel(description: string, values: readonly object[], body: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    description,
    config: CHART_CONFIG,
    data: { values: [...values] },
    ...body,
  } as TopLevelSpec;
}

/** A Vega expression filter keeping rows whose `kind` field is `kind`. */
export function kindIs(kind: string): { filter: string } {
  return { filter: `datum.kind === '${kind}'` };
}
