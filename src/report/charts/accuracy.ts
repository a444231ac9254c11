import type { Chart } from '../document.js';
import { hasSpread, SPLIT_COLOURS, SPLITS, type Series } from './common.js';
import { panelSpec, type Panel } from './metric-panels.js';

/** One panel per set, with the teacher's and the oracle's accuracy on that set as reference lines. */
export const ACCURACY_PANELS: readonly Panel[] = SPLITS.map((split) => ({
  key: `${split}_acc`,
  title: `${split} set`,
  references: [
    { reference: 'teacher', value: (first) => first.mean[`teacher_${split}_acc`] },
    { reference: 'oracle', value: (first) => first.mean[`oracle_${split}_acc`] },
  ],
}));

/**
 * Grouped bars of forget, retain and test accuracy per method (one panel per set), with the teacher's (dashed) and
 * the oracle's (solid) accuracy as reference lines, and 95 % t-interval error bars when several seeds ran.
 */
export function accuracyChart(id: string, series: readonly Series[]): Chart {
  const description =
    'Forget, retain and test accuracy per method, with the teacher (dashed) and the oracle (solid) as reference lines.';
  return {
    id,
    title: 'Accuracy on the forget, retain and test sets',
    caption: `${description} The oracle is what perfect unlearning would produce: a good method sits on the solid line in every panel${hasSpread(series) ? '; error bars are 95 % t-intervals of the mean over seeds' : ''}.`,
    spec: panelSpec(description, series, ACCURACY_PANELS, {
      mark: 'bar',
      axisTitle: 'accuracy',
      domain: [0, 1],
      colours: SPLIT_COLOURS,
    }),
  };
}
