import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { Rng } from '../../core/random.js';
import { resolveExperiment } from '../../experiment/config.js';
import { checkpointData, prepareData } from '../../experiment/prepare.js';
import { saveCheckpoint } from '../../models/checkpoint.js';
import { buildModel, describeModel } from '../../models/presets.js';
import { trainClassifier } from '../../train/classifier.js';
import { accuracyOf } from '../../train/predict.js';
import { runAction } from '../errors.js';
import { addModelFlags, configFromFlags, type ExperimentFlags } from '../experiment-flags.js';
import { parseInteger } from '../parse.js';
import { epochProgress } from '../epoch-progress.js';
import { fmt } from '../table.js';

interface TrainFlags extends ExperimentFlags {
  out: string;
  quiet?: boolean;
}

/** `qunlearn train`: train one model (the teacher of a study) and save it as a checkpoint. */
export function registerTrainCommand(program: Command): void {
  const command = program.command('train').description('train a model on a dataset and save a checkpoint (safetensors + JSON metadata)');
  addModelFlags(command)
    .requiredOption('--out <dir>', 'output directory: writes model.safetensors, model.json and training-log.json')
    .option('--seed <n>', 'seed of the split, initialisation and shuffles (default 0)', parseInteger('--seed', 0))
    .option('--quiet', 'no progress display')
    .action(runAction((flags: TrainFlags) => {
      const experiment = resolveExperiment({ ...configFromFlags(flags), methods: ['original'], scenarios: ['subset'] });
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
        validation_acc: data.plan.validation.length > 0 ? accuracyOf(model, data.inputs, data.plan.validation, data.classes) : null,
        test_acc: accuracyOf(model, data.inputs, data.plan.test, data.classes),
      };
      const base = join(flags.out, 'model');
      saveCheckpoint(base, model, {
        model: data.model,
        seed,
        data: checkpointData(experiment, data, seed),
        metrics: { ...accuracy, best_epoch: result.selectedEpoch, epochs: result.log.length, seconds: result.seconds },
        extra: { role: 'trained', preset: experiment.preset, training: experiment.training },
      });
      writeFileAtomic(join(flags.out, 'training-log.json'), `${JSON.stringify(result.log, null, 2)}\n`);
      process.stdout.write(
        `${describeModel(data.model)} on ${data.dataset.name} (${experiment.preset} preset, seed ${seed})\n` +
          `epochs ${result.log.length} (best ${result.selectedEpoch}), ${result.seconds.toFixed(2)} s\n` +
          `accuracy: train ${fmt(accuracy.train_acc)}, validation ${fmt(accuracy.validation_acc)}, test ${fmt(accuracy.test_acc)}\n` +
          `checkpoint: ${base}.safetensors (+ ${base}.json)\n`,
      );
    }));
}
