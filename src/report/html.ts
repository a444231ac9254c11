import { specJson, type Block, type Cell, type Chart, type ReportDocument, type Table } from './document.js';
import { REPORT_CSS } from './html-style.js';
import { BAND_LABELS } from './oracle-distance.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped text with `code` spans (the only inline markup that report texts use). */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const attr = (name: string, value: string | undefined): string =>
  value === undefined ? '' : ` ${name}="${escapeHtml(value)}"`;

function cellHtml(cell: Cell, align: 'left' | 'right', header: boolean): string {
  if (header) return `<th scope="row"${attr('title', cell.title)}>${escapeHtml(cell.text)}</th>`;
  const classes = [align === 'right' ? 'num' : '', cell.band === undefined ? '' : `band-${cell.band}`]
    .filter(Boolean)
    .join(' ');
  const sub = [cell.spread, cell.note].filter((p) => p !== undefined).join(' · ');
  const parts = [`<span class="v">${escapeHtml(cell.text)}</span>`];
  if (sub !== '') parts.push(`<span class="sub">${escapeHtml(sub)}</span>`);
  return `<td${attr('class', classes || undefined)}${attr('title', cell.title)}>${parts.join('')}</td>`;
}

/** A table as HTML: header row, the reference rows set apart, the first cell of each row a row header. */
export function tableHtml(table: Table): string {
  const head = table.columns
    .map(
      (c) =>
        `<th scope="col"${attr('title', c.title)}${c.align === 'right' ? ' class="num"' : ''}>${escapeHtml(c.header)}</th>`,
    )
    .join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr class="${row.kind}">${row.cells.map((cell, i) => cellHtml(cell, table.columns[i]?.align ?? 'right', i === 0)).join('')}</tr>`,
    )
    .join('\n');
  const caption = table.caption === undefined ? '' : `<caption>${escapeHtml(table.caption)}</caption>`;
  return `<div class="table-wrap"><table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The colour legend of the tables. */
export function legendHtml(): string {
  const items = BAND_LABELS.map(
    (label, i) => `<li><span class="swatch band-${i}"></span>${escapeHtml(label)}</li>`,
  ).join('');
  return `<div class="legend" role="note"><span class="legend-title">Distance to the oracle:</span><ul>${items}</ul></div>`;
}

/** A chart: its title and caption, the inlined SVG, and its Vega-Lite specification (data included) to re-plot it. */
export function chartHtml(chart: Chart, svg: string): string {
  const spec = escapeHtml(specJson(chart.spec));
  return [
    `<figure class="chart" id="${escapeHtml(chart.id)}" aria-labelledby="${escapeHtml(chart.id)}-title">`,
    `<figcaption><h3 id="${escapeHtml(chart.id)}-title">${escapeHtml(chart.title)}</h3><p>${inline(chart.caption)}</p></figcaption>`,
    `<div class="plot" role="img" aria-label="${escapeHtml(chart.title)}">${svg}</div>`,
    '</figure>',
    `<details class="spec"><summary>Vega-Lite specification of this chart, with its data (paste it into any Vega-Lite editor to re-plot)</summary><pre data-chart="${escapeHtml(chart.id)}">${spec}</pre></details>`,
  ].join('\n');
}

function blockHtml(block: Block, svgs: ReadonlyMap<string, string>): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inline(block.text)}</p>`;
    case 'facts':
      return `<dl class="facts">${block.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${inline(v)}</dd>`).join('')}</dl>`;
    case 'table':
      return tableHtml(block.table);
    case 'chart':
      return chartHtml(block.chart, svgs.get(block.chart.id) ?? '');
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`;
    case 'legend':
      return legendHtml();
  }
}

/** The contents: every section, with its charts nested under it. */
function contentsHtml(doc: ReportDocument): string {
  const items = doc.sections.map((s) => {
    const charts = s.blocks.flatMap((b) =>
      b.kind === 'chart' ? [`<li><a href="#${escapeHtml(b.chart.id)}">${escapeHtml(b.chart.title)}</a></li>`] : [],
    );
    return `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>${charts.length > 0 ? `<ol>${charts.join('')}</ol>` : ''}</li>`;
  });
  return `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${items.join('')}</ol></nav>`;
}

/**
 * A report as one self-contained HTML page: styles and SVG charts inlined, no script, and a Content-Security-Policy
 * that forbids every fetch, so that the page renders the same offline and can never reach the network.
 */
export function renderHtml(doc: ReportDocument, svgs: ReadonlyMap<string, string>): string {
  const sections = doc.sections.map(
    (s) =>
      `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map((b) => blockHtml(b, svgs)).join('\n')}\n</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="qunlearn">
<link rel="icon" href="data:,">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="masthead"><div class="wrap"><p class="eyebrow">qunlearn report</p><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${inline(doc.subtitle)}</p></div></header>
<div class="wrap layout">
${contentsHtml(doc)}
<main>
${sections.join('\n')}
</main>
</div>
<footer><div class="wrap">${inline(doc.footer)}</div></footer>
</body>
</html>
`;
}
