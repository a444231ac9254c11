import type { Block, Cell, Chart, ReportDocument, Table } from './document.js';
import { BAND_LABELS } from './oracle-distance.js';

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function githubAnchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** Text safe inside a table cell (pipes escaped, line breaks flattened). */
function cellText(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A cell as one line: value, ± its interval, and the distance to the oracle (which the HTML shows as colour and a note). */
function cellMarkdown(cell: Cell): string {
  return cellText(
    [cell.text, cell.spread, cell.note === undefined ? undefined : `· ${cell.note}`]
      .filter((p) => p !== undefined)
      .join(' '),
  );
}

/** A GitHub-flavoured Markdown table with its caption in italics below. */
export function tableMarkdown(table: Table): string {
  const head = `| ${table.columns.map((c) => cellText(c.header)).join(' | ')} |`;
  const rule = `| ${table.columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join(' | ')} |`;
  const rows = table.rows.map(
    (r) =>
      `| ${r.cells.map((c, i) => (i === 0 && r.kind === 'reference' ? `*${cellText(c.text)}*` : cellMarkdown(c))).join(' | ')} |`,
  );
  return [head, rule, ...rows, ...(table.caption === undefined ? [] : ['', `*${table.caption}*`])].join('\n');
}

/** A chart as a heading, the SVG image beside the report, its caption and a link to its Vega-Lite specification. */
function chartMarkdown(chart: Chart, chartDir: string): string {
  return [
    `### ${chart.title}`,
    '',
    `![${chart.title}](${chartDir}/${chart.id}.svg)`,
    '',
    chart.caption,
    '',
    `Vega-Lite specification with data: [${chart.id}.vl.json](${chartDir}/${chart.id}.vl.json)`,
  ].join('\n');
}

function blockMarkdown(block: Block, chartDir: string): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'facts':
      return [
        '| | |',
        '| :--- | :--- |',
        ...block.facts.map(([k, v]) => `| **${cellText(k)}** | ${cellText(v)} |`),
      ].join('\n');
    case 'table':
      return tableMarkdown(block.table);
    case 'chart':
      return chartMarkdown(block.chart, chartDir);
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'legend':
      return `Distance to the oracle (Δ, printed in each coloured cell; report.html colours the cells by these bands): ${BAND_LABELS.join(' · ')}.`;
  }
}

/**
 * A report as GitHub-flavoured Markdown: the same sections, tables and key numbers as the HTML page, with the charts
 * as SVG files in `chartDir` (a folder beside the Markdown file, linked relatively so the pair can be moved or
 * committed together).
 */
export function renderMarkdown(doc: ReportDocument, chartDir: string): string {
  const contents = doc.sections.map((s) => `- [${s.title}](#${githubAnchor(s.title)})`).join('\n');
  const sections = doc.sections.map((s) =>
    [`## ${s.title}`, ...s.blocks.map((b) => blockMarkdown(b, chartDir))].join('\n\n'),
  );
  return `${[`# ${doc.title}`, doc.subtitle, '## Contents', contents, ...sections, '---', `*${doc.footer}*`].join('\n\n')}\n`;
}
