import type { TopLevelSpec } from 'vega-lite';

/**
 * The report as data: the run report and the comparison both build one, and the HTML and Markdown writers render
 * it, so the two formats always carry the same tables, numbers and charts.
 */

/** How far a value is from the oracle's, as an index into the colour bands (see oracle-distance.ts). */
export type Band = 0 | 1 | 2 | 3 | 4;

/** One table cell: the main text, an optional spread (± the 95 % t-interval half-width), a note, and for oracle-coded metrics the colour band. */
export interface Cell {
  text: string;
  /** `±0.012`: half-width of the 95 % t-interval when several seeds ran. */
  spread?: string;
  /**
   * Shown under the value: `Δ0.033`, the distance to the oracle of a coded cell (so colour is never the only cue),
   * or in a comparison the difference between the runs.
   */
  note?: string;
  band?: Band;
  /** Longer explanation (HTML title attribute). */
  title?: string;
}

/** A column header with its explanation and alignment. */
export interface Column {
  header: string;
  title?: string;
  align: 'left' | 'right';
}

/** A table; reference rows (teacher, oracle) are set apart from the methods. */
export interface Table {
  caption?: string;
  columns: Column[];
  rows: { kind: 'method' | 'reference'; cells: Cell[] }[];
}

/** A chart: a Vega-Lite specification with its data inlined, rendered to SVG by the writer. */
export interface Chart {
  /** File-safe and unique within the document: it names the SVG file and prefixes the SVG's ids. */
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/** A building block of a section. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; facts: [label: string, value: string][] }
  | { kind: 'table'; table: Table }
  | { kind: 'chart'; chart: Chart }
  | { kind: 'list'; items: string[] }
  | { kind: 'legend' };

/** A titled part of the report; the contents list its sections and, nested under each, its charts. */
export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

/** A whole report. */
export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
  /** `qunlearn <version>` and the generation time, for the footer. */
  footer: string;
}

/** Every chart of a document, in reading order. */
export function documentCharts(doc: ReportDocument): Chart[] {
  return doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])));
}

/**
 * A chart's specification as readable JSON: indented structure, one data row per line (fully indented data would
 * triple the size of the page for no gain in readability).
 */
export function specJson(spec: TopLevelSpec): string {
  const values = (spec as { data?: { values?: unknown[] } }).data?.values;
  if (!Array.isArray(values)) return JSON.stringify(spec, null, 2);
  const marker = '\u0000values\u0000';
  const skeleton = JSON.stringify({ ...spec, data: { values: marker } }, null, 2);
  const rows = values.length === 0 ? '[]' : `[\n${values.map((v) => `      ${JSON.stringify(v)}`).join(',\n')}\n    ]`;
  return skeleton.replace(JSON.stringify(marker), () => rows);
}

/** A string reduced to a file-safe, lower-case slug (for chart ids and anchors). */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}
