import type { Command } from 'commander';
import type { ReportFiles } from '../../report/write.js';
import { runAction } from '../errors.js';
import { shown } from '../shown-path.js';

interface ReportFlags {
  compare?: string;
  out?: string;
}

/** The report layer, loaded on demand: Vega takes ~0.2 s to import, which no other command should pay. */
export function loadReportLayer(): Promise<typeof import('../../report/write.js')> {
  return import('../../report/write.js');
}

/** Prints where a report went, and any chart warning (none is expected). */
export function printReportFiles(files: ReportFiles): void {
  for (const warning of files.warnings) process.stderr.write(`qunlearn: warning: chart ${warning}\n`);
  process.stdout.write(`report: ${shown(files.html)} · ${shown(files.markdown)} (${files.charts.length} charts)\n`);
}

/** `qunlearn report`: an HTML and a Markdown report of a run, or of two runs side by side. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write report.html (self-contained, works offline) and report.md with SVG charts for a finished run')
    .argument('<run-dir>', 'a run directory written by `qunlearn run`')
    .option(
      '--compare <other-run-dir>',
      "compare <run-dir> (A) with another run (B): both runs' metrics side by side, their differences, and charts with both",
    )
    .option(
      '--out <dir>',
      'where to write report.html, report.md and report-charts/ (default: <run-dir> itself; with --compare, compare-<A>-vs-<B> beside run A)',
    )
    .addHelpText(
      'after',
      `
Examples:
  qunlearn report runs/iris-2026-01-01T10-00-00
  qunlearn report runs/quantum --compare runs/classical --out runs/quantum-vs-classical

The Markdown links its charts as SVG files in report-charts/ beside it (move the folder along with report.md);
report.html inlines everything and embeds each chart's Vega-Lite specification with its data.`,
    )
    .action(
      runAction(async (runDir: string, flags: ReportFlags) => {
        const { writeComparisonReport, writeRunReport } = await loadReportLayer();
        const files =
          flags.compare === undefined
            ? await writeRunReport(runDir, { out: flags.out })
            : await writeComparisonReport(runDir, flags.compare, { out: flags.out });
        printReportFiles(files);
      }),
    );
}
