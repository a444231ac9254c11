import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import { readAuditRecord, runAudit } from '../../experiment/audit/run.js';
import { MIN_AUDIT_MODELS, ORIGINAL_MODES } from '../../experiment/audit/settings.js';
import { resolveExperiment } from '../../experiment/config.js';
import { auditTables } from '../audit-table.js';
import { runAction } from '../errors.js';
import { addModelFlags, addStudyFlags, configFromFlags, type ExperimentFlags } from '../experiment-flags.js';
import { parseInteger } from '../parse.js';
import { progressFor } from '../progress.js';
import { rejectFlagsWithResume } from '../resume-flags.js';
import { loadReportLayer, printReportFiles } from './report.js';
import { failureMessage, timestamp } from './run.js';
import { abortOnInterrupt } from '../interrupt.js';
import { runWorkers } from '../workers.js';

interface AuditFlags extends ExperimentFlags {
  out?: string;
  resume?: string;
  quiet?: boolean;
  report?: boolean;
  forceWorkers?: boolean;
}

/** Flags that may accompany --resume (execution settings, and commander's default for --no-report). */
const RESUME_FLAGS = new Set(['resume', 'workers', 'forceWorkers', 'quiet', 'report']);

/** `qunlearn audit`: methods against populations of retrained models. */
export function registerAuditCommand(program: Command): void {
  const command = program
    .command('audit')
    .description(
      "audit unlearning against populations of retrained models: per-example ε (the NeurIPS 2023 competition's estimator), forgetting quality and score, a likelihood-ratio attack, and the chance level",
    );
  addStudyFlags(addModelFlags(command), { seeds: false, evaluation: false })
    .option(
      '--seed <n>',
      'seed of the data split (and image sample); default 0. Model seeds are the model indices',
      parseInteger('--seed', 0),
    )
    .option(
      '--models <n>',
      `models per population (default 64 on tabular data; image data needs it, e.g. 16); at least ${MIN_AUDIT_MODELS}`,
      parseInteger('--models', MIN_AUDIT_MODELS),
    )
    .option(
      '--original <mode>',
      `${ORIGINAL_MODES.join(' | ')}: each unlearned model from its own original model (default), or all from one (the competition's setting)`,
    )
    .option('--out <dir>', 'output directory (default runs/audit-<dataset>-<timestamp>)')
    .option('--resume <dir>', 'continue a killed audit in <dir> without redoing finished models')
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
    .addHelpText(
      'after',
      `
Each population has N models with their own seeds: N retrained from scratch per scenario and, per method, N
unlearned (by default each from its own original model). Only φ (logit-scaled confidence) on the forget examples
and three accuracies are kept per model, on disk as each finishes. Figures depend on N: report N with them.

Examples:
  qunlearn audit --methods retrain,ga,scrub,salun
  qunlearn audit --dataset mnist --models 16 --methods retrain,ft,scrub --scenarios class
  qunlearn audit --resume runs/audit-iris-2026-01-01T10-00-00`,
    )
    .action(
      runAction(async (flags: AuditFlags) => {
        let experiment;
        let dir: string;
        let configured: number | undefined;
        if (flags.resume !== undefined) {
          rejectFlagsWithResume(flags as Record<string, unknown>, RESUME_FLAGS, 'an audit');
          dir = flags.resume;
          experiment = readAuditRecord(dir).experiment;
        } else {
          const config = configFromFlags(flags);
          experiment = resolveExperiment({ ...config, audit: config.audit ?? {} });
          configured = config.workers;
          dir = flags.out ?? join('runs', `audit-${experiment.dataset}-${timestamp()}`);
        }
        const workers = runWorkers(flags, configured, availableParallelism());
        const progress = progressFor(flags.quiet === true);
        const controller = new AbortController();
        const stopListening = abortOnInterrupt(controller);
        let outcome;
        try {
          outcome = await runAudit(experiment, {
            dir,
            workers,
            resume: flags.resume !== undefined,
            onEvent: progress.onEvent,
            signal: controller.signal,
          });
        } finally {
          stopListening();
          progress.finish();
        }
        process.stdout.write(`${auditTables(outcome.rows)}\n\n`);
        process.stdout.write(
          `audit: ${join(dir, 'audit.csv')} (${outcome.rows.length} rows) · ${outcome.seconds.toFixed(1)} s\n`,
        );
        if (flags.report !== false) printReportFiles(await (await loadReportLayer()).writeRunReport(dir));
        if (outcome.failures.length > 0) {
          throw new QunlearnError('audit', failureMessage(outcome.failures, dir, 'audit'));
        }
      }),
    );
}
