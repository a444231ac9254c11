import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { isQunlearnError, QunlearnError } from '../../core/errors.js';
import { folderEntries, lockFolder } from '../../experiment/folder-lock.js';
import { sweepFiles } from '../../experiment/sweep/layout.js';
import { planSweep, readSweepPlan, samePlan, type SweepPlan } from '../../experiment/sweep/plan.js';
import { runSweep } from '../../experiment/sweep/scheduler.js';
import { readSweepStatus } from '../../experiment/sweep/status.js';
import { runAction } from '../errors.js';
import { abortOnInterrupt } from '../interrupt.js';
import { flagName, parseInteger } from '../parse.js';
import { addSweepExperimentFlags, EXPERIMENT_FLAG_NAMES, specFromFlags, type SweepFlags } from '../sweep-flags.js';
import { sweepProgressFor } from '../sweep-progress.js';
import { timestamp } from './run.js';
import { shown } from '../shown-path.js';
import { sweepExecutor } from '../sweep-executor.js';
import { sweepSplit } from '../workers.js';

interface ExecutionFlags {
  out?: string;
  resume?: string;
  parallel?: number;
  runWorkers?: number;
  redis?: string;
  queue: string;
  checkpoints?: boolean;
  skipInvalid?: boolean;
  dryRun?: boolean;
  forceWorkers?: boolean;
  report?: boolean;
  quiet?: boolean;
}

/** The sweep report layer, loaded on demand (Vega takes a while to import). */
async function writeReport(dir: string): Promise<void> {
  const { writeSweepReport } = await import('../../report/sweep/write.js');
  const files = await writeSweepReport(dir);
  for (const warning of files.warnings) process.stderr.write(`qunlearn: warning: chart ${warning}\n`);
  process.stdout.write(`report: ${shown(files.html)} · ${shown(files.markdown)} (${files.charts.length} charts)\n`);
}

/** The plan to run: a saved one (`--resume`), or a new one (checked against the folder once it is locked). */
function planFor(flags: SweepFlags & ExecutionFlags): { plan: SweepPlan; dir: string; resume: boolean } {
  if (flags.resume !== undefined) {
    const extra = Object.keys(flags).filter((k) => EXPERIMENT_FLAG_NAMES.has(k) || k === 'out' || k === 'skipInvalid');
    if (extra.length > 0) {
      throw new QunlearnError(
        'usage',
        `--resume continues a sweep with its saved plan; drop ${extra.map(flagName).join(', ')}`,
      );
    }
    return { plan: readSweepPlan(flags.resume), dir: flags.resume, resume: true };
  }
  const { plan, invalid } = planSweep(specFromFlags(flags));
  if (invalid.length > 0) {
    const list = invalid.map((r) => `  ${r.id}: ${r.message}`).join('\n');
    if (flags.skipInvalid !== true) {
      throw new QunlearnError(
        'config',
        `${invalid.length} of ${invalid.length + plan.runs.length} runs cannot run (nothing was started):\n${list}\nfix the settings, or pass --skip-invalid to run the others`,
      );
    }
    process.stderr.write(`skipping ${invalid.length} invalid run(s):\n${list}\n`);
  }
  if (plan.runs.length === 0) throw new QunlearnError('config', 'the sweep has no valid run');
  return { plan, dir: flags.out ?? join('runs', `sweep-${timestamp()}`), resume: false };
}

/**
 * The plan a new sweep continues with, decided under the folder's lock: the saved one when the folder holds the
 * same sweep, the new one (saved now) for an empty folder or a sweep folder whose plan was moved aside (each run's
 * settings are checked against the new plan before it counts as done).
 */
function adoptPlan(plan: SweepPlan, dir: string): { plan: SweepPlan; isNew: boolean } {
  if (existsSync(sweepFiles.plan(dir))) {
    const saved = readSweepPlan(dir);
    if (!samePlan(saved, plan)) {
      throw new QunlearnError(
        'sweep',
        `${dir} holds a different sweep; choose another --out, or continue that one with qunlearn sweep --resume ${dir}`,
      );
    }
    return { plan: saved, isNew: false };
  }
  const entries = folderEntries(dir);
  if (entries.length > 0 && !entries.includes('runs') && !entries.includes('references')) {
    throw new QunlearnError('sweep', `output directory ${dir} already exists and is not a sweep; choose another --out`);
  }
  return { plan, isNew: true };
}

/** A damaged sweep-status.json is rebuilt by resuming (it only summarises the runs' folders): say so, and drop it. */
function dropDamagedStatus(dir: string): void {
  try {
    readSweepStatus(dir);
  } catch (e) {
    if (!isQunlearnError(e)) throw e;
    process.stderr.write(
      `qunlearn: warning: ${sweepFiles.status(dir)} is damaged; rebuilding it from the runs' folders\n`,
    );
    rmSync(sweepFiles.status(dir), { force: true });
  }
}

/** One line on what a sweep's gathering holds: how many runs are complete, failed and missing (and which). */
function gatheringLine(
  planned: number,
  complete: number,
  failed: number,
  missing: readonly { id: string; why: string }[],
): string {
  const list = missing
    .slice(0, 5)
    .map((m) => `${m.id}: ${m.why}`)
    .join('; ');
  const more = missing.length > 5 ? `; and ${missing.length - 5} more` : '';
  return `${planned} runs · ${complete} complete · ${failed} failed · ${missing.length} missing${missing.length > 0 ? ` (${list}${more})` : ''}`;
}

/** Lists the runs and the reference sets of a plan (`--dry-run`). */
function describePlan(plan: SweepPlan, dir: string): string {
  const axes =
    plan.axes.length === 0
      ? 'no axes'
      : plan.axes.map((a) => `${a.key} (${a.path}) = ${a.labels.join(', ')}`).join('; ');
  const lines = [
    `sweep into ${dir}: ${plan.runs.length} runs over ${axes}; seeds ${plan.seeds.join(', ')}`,
    `${plan.references.length} reference set(s) (teacher + oracles), each trained once:`,
  ];
  for (const r of plan.references)
    lines.push(
      `  ${r.key} seed ${r.seed}: used by ${plan.runs.filter((x) => x.referenceKey === r.key && x.seed === r.seed).length} run(s)`,
    );
  lines.push('runs:', ...plan.runs.map((r) => `  ${r.id}`));
  return `${lines.join('\n')}\n`;
}

/** `qunlearn sweep` and `qunlearn sweep-report`. */
export function registerSweepCommands(program: Command): void {
  const command = program
    .command('sweep')
    .description(
      'run a grid of configurations (circuit depth, entanglement, noise, models, datasets, method settings) × seeds, on this machine or on workers',
    );
  addSweepExperimentFlags(command)
    .option(
      '--out <dir>',
      'sweep directory (default runs/sweep-<timestamp>); the same sweep into the same directory continues it',
    )
    .option('--resume <dir>', 'continue a sweep with its saved plan, skipping finished runs')
    .option(
      '--parallel <n>',
      `runs (and reference sets) at a time on this machine (default: the ${availableParallelism()} cores)`,
      parseInteger('--parallel', 1),
    )
    .option(
      '--run-workers <n>',
      'worker threads inside each run (default: the cores left per parallel run, at least 1)',
      parseInteger('--run-workers', 1),
    )
    .option('--force-workers', 'allow --parallel × --run-workers above the number of cores')
    .option(
      '--redis <url>',
      'hand the runs to `qunlearn worker` processes through Redis at <url> (redis://[:password@]host:port[/db])',
    )
    .option('--queue <name>', 'queue name, shared with the workers', 'qunlearn')
    .option('--checkpoints', 'with --redis: also bring back every unlearned model checkpoint (large for image models)')
    .option(
      '--skip-invalid',
      'run the valid combinations and skip the invalid ones (default: stop before running anything)',
    )
    .option('--dry-run', 'list the runs and the shared reference sets, then stop')
    .option('--no-report', 'skip writing report.html and report.md (qunlearn sweep-report DIR writes them later)')
    .option('--quiet', 'no progress display')
    .addHelpText(
      'after',
      `
Every flag that takes one value in \`qunlearn run\` takes a comma-separated list here; each list is an axis.

Examples:
  qunlearn sweep --layers 1,2,4,6 --entangler ring,linear,all-to-all,none --seeds 0,1,2 --out runs/depth
  qunlearn sweep --model iris-shallow,iris-shallow-classical --layers 1,2,4 --methods original,ga,scrub --seeds 0,1
  qunlearn sweep --sweep sweep.yaml --redis redis://:PASSWORD@queue-host:6379     (then qunlearn worker on each machine)
  qunlearn sweep --resume runs/depth

Each combination × seed is an ordinary run under <out>/runs/. Teachers and oracles are trained once per distinct
data, model, circuit, protocol, training, split, scenarios and seed, in <out>/references/, and shared by every run
that needs them. sweep.csv gathers every run's rows with the axis values as columns.`,
    )
    .action(
      runAction(async (flags: SweepFlags & ExecutionFlags, cmd: Command) => {
        // commander fills --no-* flags with defaults; only what the user typed may override a config or sweep file.
        for (const key of Object.keys(flags))
          if (cmd.getOptionValueSource(key) === 'default' && key !== 'queue') delete flags[key];
        if (flags.redis !== undefined && (flags.parallel !== undefined || flags.runWorkers !== undefined)) {
          throw new QunlearnError(
            'usage',
            '--parallel and --run-workers split this machine; with --redis each worker sets its own (qunlearn worker --concurrency N --run-workers N)',
          );
        }
        if (flags.forceWorkers === true && flags.parallel === undefined && flags.runWorkers === undefined) {
          throw new QunlearnError(
            'usage',
            '--force-workers lets --parallel and --run-workers exceed the cores; without them it has nothing to do',
          );
        }
        if (flags.redis === undefined && flags.checkpoints === true) {
          throw new QunlearnError(
            'usage',
            '--checkpoints brings checkpoints back from workers and needs --redis; local runs keep every checkpoint',
          );
        }
        const { plan: planned, dir, resume } = planFor(flags);
        if (flags.dryRun === true) {
          process.stdout.write(describePlan(planned, dir));
          return;
        }
        // Checked (and warned about) before anything is locked or written.
        const split = sweepSplit(flags);
        // Locked before the folder is looked at, so that two sweeps started together cannot both adopt it.
        const lock = lockFolder(
          dir,
          'sweep folder',
          resume ? 'wait for it to finish' : 'wait for it to finish, or choose another --out',
        );
        try {
          const { plan, isNew } = resume ? { plan: planned, isNew: false } : adoptPlan(planned, dir);
          if (resume) dropDamagedStatus(dir);
          // The executor before the plan is saved, so that an unreachable Redis leaves no half-made sweep folder behind.
          const executor = await sweepExecutor({ ...flags, ...split, forceWorkers: true }, plan);
          if (isNew) writeFileAtomic(sweepFiles.plan(dir), `${JSON.stringify(plan, null, 2)}\n`);
          if (flags.redis !== undefined && flags.quiet !== true)
            process.stderr.write(
              `waiting for workers: start \`qunlearn worker --redis URL --queue ${flags.queue}\` on each machine\n`,
            );
          const progress = sweepProgressFor(flags.quiet === true);
          const controller = new AbortController();
          const stopListening = abortOnInterrupt(controller);
          let outcome;
          try {
            outcome = await runSweep(plan, dir, executor, { onEvent: progress.onEvent, signal: controller.signal });
          } finally {
            stopListening();
            progress.finish();
            await executor.close();
          }
          const failedRuns = outcome.failures.filter((f) => f.kind === 'run');
          process.stdout.write(
            `sweep: ${gatheringLine(
              plan.runs.length,
              outcome.complete.length,
              failedRuns.length,
              outcome.missing.filter((m) => !failedRuns.some((f) => f.id === m.id)),
            )} · ${outcome.seconds.toFixed(1)} s\n`,
          );
          process.stdout.write(
            `results: ${shown(outcome.csv)} (${outcome.rows.length} rows) · status: ${shown(sweepFiles.status(dir))}\n`,
          );
          if (flags.report !== false && outcome.rows.length > 0) await writeReport(dir);
          if (outcome.failures.length > 0) {
            const list = outcome.failures.map((f) => `  ${f.kind} ${f.id}: ${f.message}`).join('\n');
            throw new QunlearnError(
              'sweep',
              `${outcome.failures.length} task(s) failed:\n${list}\nfix the cause and continue with qunlearn sweep --resume ${dir}`,
            );
          }
        } finally {
          lock.release();
        }
      }),
    );

  program
    .command('sweep-report')
    .description(
      "gather a sweep's results again (sweep.csv and sweep.json once every run has results, else sweep-partial.*) and write its report (report.html, report.md)",
    )
    .argument('<sweep-dir>', 'a sweep directory written by `qunlearn sweep`')
    .action(
      runAction(async (dir: string) => {
        const { writeSweepResults } = await import('../../experiment/sweep/collect.js');
        const lock = lockFolder(dir, 'sweep folder', 'wait for it to finish, then report');
        try {
          // Every file is read (and checked) before anything is written.
          const plan = readSweepPlan(dir);
          readSweepStatus(dir);
          const gathered = writeSweepResults(dir, plan);
          process.stdout.write(
            `sweep: ${gatheringLine(plan.runs.length, gathered.complete.length, gathered.failed.length, gathered.missing)}\n`,
          );
          process.stdout.write(
            `results: ${shown(gathered.csv)} (${gathered.rows.length} rows)${gathered.missing.length > 0 && existsSync(sweepFiles.csv(dir)) ? ` · ${shown(sweepFiles.csv(dir))} left as it was` : ''}\n`,
          );
          if (gathered.rows.length === 0)
            throw new QunlearnError('sweep', `${dir} has no finished run yet; nothing to report`);
          await writeReport(dir);
          if (gathered.missing.length > 0 || gathered.failed.length > 0) {
            throw new QunlearnError(
              'sweep',
              `${gathered.missing.length} run(s) missing and ${gathered.failed.length} failed, so the results are incomplete; \`qunlearn sweep --resume ${dir}\` runs them`,
            );
          }
        } finally {
          lock.release();
        }
      }),
    );
}
