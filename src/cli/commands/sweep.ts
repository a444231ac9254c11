import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { sweepFiles } from '../../experiment/sweep/layout.js';
import { defaultSplit, localExecutor } from '../../experiment/sweep/local-executor.js';
import { planSweep, readSweepPlan, samePlan, type SweepPlan } from '../../experiment/sweep/plan.js';
import { runSweep } from '../../experiment/sweep/scheduler.js';
import type { SweepExecutor } from '../../experiment/sweep/task.js';
import { runAction } from '../errors.js';
import { parseInteger } from '../parse.js';
import { addSweepExperimentFlags, EXPERIMENT_FLAG_NAMES, specFromFlags, type SweepFlags } from '../sweep-flags.js';
import { sweepProgressFor } from '../sweep-progress.js';
import { timestamp } from './run.js';

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
  report?: boolean;
  quiet?: boolean;
}

/** A path as the user would type it: relative to the working directory when that is shorter. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

/** The sweep report layer, loaded on demand (Vega takes a while to import). */
async function writeReport(dir: string): Promise<void> {
  const { writeSweepReport } = await import('../../report/sweep/write.js');
  const files = await writeSweepReport(dir);
  for (const warning of files.warnings) process.stderr.write(`qunlearn: warning: chart ${warning}\n`);
  process.stdout.write(`report: ${shown(files.html)} · ${shown(files.markdown)} (${files.charts.length} charts)\n`);
}

/** The plan to run: a saved one (`--resume`, or the same sweep again into the same `--out`), or a new one. */
function planFor(flags: SweepFlags & ExecutionFlags): { plan: SweepPlan; dir: string; isNew: boolean } {
  if (flags.resume !== undefined) {
    const extra = Object.keys(flags).filter((k) => EXPERIMENT_FLAG_NAMES.has(k) || k === 'out' || k === 'skipInvalid');
    if (extra.length > 0) {
      throw new QunlearnError('usage', `--resume continues a sweep with its saved plan; drop ${extra.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`);
    }
    return { plan: readSweepPlan(flags.resume), dir: flags.resume, isNew: false };
  }
  const { plan, invalid } = planSweep(specFromFlags(flags));
  if (invalid.length > 0) {
    const list = invalid.map((r) => `  ${r.id}: ${r.message}`).join('\n');
    if (flags.skipInvalid !== true) {
      throw new QunlearnError('config', `${invalid.length} of ${invalid.length + plan.runs.length} runs cannot run (nothing was started):\n${list}\nfix the settings, or pass --skip-invalid to run the others`);
    }
    process.stderr.write(`skipping ${invalid.length} invalid run(s):\n${list}\n`);
  }
  if (plan.runs.length === 0) throw new QunlearnError('config', 'the sweep has no valid run');
  const dir = flags.out ?? join('runs', `sweep-${timestamp()}`);
  if (existsSync(sweepFiles.plan(dir))) {
    const saved = readSweepPlan(dir);
    if (!samePlan(saved, plan)) {
      throw new QunlearnError('sweep', `${dir} holds a different sweep; choose another --out, or continue that one with qunlearn sweep --resume ${dir}`);
    }
    return { plan: saved, dir, isNew: false };
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new QunlearnError('sweep', `output directory ${dir} already exists and is not a sweep; choose another --out`);
  }
  return { plan, dir, isNew: true };
}

/** Lists the runs and the reference sets of a plan (`--dry-run`). */
function describePlan(plan: SweepPlan, dir: string): string {
  const axes = plan.axes.length === 0 ? 'no axes' : plan.axes.map((a) => `${a.key} (${a.path}) = ${a.labels.join(', ')}`).join('; ');
  const lines = [`sweep into ${dir}: ${plan.runs.length} runs over ${axes}; seeds ${plan.seeds.join(', ')}`, `${plan.references.length} reference set(s) (teacher + oracles), each trained once:`];
  for (const r of plan.references) lines.push(`  ${r.key} seed ${r.seed}: used by ${plan.runs.filter((x) => x.referenceKey === r.key && x.seed === r.seed).length} run(s)`);
  lines.push('runs:', ...plan.runs.map((r) => `  ${r.id}`));
  return `${lines.join('\n')}\n`;
}

/** `qunlearn sweep` and `qunlearn sweep-report`. */
export function registerSweepCommands(program: Command): void {
  const command = program
    .command('sweep')
    .description('run a grid of configurations (circuit depth, entanglement, noise, models, datasets, method settings) × seeds, on this machine or on workers');
  addSweepExperimentFlags(command)
    .option('--out <dir>', 'sweep directory (default runs/sweep-<timestamp>); the same sweep into the same directory continues it')
    .option('--resume <dir>', 'continue a sweep with its saved plan, skipping finished runs')
    .option('--parallel <n>', `runs (and reference sets) at a time on this machine (default: the ${availableParallelism()} cores)`, parseInteger('--parallel', 1))
    .option('--run-workers <n>', 'worker threads inside each run (default: the cores left per parallel run, at least 1)', parseInteger('--run-workers', 1))
    .option('--redis <url>', 'hand the runs to `qunlearn worker` processes through Redis at <url> (redis://[:password@]host:port[/db])')
    .option('--queue <name>', 'queue name, shared with the workers', 'qunlearn')
    .option('--checkpoints', 'with --redis: also bring back every unlearned model checkpoint (large for image models)')
    .option('--skip-invalid', 'run the valid combinations and skip the invalid ones (default: stop before running anything)')
    .option('--dry-run', 'list the runs and the shared reference sets, then stop')
    .option('--no-report', 'skip writing report.html and report.md (qunlearn sweep-report DIR writes them later)')
    .option('--quiet', 'no progress display')
    .addHelpText('after', `
Every flag that takes one value in \`qunlearn run\` takes a comma-separated list here; each list is an axis.

Examples:
  qunlearn sweep --layers 1,2,4,6 --entangler ring,linear,all-to-all,none --seeds 0,1,2 --out runs/depth
  qunlearn sweep --model iris-shallow,iris-shallow-classical --layers 1,2,4 --methods original,ga,scrub --seeds 0,1
  qunlearn sweep --sweep sweep.yaml --redis redis://:PASSWORD@queue-host:6379     (then qunlearn worker on each machine)
  qunlearn sweep --resume runs/depth

Each combination × seed is an ordinary run under <out>/runs/. Teachers and oracles are trained once per distinct
data, model, circuit, protocol, training, split, scenarios and seed, in <out>/references/, and shared by every run
that needs them. sweep.csv gathers every run's rows with the axis values as columns.`)
    .action(runAction(async (flags: SweepFlags & ExecutionFlags, cmd: Command) => {
      // commander fills --no-* flags with defaults; only what the user typed may override a config or sweep file.
      for (const key of Object.keys(flags)) if (cmd.getOptionValueSource(key) === 'default' && key !== 'queue') delete flags[key];
      if (flags.redis !== undefined && (flags.parallel !== undefined || flags.runWorkers !== undefined)) {
        throw new QunlearnError('usage', '--parallel and --run-workers split this machine; with --redis each worker sets its own (qunlearn worker --concurrency N --run-workers N)');
      }
      if (flags.redis === undefined && flags.checkpoints === true) {
        throw new QunlearnError('usage', '--checkpoints brings checkpoints back from workers and needs --redis; local runs keep every checkpoint');
      }
      const { plan, dir, isNew } = planFor(flags);
      if (flags.dryRun === true) {
        process.stdout.write(describePlan(plan, dir));
        return;
      }
      // The executor first, so that an unreachable Redis leaves no half-made sweep directory behind.
      const executor: SweepExecutor = flags.redis !== undefined
        ? await (await import('../../experiment/sweep/distributed-executor.js')).distributedExecutor({
          url: flags.redis, queue: flags.queue, sweepId: plan.id, checkpoints: flags.checkpoints === true,
          onError: (e) => process.stderr.write(`qunlearn: warning: Redis: ${e.message}\n`),
        })
        : localExecutor(defaultSplit(Math.max(plan.runs.length, plan.references.length), availableParallelism(), flags.parallel, flags.runWorkers));
      if (isNew) writeFileAtomic(sweepFiles.plan(dir), `${JSON.stringify(plan, null, 2)}\n`);
      if (flags.redis !== undefined && flags.quiet !== true) process.stderr.write(`waiting for workers: start \`qunlearn worker --redis URL --queue ${flags.queue}\` on each machine\n`);
      const progress = sweepProgressFor(flags.quiet === true);
      let outcome;
      try {
        outcome = await runSweep(plan, dir, executor, { onEvent: progress.onEvent });
      } finally {
        progress.finish();
        await executor.close();
      }
      const failedRuns = outcome.failures.filter((f) => f.kind === 'run');
      process.stdout.write(`sweep: ${plan.runs.length} runs · ${outcome.complete.length} complete · ${failedRuns.length} failed · ${outcome.seconds.toFixed(1)} s\n`);
      process.stdout.write(`results: ${shown(sweepFiles.csv(dir))} (${outcome.rows.length} rows) · status: ${shown(sweepFiles.status(dir))}\n`);
      if (flags.report !== false && outcome.rows.length > 0) await writeReport(dir);
      if (outcome.failures.length > 0) {
        const list = outcome.failures.map((f) => `  ${f.kind} ${f.id}: ${f.message}`).join('\n');
        throw new QunlearnError('sweep', `${outcome.failures.length} task(s) failed:\n${list}\nfix the cause and continue with qunlearn sweep --resume ${dir}`);
      }
    }));

  program
    .command('sweep-report')
    .description('gather a sweep\'s results again (sweep.csv, sweep.json) and write its report (report.html, report.md)')
    .argument('<sweep-dir>', 'a sweep directory written by `qunlearn sweep`')
    .action(runAction(async (dir: string) => {
      const { writeSweepResults } = await import('../../experiment/sweep/collect.js');
      const rows = writeSweepResults(dir, readSweepPlan(dir));
      process.stdout.write(`results: ${shown(sweepFiles.csv(dir))} (${rows.length} rows)\n`);
      if (rows.length === 0) throw new QunlearnError('sweep', `${dir} has no finished run yet; nothing to report`);
      await writeReport(dir);
    }));
}
