/** The sweep report: every metric against every swept axis, per method, with the spread over seeds. */
export { chartLayout, metricChart, type ChartAxis, type ChartLayout } from './charts.js';
export { loadSweep, metricPoints, SWEEP_METRICS, type LoadedSweep, type SweepMetric, type SweepPoint } from './data.js';
export { buildSweepReport } from './build.js';
export { writeSweepReport } from './write.js';
