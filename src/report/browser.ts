/**
 * The browser-safe part of the reports: a run's report document built from memory, its charts rendered to SVG by
 * Vega, the self-contained HTML page, and the colour-coded tables and chart specs on their own (the playground's).
 */
export { buildRunReport } from './run-report.js';
export { documentCharts, type Chart, type ReportDocument, type Table } from './document.js';
export { renderHtml, tableHtml, legendHtml } from './html.js';
export { REPORT_CSS } from './html-style.js';
export { renderSvg } from './svg.js';
export { scenarioTable, SCENARIO_COLUMNS } from './scenario-table.js';
export { accuracyChart } from './charts/accuracy.js';
export { tradeoffChart } from './charts/tradeoff.js';
export type { LoadedRun, TrainingCurve } from './run-data.js';
