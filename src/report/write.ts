import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/node/atomic-file.js';
import { QunlearnError } from '../core/errors.js';
import { runFiles } from '../experiment/layout.js';
import { buildAuditComparisonReport, buildAuditReport, type AuditSource } from './audit-report.js';
import { documentCharts, specJson, type ReportDocument } from './document.js';
import { renderHtml } from './html.js';
import { isAuditDirectory, loadAudit } from './load-audit.js';
import { loadRun, type LoadedRun } from './load-run.js';
import { renderMarkdown } from './markdown.js';
import { buildComparisonReport } from './compare.js';
import { buildRunReport } from './run-report.js';
import { renderSvg } from './svg.js';

/** The folder, beside report.md, that holds each chart as SVG and as a Vega-Lite specification. */
export const CHART_DIR = 'report-charts';

/** What writing a report produced. */
export interface ReportFiles {
  /** The self-contained page. */
  html: string;
  markdown: string;
  /** One SVG per chart (the Markdown links them; each has a `.vl.json` specification beside it). */
  charts: string[];
  /** Warnings Vega-Lite or Vega raised while compiling the charts (none is expected). */
  warnings: string[];
}

/**
 * Renders every chart of a document to SVG and writes report.html, report.md and the chart files into `outDir`,
 * each atomically, so an interrupted report never leaves a half-written file.
 */
export async function writeReportDocument(doc: ReportDocument, outDir: string): Promise<ReportFiles> {
  const dir = resolve(outDir);
  const svgs = new Map<string, string>();
  const charts: string[] = [];
  const warnings: string[] = [];
  for (const chart of documentCharts(doc)) {
    const rendered = await renderSvg(chart.spec, chart.id);
    svgs.set(chart.id, rendered.svg);
    warnings.push(...rendered.warnings.map((w) => `${chart.id}: ${w}`));
    const file = join(dir, CHART_DIR, `${chart.id}.svg`);
    writeFileAtomic(file, rendered.svg);
    writeFileAtomic(join(dir, CHART_DIR, `${chart.id}.vl.json`), `${specJson(chart.spec)}\n`);
    charts.push(file);
  }
  const html = join(dir, 'report.html');
  const markdown = join(dir, 'report.md');
  writeFileAtomic(html, renderHtml(doc, svgs));
  writeFileAtomic(markdown, renderMarkdown(doc, CHART_DIR));
  return { html, markdown, charts, warnings };
}

/** True for a standalone audit's directory (audit-run.json, no run.json). */
function isStandaloneAudit(dir: string): boolean {
  return !existsSync(runFiles.runJson(resolve(dir))) && isAuditDirectory(dir);
}

/** Writes the report of a finished run or standalone audit: into its directory, or into `out` when given. */
export async function writeRunReport(runDir: string, options: { out?: string } = {}): Promise<ReportFiles> {
  if (isStandaloneAudit(runDir)) {
    const audit = loadAudit(runDir);
    return writeReportDocument(buildAuditReport(audit), options.out ?? audit.dir);
  }
  const run = loadRun(runDir);
  return writeReportDocument(buildRunReport(run), options.out ?? run.dir);
}

/** Where a comparison goes by default: `compare-<a>-vs-<b>` beside run A. */
export function defaultComparisonDir(runA: string, runB: string): string {
  const a = resolve(runA);
  return join(dirname(a), `compare-${basename(a)}-vs-${basename(resolve(runB))}`);
}

/** A run or a standalone audit, as a comparison needs it. */
function loadComparable(dir: string): { run: LoadedRun } | { audit: AuditSource } {
  if (!isStandaloneAudit(dir)) return { run: loadRun(dir) };
  const audit = loadAudit(dir);
  return { audit: { dir: audit.dir, experiment: audit.record.experiment, rows: audit.rows } };
}

/** The audit of a run or a standalone audit, or an error naming the one that has none. */
function auditOf(source: { run: LoadedRun } | { audit: AuditSource }, dir: string): AuditSource {
  if ('audit' in source) return source.audit;
  if (source.run.audit === null)
    throw new QunlearnError(
      'report',
      `${dir} has no audit to compare with an audit directory; run it with --audit N, or compare two runs`,
    );
  return { dir: source.run.dir, experiment: source.run.record.experiment, rows: source.run.audit };
}

/**
 * Writes the side-by-side report of two finished runs (with their audits when both have one), or of two audits,
 * into `out` (default: `compare-<a>-vs-<b>` beside A).
 */
export async function writeComparisonReport(
  runA: string,
  runB: string,
  options: { out?: string } = {},
): Promise<ReportFiles> {
  const a = loadComparable(runA);
  const b = loadComparable(runB);
  const doc =
    'run' in a && 'run' in b
      ? buildComparisonReport(a.run, b.run)
      : buildAuditComparisonReport(auditOf(a, runA), auditOf(b, runB));
  return writeReportDocument(doc, options.out ?? defaultComparisonDir(runA, runB));
}
