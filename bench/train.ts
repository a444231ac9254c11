import { existsSync } from 'node:fs';
import { Adam } from '../src/core/optim/adam.js';
import { Rng } from '../src/core/random.js';
import { FASHION_MNIST_DIR } from '../src/data/fashion.js';
import { resolveExperiment } from '../src/experiment/config.js';
import { prepareData } from '../src/experiment/prepare.js';
import { buildModel } from '../src/models/presets.js';
import { crossEntropyPass } from '../src/train/classifier.js';
import { accuracyOf } from '../src/train/predict.js';
import { time, type BenchRow } from './harness.js';

/** One training epoch (shuffled mini-batches, Adam) plus test-set evaluation, at the reference's sizes and settings. */
function epoch(dataset: 'iris' | 'mnist' | 'fashion-mnist', model: string, target: string, reference: string, runs: number): BenchRow {
  const experiment = resolveExperiment({ dataset, model, preset: 'paper', methods: ['original'] });
  const data = prepareData(experiment, 0);
  const net = buildModel(data.model, new Rng(0).stream('bench'));
  const optimizer = new Adam(net.parameters(), { lr: experiment.training.lr });
  let e = 0;
  const t = time(() => {
    crossEntropyPass(net, optimizer, data.inputs, data.plan.train, experiment.training.batchSize, new Rng(0), ++e);
    accuracyOf(net, data.inputs, data.plan.test, data.classes);
  }, { warmup: 1, minRuns: runs, minTimeMs: 0 });
  const ms = t.medianMs;
  return {
    name: `${dataset} ${model} (${data.plan.train.length} train + ${data.plan.test.length} test)`,
    value: ms >= 1000 ? ms / 1000 : ms,
    unit: ms >= 1000 ? 's/epoch' : 'ms/epoch',
    target,
    note: `reference ${reference}; ${t.runs} runs`,
  };
}

/** Training-epoch benchmarks (issue 4). Fashion-MNIST is skipped when its IDX files are not installed. */
export function benchTrain(): BenchRow[] {
  const rows = [
    epoch('iris', 'iris-shallow', '<= 20 ms', '2.2 s (I1)', 20),
    epoch('iris', 'iris-deep', '<= 20 ms', '18 s (I2)', 20),
    epoch('mnist', 'cnn-hybrid', '<= 3 s', '173 s', 3),
  ];
  if (existsSync(FASHION_MNIST_DIR)) rows.push(epoch('fashion-mnist', 'cnn-hybrid', '<= 12 s', '910 s', 2));
  else rows.push({ name: 'fashion-mnist skipped', value: 0, unit: '', note: `no IDX files in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)` });
  return rows;
}
