import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import { MIN_AUDIT_MODELS, ORIGINAL_MODES } from '../../experiment/audit/settings.js';
import { resolveExperiment } from '../../experiment/config.js';
import { lockFolder } from '../../experiment/folder-lock.js';
import { referenceBehaviours } from '../../experiment/reference-behaviours.js';
import { readRunRecord, runExperiment } from '../../experiment/runner.js';
import { auditTables } from '../audit-table.js';
import { runAction } from '../errors.js';
import { addModelFlags, addStudyFlags, configFromFlags, type ExperimentFlags } from '../experiment-flags.js';
import { abortOnInterrupt } from '../interrupt.js';
import { parseInteger } from '../parse.js';
import { progressFor } from '../progress.js';
import { rejectFlagsWithResume } from '../resume-flags.js';
import { referenceLines, resultsTables } from '../results-table.js';
import { loadReportLayer, printReportFiles } from './report.js';
import { runWorkers } from '../workers.js';

interface RunFlags extends ExperimentFlags {
  out?: string;
  resume?: string;
  quiet?: boolean;
  report?: boolean;
  forceWorkers?: boolean;
}

/** A sortable, file-system-safe timestamp for default output folders. */
export function timestamp(): string {
  return new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
}

/** Flags that may accompany --resume (execution settings, and commander's defaults for --no-* flags). */
const RESUME_FLAGS = new Set(['resume', 'workers', 'forceWorkers', 'quiet', 'report', 'relearn', 'calibratedAttack']);

/** The failed jobs of a run or audit, listed (the progress display may have printed nothing: --quiet). */
export function failureMessage(
  failures: readonly { job: string; message: string }[],
  dir: string,
  command: 'run' | 'audit' = 'run',
): string {
  const record = command === 'run' ? 'run.json' : 'audit-run.json';
  const shown = failures
    .slice(0, 5)
    .map((f) => `  ${f.message.startsWith(f.job) ? f.message : `${f.job}: ${f.message}`}`);
  if (failures.length > shown.length)
    shown.push(`  ... and ${failures.length - shown.length} more (all in ${join(dir, record)})`);
  return (
    `${failures.length} job(s) failed:\n${shown.join('\n')}\n` +
    `fix the cause and continue with \`qunlearn ${command} --resume ${dir}\`, which runs only the unfinished jobs (settings cannot change on resume; to change one, start a new ${command} with --out)`
  );
}

/** `qunlearn run`: the whole study in one command. */
export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description(
      'train the teacher and one oracle per scenario, run every unlearning method, evaluate, and write results',
    );
  addStudyFlags(addModelFlags(command))
    .option('--out <dir>', 'output directory (default runs/<dataset>-<timestamp>)')
    .option('--resume <dir>', 'continue a killed run in <dir> without redoing finished work')
    .option(
      '--workers <n>',
      `worker threads (default: the ${availableParallelism()} available cores; more than that is capped)`,
      parseInteger('--workers', 1),
    )
    .option('--force-workers', 'allow --workers above the number of cores')
    .option('--quiet', 'no progress display')
    .option(
      '--no-report',
      'skip writing report.html and report.md at the end (`qunlearn report DIR` writes them later)',
    )
    .option(
      '--audit <n>',
      `also audit every method against populations of <n> retrained models on the first seed's data (as \`qunlearn audit --models <n>\`; at least ${MIN_AUDIT_MODELS})`,
      parseInteger('--audit', MIN_AUDIT_MODELS),
    )
    .option('--audit-original <mode>', `with --audit: ${ORIGINAL_MODES.join(' | ')} (as \`qunlearn audit --original\`)`)
    .action(
      runAction(async (flags: RunFlags) => {
        let experiment;
        let dir: string;
        let configured: number | undefined;
        if (flags.resume !== undefined) {
          rejectFlagsWithResume(flags as Record<string, unknown>, RESUME_FLAGS, 'a run');
          dir = flags.resume;
          experiment = readRunRecord(dir).experiment;
        } else {
          if (flags.auditOriginal !== undefined && flags.audit === undefined)
            throw new QunlearnError(
              'usage',
              '--audit-original needs --audit <n> (the number of models per population)',
            );
          const config = configFromFlags(flags);
          experiment = resolveExperiment(config);
          configured = config.workers;
          dir = flags.out ?? join('runs', `${experiment.dataset}-${timestamp()}`);
        }
        const workers = runWorkers(flags, configured, Math.min(availableParallelism(), 1 + experiment.methods.length));
        // Held across the report too, so that no other process writes into the folder until this one is done.
        const lock = lockFolder(
          dir,
          'run folder',
          flags.resume !== undefined ? 'wait for it to finish' : 'wait for it to finish, or choose another --out',
        );
        const controller = new AbortController();
        const stopListening = abortOnInterrupt(controller);
        const inForce = referenceBehaviours(experiment);
        if (inForce.length > 0) {
          process.stdout.write(
            `${experiment.preset} preset: reference behaviours in force\n${inForce.map((b) => `  - ${b.text} [off: ${b.off}]`).join('\n')}\n\n`,
          );
        }
        const progress = progressFor(flags.quiet === true);
        try {
          let outcome;
          try {
            // Jobs run in threads even with one worker, so that Ctrl-C is handled at once rather than after a long job.
            outcome = await runExperiment(experiment, {
              dir,
              workers,
              threads: true,
              resume: flags.resume !== undefined,
              onEvent: progress.onEvent,
              signal: controller.signal,
            });
          } finally {
            progress.finish();
          }
          process.stdout.write(`${referenceLines(outcome.references)}\n\n${resultsTables(outcome.summary)}\n\n`);
          if (outcome.audit !== null) process.stdout.write(`${auditTables(outcome.audit)}\n\n`);
          const audit = outcome.audit === null ? '' : `, ${join(dir, 'audit.csv')} (${outcome.audit.length} rows)`;
          process.stdout.write(
            `results: ${join(dir, 'results.csv')} (${outcome.rows.length} rows)${audit} · ${outcome.seconds.toFixed(1)} s\n`,
          );
          if (flags.report !== false) printReportFiles(await (await loadReportLayer()).writeRunReport(dir));
          if (outcome.failures.length > 0) throw new QunlearnError('run', failureMessage(outcome.failures, dir));
        } finally {
          stopListening();
          lock.release();
        }
      }),
    );
}
