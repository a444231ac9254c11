import type { SummaryRow } from '../../experiment/results.js';
import type { Chart } from '../document.js';
import { hasSpread, type Series } from './common.js';
import { panelSpec, type Panel } from './metric-panels.js';

/**
 * The UQI the oracle itself scores: UQI is linear in the accuracies, so the oracle's value follows from the teacher's
 * and the oracle's mean accuracies. It is the target: a UQI above it means over-forgetting, not better unlearning.
 */
export function oracleUqi(first: SummaryRow): number | undefined {
  const m = first.mean;
  const drop = (split: string): number => m[`teacher_${split}_acc`] - m[`oracle_${split}_acc`];
  const value = drop('forget') - 0.5 * (drop('retain') + drop('test'));
  return Number.isFinite(value) ? value : undefined;
}

/** UQI with the oracle's own UQI as reference; Tug-of-War, which is 1 for the oracle by definition. */
export const QUALITY_PANELS: readonly Panel[] = [
  { key: 'uqi', title: 'UQI', references: [{ reference: 'oracle', value: oracleUqi }] },
  { key: 'tow', title: 'Tug-of-War', references: [{ reference: 'oracle', value: () => 1 }] },
];

/** Unlearning quality per method: the reference study's UQI and Tug-of-War, each against the oracle's value. */
export function qualityChart(id: string, series: readonly Series[]): Chart {
  const description = "UQI and Tug-of-War per method; the solid line is the oracle's value.";
  return {
    id,
    title: 'Unlearning quality: UQI and Tug-of-War',
    caption: `${description} UQI = forget drop − ½(retain drop + test drop) rewards forgetting without bound, so compare it with the oracle's UQI rather than maximising it; Tug-of-War = Π(1 − |acc − oracle acc|) over the three sets is 1 for a model that matches the oracle${hasSpread(series) ? '. Error bars: 95 % t-intervals of the mean over seeds' : ''}.`,
    spec: panelSpec(description, series, QUALITY_PANELS, {
      mark: 'bar',
      axisTitle: 'value',
      colours: ['#CC79A7', '#56B4E9'],
    }),
  };
}
