import { countArgmaxMatches } from '../core/argmax.js';
import { QunlearnError } from '../core/errors.js';
import { crossEntropy } from '../core/ops/loss.js';
import { Adam } from '../core/optim/adam.js';
import type { Optimizer } from '../core/optim/optimizer.js';
import type { Rng } from '../core/random.js';
import { stepScope } from '../core/workspace.js';
import type { Module } from '../models/module.js';
import { runEpochLoop, type EpochLoopResult, type EpochRecord, type PassStats } from './epoch-loop.js';
import { gatherFeatures, gatherLabels, toBatches, type LabeledData } from './labeled-data.js';
import { selectionScore, type SelectionMetric } from './predict.js';
import { makeSelectionPolicy } from './selection.js';
import { shuffledRows } from './shuffle.js';

/** Settings of supervised training (the teacher and the oracles). */
export interface ClassifierTrainingOptions {
  trainRows: Int32Array;
  /** Rows that select the best epoch and drive early stopping; null trains for all epochs. */
  selectRows: Int32Array | null;
  /** What is measured on the selection rows (default: accuracy, as the reference). */
  selectMetric?: SelectionMetric;
  classes: number;
  epochs: number;
  patience: number;
  batchSize: number;
  lr: number;
  /** Source of the per-epoch shuffles (and of nothing else). */
  rng: Rng;
  onEpoch?: (record: EpochRecord) => void;
}

/**
 * One shuffled pass of mini-batch cross-entropy steps; reports the mean loss and the running train accuracy. Each
 * step runs in a step scope, so that after the first batch of each size the pass allocates no buffers.
 */
export function crossEntropyPass(
  model: Module,
  optimizer: Optimizer,
  data: LabeledData,
  rows: Int32Array,
  batchSize: number,
  rng: Rng,
  epoch: number,
): PassStats {
  model.train();
  let lossSum = 0;
  let correct = 0;
  const batches = toBatches(shuffledRows(rows, rng, epoch), batchSize);
  for (const batch of batches) {
    stepScope(() => {
      const labels = gatherLabels(data, batch);
      const logits = model.forward(gatherFeatures(data, batch));
      const loss = crossEntropy(logits, labels);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      lossSum += loss.item();
      correct += countArgmaxMatches(logits.data, logits.shape[1], labels);
    });
  }
  return { loss: lossSum / batches.length, steps: batches.length, trainAccuracy: correct / rows.length };
}

/** Trains a classifier with Adam and early stopping (the reference's `train_with_es`, on a chosen selection split). */
export function trainClassifier(model: Module, data: LabeledData, options: ClassifierTrainingOptions): EpochLoopResult {
  if (options.trainRows.length === 0) throw new QunlearnError('data', 'training set is empty');
  const params = model.parameters().filter((p) => p.requiresGrad);
  const optimizer = new Adam(params, { lr: options.lr });
  const { selectRows } = options;
  const utility =
    selectRows === null || selectRows.length === 0
      ? undefined
      : () => selectionScore(model, data, selectRows, options.classes, options.selectMetric ?? 'accuracy');
  return runEpochLoop(
    model,
    (epoch) => crossEntropyPass(model, optimizer, data, options.trainRows, options.batchSize, options.rng, epoch),
    {
      maxEpochs: options.epochs,
      patience: options.patience,
      policy: makeSelectionPolicy('utility', utility && (() => ({ utility: utility(), target: null }))),
      onEpoch: options.onEpoch,
    },
  );
}
