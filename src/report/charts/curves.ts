import type { ProtocolSettings } from '../../experiment/presets.js';
import type { Chart } from '../document.js';
import type { TrainingCurve } from '../run-data.js';
import { kindIs, topLevel } from './common.js';

/** What the selection score of the epoch logs measures under a protocol (it is what picks the best epoch). */
export function selectionTitle(protocol: Pick<ProtocolSettings, 'selection' | 'selectMetric'>): string {
  return protocol.selectMetric === 'loss'
    ? `selection score (− ${protocol.selection} loss)`
    : `selection score (${protocol.selection} accuracy)`;
}

/** How a teacher or oracle curve is named in legends. */
function referenceName(curve: TrainingCurve): string {
  return curve.kind === 'teacher' ? 'teacher' : `oracle · ${curve.scenario}`;
}

/** Long-format rows of the teacher and oracle logs: one per model × seed × epoch × quantity. */
export function referenceCurveData(curves: readonly TrainingCurve[], scoreTitle: string): object[] {
  const values: object[] = [];
  for (const curve of curves) {
    if (curve.kind === 'method') continue;
    for (const record of curve.log) {
      const base = { model: referenceName(curve), seed: curve.seed, epoch: record.epoch };
      values.push({ ...base, quantity: 'training loss', value: record.loss });
      if (record.selectScore !== null) values.push({ ...base, quantity: scoreTitle, value: record.selectScore });
    }
  }
  return values;
}

/** Mean line over seeds, with a ± sd band when several seeds ran. */
function meanLayers(seeds: number, colour: object): object[] {
  const line = {
    mark: { type: 'line', strokeWidth: 1.6 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'value', type: 'quantitative', aggregate: 'mean', title: null, scale: { zero: false } },
      color: colour,
    },
  };
  if (seeds < 2) return [line];
  const band = {
    mark: { type: 'errorband', extent: 'stdev', opacity: 0.2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' },
      y: { field: 'value', type: 'quantitative', title: null },
      color: colour,
    },
  };
  // The line first, so that the legend shows its colour rather than the faint band's.
  return [line, band];
}

/** Training curves of the teacher and of every scenario's oracle: loss and selection score per epoch. */
export function referenceCurvesChart(
  id: string,
  curves: readonly TrainingCurve[],
  protocol: Pick<ProtocolSettings, 'selection' | 'selectMetric'>,
): Chart {
  const scoreTitle = selectionTitle(protocol);
  const seeds = new Set(curves.map((c) => c.seed)).size;
  const models = [...new Set(curves.filter((c) => c.kind !== 'method').map(referenceName))];
  const colour = {
    field: 'model',
    type: 'nominal',
    sort: models,
    scale: { scheme: 'tableau10' },
    legend: { title: null },
  };
  const description = "Training loss and selection score per epoch of the teacher and of each scenario's oracle.";
  return {
    id,
    title: 'Training curves: teacher and oracles',
    caption: `${description} The best epoch by selection score is the one kept${seeds > 1 ? `; lines are means over ${seeds} seeds with a ± sd band (runs that stopped early drop out of later epochs)` : ''}.`,
    spec: topLevel(description, referenceCurveData(curves, scoreTitle), {
      facet: { column: { field: 'quantity', type: 'nominal', sort: ['training loss', scoreTitle], title: null } },
      spec: { width: 280, height: 180, layer: meanLayers(seeds, colour) },
      resolve: { scale: { y: 'independent' } },
    }),
  };
}

/** Long-format rows of one scenario's method logs (selection score per epoch) and the oracle's best score per method panel. */
export function methodCurveData(curves: readonly TrainingCurve[], labels: ReadonlyMap<string, string>): object[] {
  const values: object[] = [];
  const panels: string[] = [];
  for (const curve of curves) {
    if (curve.kind !== 'method') continue;
    const label = labels.get(curve.method) ?? curve.method;
    for (const record of curve.log) {
      if (record.selectScore === null) continue;
      values.push({ kind: 'method', label, seed: curve.seed, epoch: record.epoch, value: record.selectScore });
      if (!panels.includes(label)) panels.push(label);
    }
  }
  const oracleBest = curves
    .filter((c) => c.kind === 'oracle')
    .map((c) => Math.max(...c.log.flatMap((r) => (r.selectScore === null ? [] : [r.selectScore]))))
    .filter(Number.isFinite);
  if (oracleBest.length > 0) {
    const value = oracleBest.reduce((a, b) => a + b, 0) / oracleBest.length;
    for (const label of panels) values.push({ kind: 'reference', label, value });
  }
  return values;
}

/**
 * Unlearning curves of one scenario, one small panel per method: the selection score after every unlearning epoch,
 * with the oracle's best score as the target line. Methods without an epoch log (e.g. Original) have no panel.
 */
export function methodCurvesChart(
  id: string,
  curves: readonly TrainingCurve[],
  labels: ReadonlyMap<string, string>,
  protocol: Pick<ProtocolSettings, 'selection' | 'selectMetric'>,
): Chart {
  const seeds = new Set(curves.map((c) => c.seed)).size;
  const data = methodCurveData(curves, labels);
  const order = [...labels.values()];
  const colour = { value: '#0072B2' };
  const layer = [
    ...meanLayers(seeds, colour).map((l) => ({ transform: [kindIs('method')], ...l })),
    {
      transform: [kindIs('reference')],
      mark: { type: 'rule', color: '#1a1a1a', strokeWidth: 1.4 },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    },
  ];
  const description =
    "Selection score after each unlearning epoch, one panel per method; the line is the oracle's best score.";
  return {
    id,
    title: 'Unlearning curves',
    caption: `${description} The score is ${protocol.selectMetric === 'loss' ? `minus the ${protocol.selection} loss` : `the ${protocol.selection} accuracy`}, higher is better; methods without an epoch log have no panel${seeds > 1 ? `; lines are means over ${seeds} seeds with a ± sd band` : ''}.`,
    spec: topLevel(description, data, {
      facet: { field: 'label', type: 'nominal', sort: order, title: null },
      columns: 4,
      spec: { width: 150, height: 90, layer },
      // Methods run for very different numbers of epochs (a full retrain against a few ascent steps).
      resolve: { scale: { x: 'independent' } },
    }),
  };
}
