import type { SummaryRow } from '../../experiment/results.js';
import {
  estimate,
  hasSpread,
  kindIs,
  methodOrder,
  REFERENCE_COLOURS,
  runColour,
  topLevel,
  type Series,
} from './common.js';
import type { TopLevelSpec } from 'vega-lite';

/** A reference line: who it stands for, and its value in one panel of one series (undefined: not drawn). */
export interface ReferenceLine {
  reference: 'teacher' | 'oracle' | 'chance';
  value: (first: SummaryRow) => number | undefined;
}

/** One panel: a metric (a column of the summary means) and its reference lines. */
export interface Panel {
  key: string;
  title: string;
  references?: readonly ReferenceLine[];
}

/** How the panels look. */
export interface PanelOptions {
  mark: 'bar' | 'point';
  axisTitle: string;
  /** A fixed, shared value axis; without it every panel scales to its own data. */
  domain?: [number, number];
  /** One colour per panel for a single series (a comparison colours by run). */
  colours?: readonly string[];
}

const DASHES: Record<ReferenceLine['reference'], number[]> = { teacher: [6, 3], oracle: [1, 0], chance: [2, 3] };

/**
 * The data of a panel chart: per run × method × panel the mean and its 95 % t-interval, and per run × panel each
 * reference value.
 */
export function panelData(series: readonly Series[], panels: readonly Panel[]): object[] {
  const values: object[] = [];
  for (const s of series) {
    for (const panel of panels) {
      for (const row of s.rows) {
        const e = estimate(row, panel.key);
        if (e !== undefined)
          values.push({
            kind: 'method',
            run: s.run,
            method: row.method,
            label: row.method_label,
            panel: panel.title,
            metric: panel.key,
            ...e,
          });
      }
      const first = s.rows[0];
      for (const line of panel.references ?? []) {
        const value = first === undefined ? undefined : line.value(first);
        if (value !== undefined && Number.isFinite(value))
          values.push({ kind: 'reference', run: s.run, panel: panel.title, reference: line.reference, value });
      }
    }
  }
  return values;
}

/**
 * Small multiples of per-method values: one panel per metric, methods down the side, a bar or dot per method (and
 * per run when comparing), 95 % t-interval error bars when several seeds ran, and reference lines (teacher dashed,
 * oracle solid, chance dotted). The spec carries its data, so the chart can be re-plotted from the report alone.
 */
export function panelSpec(
  description: string,
  series: readonly Series[],
  panels: readonly Panel[],
  options: PanelOptions,
): TopLevelSpec {
  const compare = series.length > 1;
  const titles = panels.map((p) => p.title);
  const y = { field: 'label', type: 'nominal', sort: methodOrder(series), title: null };
  const yOffset = compare ? { yOffset: { field: 'run', type: 'nominal', sort: series.map((s) => s.run) } } : {};
  const x = {
    type: 'quantitative',
    title: options.axisTitle,
    ...(options.domain ? { scale: { domain: options.domain } } : { scale: { zero: options.mark === 'bar' } }),
  };
  const colour = compare
    ? runColour(series)
    : {
        field: 'panel',
        type: 'nominal',
        scale: { domain: titles, range: [...(options.colours ?? titles.map(() => '#0072B2'))] },
        legend: null,
      };
  const mark =
    options.mark === 'bar' ? { type: 'bar', opacity: 0.85 } : { type: 'point', filled: true, size: 45, opacity: 1 };
  const layer: object[] = [];
  layer.push({
    transform: [kindIs('method')],
    mark,
    encoding: { y, ...yOffset, x: { ...x, field: 'value' }, color: colour },
  });
  if (hasSpread(series)) {
    // Drawn over the bars, and clipped: an interval can reach past a bounded axis (an accuracy of 0.9 ± 0.2).
    layer.push({
      transform: [kindIs('method')],
      mark: { type: 'rule', color: '#222', clip: true },
      encoding: { y, ...yOffset, x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
    });
  }
  const references = [...new Set(panels.flatMap((p) => (p.references ?? []).map((r) => r.reference)))];
  if (references.length > 0) {
    layer.push({
      transform: [kindIs('reference')],
      mark: { type: 'rule', strokeWidth: 1.6 },
      encoding: {
        x: { ...x, field: 'value' },
        strokeDash: {
          field: 'reference',
          type: 'nominal',
          scale: { domain: references, range: references.map((r) => DASHES[r]) },
          legend: { title: 'reference line' },
        },
        color: compare ? runColour(series) : { value: REFERENCE_COLOURS.oracle },
      },
    });
  }
  return topLevel(description, panelData(series, panels), {
    facet: { column: { field: 'panel', type: 'nominal', sort: titles, title: null } },
    spec: { width: 170, height: { step: compare ? 11 : 16 }, layer },
    ...(options.domain ? {} : { resolve: { scale: { x: 'independent' } } }),
  });
}
