import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { SummaryRow, TrainingSummary } from '../../../src/browser.js';
import {
  accuracyChart,
  legendHtml,
  scenarioTable,
  tableHtml,
  tradeoffChart,
  type Chart,
} from '../../../src/report/browser.js';
import type { StudyView } from '../protocol.js';

type Json = Record<string, unknown>;

/**
 * The report's chart made interactive: tooltips on every mark that shows data, and zoom and pan (wheel, drag) on
 * charts with continuous x and y scales. The spec is otherwise the report's own.
 */
export function interactive(spec: TopLevelSpec): TopLevelSpec {
  const copy = JSON.parse(JSON.stringify(spec)) as Json;
  let zoomable = true;
  const visit = (node: Json): void => {
    if (typeof node.mark === 'object' || typeof node.mark === 'string') {
      const mark = (typeof node.mark === 'string' ? { type: node.mark } : node.mark) as Json;
      if (['point', 'bar', 'rule', 'tick'].includes(String(mark.type)))
        node.mark = { ...mark, tooltip: { content: 'data' } };
      // Zooming clips marks to the plot unless told otherwise; the label column and its connectors live outside it.
      if ((mark.type === 'text' || mark.type === 'rule') && mark.clip === undefined)
        node.mark = { ...(node.mark as Json), clip: false };
      if (mark.type === 'point' && zoomable) {
        // Start from the spec's own domains (the trade-off chart keeps room for its label column on the right).
        const domain = (channel: string): unknown =>
          (node.encoding as Record<string, { scale?: { domain?: unknown } }> | undefined)?.[channel]?.scale?.domain;
        const x = domain('x');
        const y = domain('y');
        const value = Array.isArray(x) && Array.isArray(y) ? { value: { x, y } } : {};
        node.params = [
          ...((node.params as unknown[]) ?? []),
          { name: 'zoom', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales', ...value },
        ];
        zoomable = false;
      }
    }
    for (const key of ['layer', 'hconcat', 'vconcat', 'concat'])
      for (const child of (node[key] as Json[] | undefined) ?? []) visit(child);
    if (typeof node.spec === 'object' && node.spec !== null) visit(node.spec as Json);
  };
  visit(copy);
  return copy as unknown as TopLevelSpec;
}

/** Renders a chart as live SVG (Vega's View: tooltips as native titles); returns the view. */
export async function renderChart(container: HTMLElement, chart: Chart): Promise<View> {
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.innerHTML = `<figcaption><h4></h4><p></p></figcaption><div class="vega"></div>`;
  figure.querySelector('h4')!.textContent = chart.title;
  figure.querySelector('p')!.textContent = chart.caption;
  container.append(figure);
  const view = new View(parse(compile(interactive(chart.spec)).spec), {
    renderer: 'svg',
    container: figure.querySelector<HTMLElement>('.vega')!,
    hover: true,
  });
  await view.runAsync();
  return view;
}

/** Teacher and oracle accuracies, as the CLI prints them before its tables. */
function referenceLines(references: readonly TrainingSummary[]): string {
  return references
    .map(
      (r) =>
        `${r.kind === 'teacher' ? 'teacher' : `oracle (${r.scenario})`}: test accuracy ${r.testAccuracy.toFixed(3)}, train ${r.trainAccuracy.toFixed(3)}, best epoch ${r.bestEpoch}/${r.epochs}`,
    )
    .join('\n');
}

/** The summary rows of each scenario, in the order the study ran them. */
export function byScenario(summary: readonly SummaryRow[]): Map<string, SummaryRow[]> {
  const out = new Map<string, SummaryRow[]>();
  for (const row of summary) out.set(row.scenario, [...(out.get(row.scenario) ?? []), row]);
  return out;
}

/** Lets the browser paint and handle input between pieces of rendering, so no single task runs long. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** The results: per scenario the report's colour-coded table (the CLI's columns) and its accuracy and trade-off charts. */
export async function drawResults(container: HTMLElement, study: StudyView, model: string): Promise<void> {
  container.replaceChildren();
  const head = document.createElement('pre');
  head.className = 'references';
  head.textContent = `${referenceLines(study.references)}\nstudy: ${study.rows.length} rows in ${study.seconds.toFixed(1)} s`;
  container.append(head);
  container.insertAdjacentHTML('beforeend', legendHtml());
  for (const [scenario, rows] of byScenario(study.summary)) {
    const section = document.createElement('section');
    section.className = 'scenario';
    section.dataset.scenario = scenario;
    section.innerHTML = `<h3>Scenario ${scenario}</h3>${tableHtml(scenarioTable(rows))}<div class="charts"></div>`;
    container.append(section);
    const charts = section.querySelector<HTMLElement>('.charts')!;
    const series = [{ run: model, rows }];
    await nextTask();
    await renderChart(charts, accuracyChart(`${scenario}-accuracy`, series));
    await nextTask();
    await renderChart(charts, tradeoffChart(`${scenario}-tradeoff`, series));
  }
}
