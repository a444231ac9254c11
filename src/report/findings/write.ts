import type { FindingsRecord } from '../../experiment/findings/run.js';
import { writeReportDocument, type ReportFiles } from '../write.js';
import { buildFindingsReport } from './build.js';

/** Writes a findings plan's report (report.html, report.md and the charts) into its folder. */
export async function writeFindingsReport(dir: string, record: FindingsRecord): Promise<ReportFiles> {
  return writeReportDocument(buildFindingsReport(record), dir);
}
