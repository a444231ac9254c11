import { buildRunReport, documentCharts, renderHtml, renderSvg } from '../../src/report/browser.js';
import type { StudyView } from './protocol.js';

/**
 * The study's self-contained HTML report: the document `qunlearn report` builds for a run folder, here from the
 * page's run in memory, with every chart rendered to inline SVG by Vega (as in Node), so it works offline.
 */
export async function reportHtml(study: StudyView): Promise<string> {
  const doc = buildRunReport({
    dir: 'qunlearn-playground',
    record: study.record,
    rows: study.rows,
    summary: study.summary,
    curves: study.curves,
    audit: null,
  });
  const svgs = new Map<string, string>();
  for (const chart of documentCharts(doc)) svgs.set(chart.id, (await renderSvg(chart.spec, chart.id)).svg);
  return renderHtml(doc, svgs);
}
