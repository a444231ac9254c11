import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import { resolveExperiment } from '../../experiment/config.js';
import { loadNamedDataset, splitPlanOf } from '../../experiment/prepare.js';
import { readRunRecord } from '../../experiment/runner.js';
import { planIds, type RecordedPlan } from '../../experiment/split-ids.js';
import { runAction } from '../errors.js';
import { addModelFlags, addStudyFlags, configFromFlags, type ExperimentFlags } from '../experiment-flags.js';
import { flagName } from '../parse.js';

interface DataIdsFlags extends ExperimentFlags {
  run?: string;
  split?: string;
  json?: boolean;
}

const SPLITS = ['train', 'validation', 'test'] as const;
type SplitName = (typeof SPLITS)[number];

/** One seed's row assignment: the split of every row and the scenarios that forget it. */
interface SeedIds {
  seed: number;
  parts: Record<SplitName, Int32Array>;
  forget: Map<string, Int32Array>;
}

/** The assignment of every seed, from the settings the flags describe (as `qunlearn run` would make it). */
function fromSettings(flags: DataIdsFlags): { seeds: SeedIds[]; labels: Int32Array | null; rows: number } {
  const experiment = resolveExperiment(configFromFlags(flags));
  let labels: Int32Array | null = null;
  let rows = 0;
  const seeds = experiment.seeds.map((seed) => {
    const dataset = loadNamedDataset(experiment.dataset, experiment.data, seed);
    const plan = splitPlanOf(experiment, dataset, seed);
    // Image datasets draw their sample with the seed; the label column is only meaningful when every seed has the same rows.
    labels = seed === experiment.seeds[0] ? dataset.labels : labels;
    rows = dataset.labels.length;
    return {
      seed,
      parts: { train: plan.train, validation: plan.validation, test: plan.test },
      forget: new Map(plan.scenarios.map((s) => [s.name, s.forget])),
    };
  });
  return { seeds, labels: experiment.kind === 'image' && experiment.seeds.length > 1 ? null : labels, rows };
}

/** The assignment a finished (or running) run recorded in its run.json. */
function fromRun(dir: string): { seeds: SeedIds[]; labels: null; rows: number } {
  const record = readRunRecord(dir);
  let rows = 0;
  const seeds = record.experiment.seeds.map((seed) => {
    const plan = (record.seeds[String(seed)] as { plan?: RecordedPlan } | undefined)?.plan;
    if (plan === undefined)
      throw new QunlearnError(
        'damaged',
        `${dir}/run.json records no split plan for seed ${seed}; \`qunlearn run --resume ${dir}\` writes it again`,
      );
    rows = plan.dataset.rows;
    const ids = planIds(dir, plan);
    return { seed, parts: { train: ids.train, validation: ids.validation, test: ids.test }, forget: ids.forget };
  });
  return { seeds, labels: null, rows };
}

/** Writes CSV lines in blocks, so a million rows never become one string. */
function writeCsv(header: string[], rows: number, line: (row: number) => string): void {
  process.stdout.write(`${header.join(',')}\n`);
  for (let start = 0; start < rows; start += 10_000) {
    const block: string[] = [];
    for (let r = start; r < Math.min(rows, start + 10_000); r++) block.push(line(r));
    process.stdout.write(`${block.join('\n')}\n`);
  }
}

/** `qunlearn data ids`: every dataset row id with its split (and the scenarios forgetting it) in each seed. */
export function registerDataCommand(program: Command): void {
  const data = program.command('data').description('look at the data of a study: which rows land in which split');
  const ids = data
    .command('ids')
    .description(
      'list every dataset row id with its split (train, validation, test) in each seed, and the scenarios that forget it',
    );
  // The flags of `qunlearn run`, so that a run's command line lists that run's rows; only the data, split, scenario
  // and seed settings change the listing.
  addStudyFlags(addModelFlags(ids))
    .option('--run <dir>', 'instead of settings: the splits a run recorded')
    .option(
      '--split <name>',
      'print only the ids of the rows in this split (train | validation | test) in every seed, one per line',
    )
    .option('--json', 'print { seed: { train, validation, test, forget: { scenario: ids } } } as JSON')
    .addHelpText(
      'after',
      `
Takes the flags of \`qunlearn run\`: a run's command line with \`data ids\` for \`run\` lists that run's rows (the
model, method and evaluation settings do not change them).
Output (CSV): row,label,split_seed_<s>,forget_seed_<s>,... where forget lists the scenarios that forget the row.
A deletion request's rows are training rows in every seed: the split keeps them there, since the request's premise
is that the model was trained on them. For image datasets each seed draws its own sample, so a row id names the
seed's row (and the label column is left out when seeds differ).

Examples:
  qunlearn data ids --seeds 0,1,2 --split train > trainable.txt
  qunlearn data ids --dataset csv --data mine.csv --forget-indices request.txt --seeds 0,1
  qunlearn data ids --run runs/iris-2026-01-01T10-00-00 --json`,
    )
    .action(
      runAction((flags: DataIdsFlags, cmd: Command) => {
        const settings = Object.keys(flags).filter(
          (k) => !['run', 'split', 'json'].includes(k) && cmd.getOptionValueSource(k) === 'cli',
        );
        if (flags.run !== undefined && settings.length > 0) {
          throw new QunlearnError(
            'usage',
            `--run lists the splits a run recorded, so its settings apply; drop ${settings.map(flagName).join(', ')}`,
          );
        }
        if (flags.split !== undefined && !(SPLITS as readonly string[]).includes(flags.split)) {
          throw new QunlearnError(
            'usage',
            `--split: unknown split '${flags.split}'; expected one of ${SPLITS.join(', ')}`,
          );
        }
        if (flags.split !== undefined && flags.json === true)
          throw new QunlearnError('usage', '--split prints plain ids and --json prints every split; give one of them');
        const { seeds, labels, rows } = flags.run !== undefined ? fromRun(flags.run) : fromSettings(flags);
        if (flags.json === true) {
          const out = Object.fromEntries(
            seeds.map((s) => [
              String(s.seed),
              {
                train: Array.from(s.parts.train),
                validation: Array.from(s.parts.validation),
                test: Array.from(s.parts.test),
                forget: Object.fromEntries([...s.forget].map(([name, ids]) => [name, Array.from(ids)])),
              },
            ]),
          );
          process.stdout.write(`${JSON.stringify(out)}\n`);
          return;
        }
        const split = seeds.map((s) => {
          const codes = new Int8Array(rows);
          SPLITS.forEach((name, i) => s.parts[name].forEach((r) => (codes[r] = i)));
          return codes;
        });
        if (flags.split !== undefined) {
          const want = SPLITS.indexOf(flags.split as SplitName);
          const ids: string[] = [];
          for (let r = 0; r < rows; r++) if (split.every((codes) => codes[r] === want)) ids.push(String(r));
          process.stdout.write(ids.length > 0 ? `${ids.join('\n')}\n` : '');
          return;
        }
        // A byte per scenario and row, rather than a list per row (a million rows).
        const forget = seeds.map((s) => {
          const marks = [...s.forget].map(([name, ids]) => {
            const mark = new Uint8Array(rows);
            ids.forEach((r) => (mark[r] = 1));
            return { name, mark };
          });
          return (r: number): string =>
            marks
              .filter((m) => m.mark[r] === 1)
              .map((m) => m.name)
              .join('+');
        });
        const header = [
          'row',
          ...(labels !== null ? ['label'] : []),
          ...seeds.flatMap((s) => [`split_seed_${s.seed}`, `forget_seed_${s.seed}`]),
        ];
        writeCsv(header, rows, (r) =>
          [
            r,
            ...(labels !== null ? [labels[r]] : []),
            ...seeds.flatMap((_s, i) => [SPLITS[split[i][r]], forget[i](r)]),
          ].join(','),
        );
      }),
    );
}
