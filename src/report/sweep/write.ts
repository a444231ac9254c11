import { writeReportDocument, type ReportFiles } from '../write.js';
import { buildSweepReport } from './build.js';
import { loadSweep } from './data.js';

/**
 * Writes a sweep's report (report.html, report.md and report-charts/, in the run report's style) into the sweep
 * directory, or into `out` when given, from the sweep's plan, status and the finished runs' rows.
 */
export async function writeSweepReport(sweepDir: string, options: { out?: string } = {}): Promise<ReportFiles> {
  const sweep = loadSweep(sweepDir);
  return writeReportDocument(buildSweepReport(sweep), options.out ?? sweep.dir);
}
