import type { Chart } from '../document.js';
import { hasSpread, type Series } from './common.js';
import { panelSpec, type Panel } from './metric-panels.js';

/** The membership-inference AUC of each attack score, with the oracle's own AUC and chance (0.5) as reference lines. */
export const MIA_PANELS: readonly Panel[] = [
  ['confidence', 'confidence'],
  ['loss', 'loss'],
  ['entropy', 'entropy'],
  ['modified_entropy', 'modified entropy'],
].map(([score, title]) => ({
  key: `mia_auc_${score}`,
  title,
  references: [
    { reference: 'oracle', value: (first) => first.mean[`mia_auc_${score}_oracle`] },
    { reference: 'chance', value: () => 0.5 },
  ],
}));

/** Membership-inference ROC-AUC per method (forget set vs held-out data), one panel per attack score, against the oracle's value. */
export function miaChart(id: string, series: readonly Series[]): Chart {
  const present = MIA_PANELS.filter((p) => series.some((s) => s.rows.some((r) => r.mean[p.key] !== undefined)));
  const description =
    "Membership-inference ROC-AUC per method and attack score; the solid line is the oracle's own AUC, the dotted line chance.";
  return {
    id,
    title: 'Membership inference against the forget set',
    caption: `${description} An attacker should find the forget set no more recognisable than the oracle does: a good method sits on the solid line, not necessarily at 0.5${hasSpread(series) ? '. Error bars: 95 % t-intervals of the mean over seeds' : ''}.`,
    spec: panelSpec(description, series, present, {
      mark: 'point',
      axisTitle: 'ROC-AUC',
      domain: [0, 1],
      colours: present.map(() => '#7b3294'),
    }),
  };
}
