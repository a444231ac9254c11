/**
 * The report layer: reads a finished run directory and writes report.html (self-contained, offline) and report.md
 * with its charts, or a side-by-side comparison of two runs. Charts are Vega-Lite specifications rendered to SVG in
 * Node. Nothing here prints; errors are QunlearnError.
 */
export { loadRun, readAuditRows, type LoadedRun, type TrainingCurve } from './load-run.js';
export { isAuditDirectory, loadAudit, type LoadedAudit } from './load-audit.js';
export { buildAuditComparisonReport, buildAuditReport, type AuditSource } from './audit-report.js';
export { auditSections } from './audit-section.js';
export { buildRunReport } from './run-report.js';
export { buildComparisonReport } from './compare.js';
export { buildFindingsReport } from './findings/build.js';
export { writeFindingsReport } from './findings/write.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderSvg, type RenderedSvg } from './svg.js';
export type { Block, Cell, Chart, ReportDocument, Section, Table } from './document.js';
export {
  CHART_DIR,
  defaultComparisonDir,
  writeComparisonReport,
  writeReportDocument,
  writeRunReport,
  type ReportFiles,
} from './write.js';
