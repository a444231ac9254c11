import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { QunlearnError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { makeSplitPlan } from '../../data/plan.js';
import { DATASET_NAMES, isDatasetName } from '../../data/dataset-names.js';
import { applyPreprocessing, loadNamedDataset, type CheckpointData } from '../../experiment/prepare.js';
import { confusionMatrix, perClassAccuracy } from '../../metrics/confusion.js';
import { checkpointBase, readCheckpoint } from '../../models/node/checkpoint.js';
import { loadModelDir } from '../../experiment/deletion/model-dir.js';
import { buildModel, describeModel, type ModelConfig } from '../../models/presets.js';
import { restoreState } from '../../models/state.js';
import { gatherLabels } from '../../train/labeled-data.js';
import { rowArgmax } from '../../core/argmax.js';
import { predictProbabilities } from '../../train/predict.js';
import { runAction } from '../errors.js';
import { checkSettingConflicts } from '../flag-conflicts.js';
import { parseInteger } from '../parse.js';
import { fmt, renderTable } from '../table.js';

interface EvalFlags {
  checkpoint: string;
  dataset?: string;
  data?: string;
  dataDir?: string;
  perClass?: number;
  split: string;
  json?: boolean;
}

const SPLITS = ['test', 'validation', 'train', 'all'] as const;

/** A run directory's checkpoint may be named by its folder (model.safetensors inside) or by its base path. */
function checkpointPath(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'model') : path;
}

/** `qunlearn eval`: accuracy, per-class accuracy and the confusion matrix of a checkpoint on a split. */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('evaluate a checkpoint: accuracy, per-class accuracy and confusion matrix on a split of its data')
    .requiredOption(
      '--checkpoint <path>',
      'a checkpoint (.safetensors, .json, their common base, or a folder with model.*)',
    )
    .option('--dataset <name>', 'dataset to evaluate on (default: the one it was trained on)')
    .option('--data <file>', 'CSV file for --dataset csv')
    .option('--data-dir <dir>', 'folder with the four IDX files')
    .option('--per-class <n>', 'images per class for image datasets', parseInteger('--per-class', 1))
    .option('--split <name>', `${SPLITS.join(' | ')}: rows of the checkpoint's own split, or every row`, 'test')
    .option('--json', 'print the result as JSON')
    .action(
      runAction((flags: EvalFlags) => {
        if (!(SPLITS as readonly string[]).includes(flags.split)) {
          throw new QunlearnError(
            'usage',
            `--split: unknown split '${flags.split}'; expected one of ${SPLITS.join(', ')}`,
          );
        }
        const { state, metadata } = readCheckpoint(checkpointPath(flags.checkpoint));
        const config = metadata.model as ModelConfig;
        const record = metadata.data as CheckpointData | undefined;
        if (record === undefined)
          throw new QunlearnError('checkpoint', `${flags.checkpoint} records no data; it cannot be evaluated`);
        const name = flags.dataset ?? record.dataset;
        if (!isDatasetName(name))
          throw new QunlearnError('config', `unknown dataset '${name}'; known datasets: ${DATASET_NAMES.join(', ')}`);
        checkSettingConflicts(
          { dataset: name, data: { path: flags.data, dataDir: flags.dataDir, perClass: flags.perClass } },
          flags,
          {},
          undefined,
          "the checkpoint's",
        );
        const options = {
          ...(name === record.dataset ? record.options : {}),
          ...(flags.data ? { path: flags.data } : {}),
          ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
          ...(flags.perClass ? { perClass: flags.perClass } : {}),
        };
        const dataset = loadNamedDataset(name, options, record.seed);
        if (flags.split !== 'all' && dataset.fingerprint !== record.fingerprint) {
          throw new QunlearnError(
            'data',
            `the checkpoint was trained on other data (fingerprint ${record.fingerprint.slice(0, 12)}…, this data ${dataset.fingerprint.slice(0, 12)}…), so its ${flags.split} split does not exist here; use --split all`,
          );
        }
        const { features, featureShape } = applyPreprocessing(
          record.preprocessing,
          dataset.features,
          dataset.featureShape,
        );
        const mechanism = (metadata.extra as { role?: string } | undefined)?.role === 'mechanism';
        const model = mechanism
          ? loadModelDir(dirname(checkpointBase(checkpointPath(flags.checkpoint)))).trained.model
          : buildModel(config, new Rng(record.seed).stream('eval'));
        if (!mechanism) restoreState(model, state, flags.checkpoint);
        const inputs = { features, featureShape, labels: dataset.labels };
        const rows =
          flags.split === 'all'
            ? Int32Array.from({ length: dataset.labels.length }, (_v, i) => i)
            : makeSplitPlan(dataset, { ...record.split, seed: record.seed })[
                flags.split as 'test' | 'validation' | 'train'
              ];
        if (rows.length === 0)
          throw new QunlearnError(
            'data',
            `the ${flags.split} split of this checkpoint is empty (the paper preset has no validation split)`,
          );
        const classes = config.classes;
        const predicted = rowArgmax(predictProbabilities(model, inputs, rows), classes);
        const labels = gatherLabels(inputs, rows);
        const confusion = confusionMatrix(predicted, labels, classes);
        const perClass = perClassAccuracy(predicted, labels, classes);
        const accuracy = predicted.reduce((s, p, i) => s + (p === labels[i] ? 1 : 0), 0) / rows.length;
        if (flags.json) {
          const matrix = Array.from({ length: classes }, (_v, r) =>
            Array.from(confusion.subarray(r * classes, (r + 1) * classes)),
          );
          process.stdout.write(
            `${JSON.stringify({ checkpoint: flags.checkpoint, split: flags.split, rows: rows.length, accuracy, perClass, confusion: matrix, classNames: dataset.classNames }, null, 2)}\n`,
          );
          return;
        }
        const names = dataset.classNames;
        const table = renderTable(
          names.map((n, r) => ({ n, r })),
          [
            { header: 'true \\ predicted', value: (x) => x.n, align: 'left' as const },
            ...names.map((_n, c) => ({
              header: String(c),
              value: (x: { r: number }) => String(confusion[x.r * classes + c]),
            })),
            { header: 'accuracy', value: (x) => fmt(perClass[x.r]) },
          ],
        );
        process.stdout.write(
          `${describeModel(config)}\n${flags.split} split of ${dataset.name}: ${rows.length} rows, accuracy ${fmt(accuracy)}\n\n${table}\n`,
        );
      }),
    );
}
