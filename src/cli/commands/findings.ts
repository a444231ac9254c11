import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import type { DatasetName } from '../../data/dataset-names.js';
import { readFindingsSettings, runFindings } from '../../experiment/findings/run.js';
import { checkFindingsSettings, findingsSweeps, type FindingsSettings } from '../../experiment/findings/plan.js';
import type { SweepPlan } from '../../experiment/sweep/plan.js';
import type { SweepExecutor } from '../../experiment/sweep/task.js';
import { runAction } from '../errors.js';
import { abortOnInterrupt } from '../interrupt.js';
import { checkDistinct, flagName, parseInteger, parseIntegerList, parseList } from '../parse.js';
import { sweepProgressFor } from '../sweep-progress.js';
import { timestamp } from './run.js';
import { shown } from '../shown-path.js';
import { sweepExecutor } from '../sweep-executor.js';
import { sweepSplit } from '../workers.js';

interface FindingsFlags {
  datasets?: string[];
  seeds?: number[];
  models?: number;
  perClass?: number;
  depths?: number[];
  entanglers?: string[];
  out?: string;
  resume?: string;
  parallel?: number;
  runWorkers?: number;
  forceWorkers?: boolean;
  redis?: string;
  queue: string;
  dryRun?: boolean;
  report?: boolean;
  quiet?: boolean;
}

/** The plan's settings: the saved ones when resuming (no plan flag may be given then), else the flags'. */
function settingsFor(flags: FindingsFlags): { settings: FindingsSettings; dir: string; resume: boolean } {
  if (flags.resume !== undefined) {
    const extra = (['datasets', 'seeds', 'models', 'perClass', 'depths', 'entanglers', 'out'] as const).filter(
      (k) => flags[k] !== undefined,
    );
    if (extra.length > 0)
      throw new QunlearnError(
        'usage',
        `--resume continues a findings plan with its saved settings; drop ${extra.map(flagName).join(', ')}`,
      );
    return { settings: readFindingsSettings(flags.resume), dir: flags.resume, resume: true };
  }
  const settings: FindingsSettings = {
    datasets: checkDistinct('--datasets', flags.datasets ?? ['iris']) as DatasetName[],
    seeds: flags.seeds ?? [0, 1, 2, 3, 4],
    models: flags.models ?? 16,
    ...(flags.perClass === undefined ? {} : { perClass: flags.perClass }),
    ...(flags.depths === undefined ? {} : { depths: checkDistinct('--depths', flags.depths) }),
    ...(flags.entanglers === undefined ? {} : { entanglers: checkDistinct('--entanglers', flags.entanglers) }),
  };
  if (settings.perClass !== undefined && settings.datasets.every((d) => d === 'iris')) {
    throw new QunlearnError(
      'usage',
      '--per-class sets the images per class of mnist and fashion-mnist; Iris has no such setting (add --datasets mnist, or drop it)',
    );
  }
  checkFindingsSettings(settings);
  return { settings, dir: flags.out ?? join('runs', `findings-${timestamp()}`), resume: false };
}

/** `qunlearn findings`: the study's claims, each measured over seeds and given a verdict. */
export function registerFindingsCommand(program: Command): void {
  program
    .command('findings')
    .description(
      "check the study's claims (depth, entanglement, task complexity, trade-offs, best methods, quantum vs classical twin): a built-in plan of sweeps with audits, and a verdict per claim",
    )
    .option(
      '--datasets <list>',
      'datasets to cover: iris, mnist, fashion-mnist (default iris)',
      parseList('--datasets'),
    )
    .option('--seeds <list>', 'seeds, paired across settings (default 0,1,2,3,4)', parseIntegerList('--seeds'))
    .option('--models <n>', 'models per audit population, at least 6 (default 16)', parseInteger('--models', 1))
    .option(
      '--per-class <n>',
      "images per class for mnist and fashion-mnist (default: the study's)",
      parseInteger('--per-class', 1),
    )
    .option('--depths <list>', 'circuit depths (default 1,2,4,6)', parseIntegerList('--depths', 1))
    .option(
      '--entanglers <list>',
      'entanglers, ring among them (default ring,linear,all-to-all,none)',
      parseList('--entanglers'),
    )
    .option('--out <dir>', 'findings directory (default runs/findings-<timestamp>)')
    .option('--resume <dir>', 'continue a findings plan with its saved settings, skipping finished runs')
    .option(
      '--parallel <n>',
      `runs at a time on this machine (default: the ${availableParallelism()} cores)`,
      parseInteger('--parallel', 1),
    )
    .option(
      '--run-workers <n>',
      'worker threads inside each run (default: the cores left per parallel run)',
      parseInteger('--run-workers', 1),
    )
    .option('--force-workers', 'allow --parallel × --run-workers above the number of cores')
    .option('--redis <url>', 'hand the runs to `qunlearn worker` processes through Redis at <url>')
    .option('--queue <name>', 'queue name, shared with the workers', 'qunlearn')
    .option('--dry-run', "list the plan's sweeps with their axes and seeds, then stop")
    .option('--no-report', 'skip writing report.html and report.md')
    .option('--quiet', 'no progress display')
    .addHelpText(
      'after',
      `
The plan, per dataset: the quantum model over circuit depth 1, 2, 4, 6 × entangler ring, linear, all-to-all, none,
and its classical twin; methods original, retrain, eu-k, lca, certified, ga, scrub; a random 20 % subset and class 0
forgotten; every run audited with --models populations. Each sweep is an ordinary resumable sweep under
<out>/sweeps/. Comparisons pair by seed (every setting of a seed forgets the same rows, which is checked); each
verdict comes from 95 % intervals, Bonferroni-adjusted within its claim. findings.json holds every number behind
every verdict; report.html and report.md show them.

Examples:
  qunlearn findings --out runs/findings                        (Iris, 5 seeds, N = 16 audits)
  qunlearn findings --datasets iris,mnist --per-class 100 --out runs/findings-img
  qunlearn findings --resume runs/findings`,
    )
    .action(
      runAction(async (flags: FindingsFlags, cmd: Command) => {
        for (const key of Object.keys(flags) as (keyof FindingsFlags)[])
          if (cmd.getOptionValueSource(key) === 'default' && key !== 'queue') delete flags[key];
        if (flags.redis !== undefined && (flags.parallel !== undefined || flags.runWorkers !== undefined)) {
          throw new QunlearnError(
            'usage',
            '--parallel and --run-workers split this machine; with --redis each worker sets its own (qunlearn worker --concurrency N --run-workers N)',
          );
        }
        const { settings, dir, resume } = settingsFor(flags);
        const sweeps = findingsSweeps(settings);
        if (flags.dryRun === true) {
          const lines = sweeps.map(
            (s) =>
              `  ${s.id}: ${s.spec.axes.length === 0 ? 'no axes' : s.spec.axes.map((a) => `${a.path} = ${a.values.join(', ')}`).join('; ')} × seeds ${settings.seeds.join(', ')}`,
          );
          process.stdout.write(
            `findings into ${dir}: ${sweeps.length} sweeps, audits of ${settings.models} models\n${lines.join('\n')}\n`,
          );
          return;
        }
        const split = sweepSplit(flags);
        const executor = (plan: SweepPlan): Promise<SweepExecutor> =>
          sweepExecutor({ ...flags, ...split, forceWorkers: true }, plan);
        const progress = sweepProgressFor(flags.quiet === true);
        const controller = new AbortController();
        const stopListening = abortOnInterrupt(controller);
        const started = Date.now();
        let record;
        try {
          record = await runFindings(settings, {
            dir,
            resume,
            executor,
            signal: controller.signal,
            onEvent: progress.onEvent,
            onSweep: (sweep, i, total) => {
              if (flags.quiet !== true) process.stderr.write(`sweep ${i + 1}/${total}: ${sweep.id}\n`);
            },
          });
        } finally {
          stopListening();
          progress.finish();
        }
        const lines = record.findings.map((f) => `  ${f.verdict.padEnd(13)} ${f.title}`);
        process.stdout.write(
          `findings: ${record.findings.length} claims, ${record.comparisons} comparisons · ${((Date.now() - started) / 1000).toFixed(1)} s\n${lines.join('\n')}\n`,
        );
        process.stdout.write(`results: ${shown(join(dir, 'findings.json'))}\n`);
        if (flags.report !== false) {
          const { writeFindingsReport } = await import('../../report/findings/write.js');
          const files = await writeFindingsReport(dir, record);
          for (const warning of files.warnings) process.stderr.write(`qunlearn: warning: chart ${warning}\n`);
          process.stdout.write(
            `report: ${shown(files.html)} · ${shown(files.markdown)} (${files.charts.length} charts)\n`,
          );
        }
      }),
    );
}
