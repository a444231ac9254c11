import type { AxisLabel } from '../../experiment/sweep/spec.js';
import { REFERENCE_COLOURS, topLevel } from '../charts/common.js';
import type { Chart } from '../document.js';
import type { SweepMetric, SweepPoint } from './data.js';

/** A swept axis as the charts see it: its key and its values in sweep order. */
export interface ChartAxis {
  key: string;
  labels: AxisLabel[];
}

/** Which axis goes where: along x, across panel columns, down panel rows; the rest split charts apart. */
export interface ChartLayout {
  x?: ChartAxis;
  column?: ChartAxis;
  row?: ChartAxis;
  rest: ChartAxis[];
}

const numeric = (axis: ChartAxis): boolean => axis.labels.every((l) => typeof l === 'number');

/**
 * Circuit depth goes along x when it was swept (the study's claims are about depth), otherwise the first numeric
 * axis, otherwise the first axis. The model, when swept, goes across the columns so that the classical twin sits
 * beside the quantum model; then the entangler (one panel per entangler); any further axis goes down the rows,
 * and beyond that each combination gets its own chart.
 */
export function chartLayout(axes: readonly ChartAxis[]): ChartLayout {
  const left = [...axes];
  const take = (pick: (a: ChartAxis) => boolean): ChartAxis | undefined => {
    const at = left.findIndex(pick);
    return at < 0 ? undefined : left.splice(at, 1)[0];
  };
  const x = take((a) => a.key === 'layers') ?? take(numeric) ?? take(() => true);
  const column = take((a) => a.key === 'model') ?? take((a) => a.key === 'entangler') ?? take(() => true);
  const row = take(() => true);
  return { x, column, row, rest: left };
}

/** Okabe–Ito first (distinguishable with colour-vision deficiencies), then more hues for long method lists. */
const METHOD_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#8c564b',
  '#9467bd',
  '#bcbd22',
  '#17becf',
  '#7f7f7f',
  '#2ca02c',
  '#d62728',
  '#e377c2',
  '#1f77b4',
  '#ff7f0e',
];

/** A chart field for an axis: quantitative for numbers, ordinal (in sweep order) otherwise. */
function axisField(field: string, axis: ChartAxis): Record<string, unknown> {
  return numeric(axis)
    ? {
        field,
        type: 'quantitative',
        title: axis.key,
        axis: { values: axis.labels, tickMinStep: 1 },
        scale: { zero: false, nice: false, padding: 12 },
      }
    : { field, type: 'ordinal', title: axis.key, sort: axis.labels.map(String) };
}

/**
 * A metric against the swept axes: one line per method (mean over seeds, 95 % t-interval error bars when several seeds ran),
 * the oracle as a dashed line where the metric has one, one panel per value of the column and row axes.
 */
export function metricChart(
  id: string,
  title: string,
  metric: SweepMetric,
  points: readonly SweepPoint[],
  layout: ChartLayout,
): Chart {
  const kinds = ['method', 'oracle', 'teacher'];
  const series = [
    ...new Set([...points].sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind)).map((p) => p.series)),
  ];
  const colours = series.map((s, i) =>
    s === 'oracle'
      ? REFERENCE_COLOURS.oracle
      : s === 'teacher'
        ? REFERENCE_COLOURS.teacher
        : METHOD_COLOURS[i % METHOD_COLOURS.length],
  );
  const value = (p: SweepPoint, axis: ChartAxis | undefined): AxisLabel | undefined =>
    axis === undefined ? undefined : numeric(axis) ? p.axes[axis.key] : String(p.axes[axis.key]);
  const values = points.map((p) => ({
    series: p.series,
    kind: p.kind,
    x: value(p, layout.x),
    col: value(p, layout.column),
    row: value(p, layout.row),
    mean: p.mean,
    lo: p.mean - p.half,
    hi: p.mean + p.half,
    half: p.half,
    seeds: p.seeds,
  }));
  const x =
    layout.x === undefined ? { field: 'series', type: 'nominal', title: null, sort: series } : axisField('x', layout.x);
  const y = {
    field: 'mean',
    type: 'quantitative',
    title: metric.axisTitle,
    scale: metric.domain ? { domain: metric.domain } : { zero: false },
  };
  const color = {
    field: 'series',
    type: 'nominal',
    sort: series,
    scale: { domain: series, range: colours },
    legend: { title: null },
  };
  const layer: object[] = [];
  if (points.some((p) => p.seeds > 1))
    layer.push({
      mark: { type: 'rule', opacity: 0.7, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  const tooltip = [
    { field: 'series', type: 'nominal' },
    { field: 'mean', type: 'quantitative', format: '.3f' },
    { field: 'half', type: 'quantitative', format: '.3f', title: '± 95 % interval' },
    { field: 'seeds', type: 'quantitative' },
  ];
  layer.push(
    layout.x === undefined
      ? { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color, tooltip } }
      : {
          mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 1.8 },
          encoding: {
            x,
            y,
            color,
            tooltip,
            strokeDash: {
              field: 'kind',
              type: 'nominal',
              scale: {
                domain: ['method', 'oracle', 'teacher'],
                range: [
                  [1, 0],
                  [5, 3],
                  [1, 0],
                ],
              },
              legend: null,
            },
          },
        },
  );
  const facet: Record<string, unknown> = {};
  if (layout.column !== undefined)
    facet.column = { field: 'col', type: 'ordinal', title: layout.column.key, sort: layout.column.labels.map(String) };
  if (layout.row !== undefined)
    facet.row = { field: 'row', type: 'ordinal', title: layout.row.key, sort: layout.row.labels.map(String) };
  const inner = { width: 190, height: 150, layer };
  const body = Object.keys(facet).length > 0 ? { facet, spec: inner } : inner;
  const description = `${metric.title} against ${layout.x?.key ?? 'method'}${layout.column ? `, one panel per ${layout.column.key}` : ''}${layout.row ? ` and ${layout.row.key}` : ''}.`;
  const spread = points.some((p) => p.seeds > 1)
    ? ' Points are means over seeds; error bars are 95 % t-intervals of the mean.'
    : '';
  return {
    id,
    title,
    caption: `${description} ${metric.reading[0].toUpperCase()}${metric.reading.slice(1)}.${spread}`,
    spec: topLevel(description, values, body),
  };
}
