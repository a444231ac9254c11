import type { Chart } from '../document.js';
import { hasSpread, SPLIT_COLOURS, SPLITS, type Series } from './common.js';
import { panelSpec, type Panel } from './metric-panels.js';

/** Jensen–Shannon divergence to the oracle's outputs on each set (0 is the oracle itself). */
export const DIVERGENCE_PANELS: readonly Panel[] = SPLITS.map((split) => ({
  key: `js_${split}`,
  title: `${split} set`,
}));

/** Mean JS divergence between each method's and the oracle's softmax outputs, per set. */
export function divergenceChart(id: string, series: readonly Series[]): Chart {
  const description =
    "Mean Jensen–Shannon divergence between each method's and the oracle's predicted class probabilities, per set.";
  return {
    id,
    title: "Distance to the oracle's outputs (JS divergence)",
    caption: `${description} 0 means the same outputs as the oracle; the maximum is ln 2 ≈ 0.693 nats${hasSpread(series) ? '. Error bars: 95 % t-intervals of the mean over seeds' : ''}.`,
    spec: panelSpec(description, series, DIVERGENCE_PANELS, {
      mark: 'bar',
      axisTitle: 'JS divergence (nats)',
      colours: SPLIT_COLOURS,
    }),
  };
}
