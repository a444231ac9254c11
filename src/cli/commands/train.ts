import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { Rng } from '../../core/random.js';
import { QunlearnError } from '../../core/errors.js';
import { resolveExperiment } from '../../experiment/config.js';
import { mechanismMethodNames, trainMechanismModel } from '../../experiment/deletion/index.js';
import { checkpointData, prepareData } from '../../experiment/prepare.js';
import { saveCheckpoint } from '../../models/node/checkpoint.js';
import { buildModel, describeModel } from '../../models/presets.js';
import { trainClassifier } from '../../train/classifier.js';
import { accuracyOf } from '../../train/predict.js';
import { runAction } from '../errors.js';
import { addModelFlags, configFromFlags, type ExperimentFlags } from '../experiment-flags.js';
import { guaranteeLabel } from '../../unlearn/guarantee.js';
import { collectMethodSetting, parseInteger, parseNumber } from '../parse.js';
import { epochProgress } from '../epoch-progress.js';
import { fmt } from '../table.js';

interface TrainFlags extends ExperimentFlags {
  out: string;
  quiet?: boolean;
  method?: string;
  publicFraction?: number;
}

/**
 * `train --method`: a guaranteed method's mechanism and its model directory (model, mechanism state, ledger), ready
 * for `qunlearn forget`. `--public-fraction` and `--set <method>.key=value` set the method's settings.
 */
function trainMechanism(flags: TrainFlags & { method: string }): void {
  const config = configFromFlags({ ...flags, set: undefined });
  const settings = {
    ...flags.set?.[flags.method],
    ...(flags.publicFraction === undefined ? {} : { publicFraction: flags.publicFraction }),
  };
  for (const name of Object.keys(flags.set ?? {})) {
    if (name !== flags.method)
      throw new QunlearnError('usage', `--set ${name}.…: settings for '${name}', but --method is '${flags.method}'`);
  }
  const experiment = resolveExperiment({
    ...config,
    methods: [flags.method],
    methodSettings: { [flags.method]: settings },
    scenarios: ['subset'],
  });
  const s = trainMechanismModel(experiment, flags.out);
  const assumptions = s.guarantee.assumptions.map((a) => `  - ${a}`).join('\n');
  process.stdout.write(
    `${s.method} on ${experiment.dataset}: ${s.rows} training rows${s.publicRows > 0 ? ` (${s.publicRows} of them public: never deletable)` : ''}, ${s.seconds.toFixed(2)} s\n` +
      `test accuracy ${fmt(s.testAccuracy)}\n` +
      `guarantee: ${guaranteeLabel(s.guarantee)}${assumptions ? `\n${assumptions}` : ''}\n` +
      `model: ${join(flags.out, 'model.safetensors')} (+ model.json, mechanism.safetensors, mechanism.json)\n` +
      `ledger: ${join(flags.out, 'ledger.jsonl')} (record 0, ${s.ledger.hash.slice(0, 16)}…)\n` +
      `delete rows with: qunlearn forget --model ${flags.out} --rows ids.txt\n`,
  );
}

/** `qunlearn train`: train one model (the teacher of a study) and save it as a checkpoint. */
export function registerTrainCommand(program: Command): void {
  const command = program
    .command('train')
    .description('train a model on a dataset and save a checkpoint (safetensors + JSON metadata)');
  addModelFlags(command)
    .requiredOption('--out <dir>', 'output directory: writes model.safetensors, model.json and training-log.json')
    .option('--seed <n>', 'seed of the split, initialisation and shuffles (default 0)', parseInteger('--seed', 0))
    .option('--quiet', 'no progress display')
    .option(
      '--method <name>',
      `train a guaranteed method's mechanism instead (${mechanismMethodNames().join(' | ')}) and write a model directory with its state and a ledger, for qunlearn forget`,
    )
    .option(
      '--set <method.key=value>',
      'a setting of the --method, e.g. sisa.shards=5 (repeatable)',
      collectMethodSetting,
    )
    .option(
      '--public-fraction <f>',
      'certified-newton, langevin: the fraction of training rows declared public (never deletable) to train the feature map on; default 0 (frozen at its seeded initialisation)',
      parseNumber('--public-fraction'),
    )
    .action(
      runAction((flags: TrainFlags) => {
        if (flags.method !== undefined) {
          trainMechanism({ ...flags, method: flags.method });
          return;
        }
        if (flags.set !== undefined || flags.publicFraction !== undefined) {
          throw new QunlearnError(
            'usage',
            '--set and --public-fraction configure a guaranteed method: add --method sisa|certified-newton|langevin',
          );
        }
        const experiment = resolveExperiment({
          ...configFromFlags(flags),
          methods: ['original'],
          scenarios: ['subset'],
        });
        const seed = experiment.seeds[0];
        const data = prepareData(experiment, seed);
        const { training, protocol } = experiment;
        const model = buildModel(data.model, new Rng(seed).stream('teacher'));
        const selectRows = protocol.selection === 'validation' ? data.plan.validation : data.plan.test;
        const progress = epochProgress(flags.quiet === true, training.epochs, 'training');
        let result;
        try {
          result = trainClassifier(model, data.inputs, {
            trainRows: data.plan.train,
            selectRows,
            selectMetric: protocol.selectMetric,
            classes: data.classes,
            epochs: training.epochs,
            patience: training.patience,
            batchSize: training.batchSize,
            lr: training.lr,
            rng: new Rng(seed).stream('teacher/shuffle'),
            onEpoch: progress.onEpoch,
          });
        } finally {
          progress.finish();
        }
        const accuracy = {
          train_acc: accuracyOf(model, data.inputs, data.plan.train, data.classes),
          validation_acc:
            data.plan.validation.length > 0 ? accuracyOf(model, data.inputs, data.plan.validation, data.classes) : null,
          test_acc: accuracyOf(model, data.inputs, data.plan.test, data.classes),
        };
        const base = join(flags.out, 'model');
        saveCheckpoint(base, model, {
          model: data.model,
          seed,
          data: checkpointData(experiment, data, seed),
          metrics: {
            ...accuracy,
            best_epoch: result.selectedEpoch,
            epochs: result.log.length,
            seconds: result.seconds,
          },
          extra: { role: 'trained', preset: experiment.preset, training: experiment.training },
        });
        writeFileAtomic(join(flags.out, 'training-log.json'), `${JSON.stringify(result.log, null, 2)}\n`);
        process.stdout.write(
          `${describeModel(data.model)} on ${data.dataset.name} (${experiment.preset} preset, seed ${seed})\n` +
            `epochs ${result.log.length} (best ${result.selectedEpoch}), ${result.seconds.toFixed(2)} s\n` +
            `accuracy: train ${fmt(accuracy.train_acc)}, validation ${fmt(accuracy.validation_acc)}, test ${fmt(accuracy.test_acc)}\n` +
            `checkpoint: ${base}.safetensors (+ ${base}.json)\n`,
        );
      }),
    );
}
