import { existsSync } from 'node:fs';
import type { DType } from '../src/core/dtype.js';
import { Adam } from '../src/core/optim/adam.js';
import { Rng } from '../src/core/random.js';
import { FASHION_MNIST_DIR } from '../src/data/node/fashion.js';
import { resolveExperiment } from '../src/experiment/config.js';
import { prepareData } from '../src/experiment/prepare.js';
import { buildModel } from '../src/models/presets.js';
import { crossEntropyPass } from '../src/train/classifier.js';
import { accuracyOf } from '../src/train/predict.js';
import { countAllocations, type Allocation } from '../tests/helpers/allocations.js';
import { time, timingRow, type BenchRow } from './harness.js';

/** One training epoch (shuffled mini-batches, Adam) plus test-set evaluation, at the reference's sizes and settings. */
function epoch(
  dataset: 'iris' | 'mnist' | 'fashion-mnist',
  model: string,
  dtype: DType,
  target: string,
  reference: string,
  runs: number,
): BenchRow {
  const experiment = resolveExperiment({ dataset, model, preset: 'paper', methods: ['original'], dtype });
  const data = prepareData(experiment, 0);
  const net = buildModel(data.model, new Rng(0).stream('bench'));
  const optimizer = new Adam(net.parameters(), { lr: experiment.training.lr });
  let e = 0;
  const t = time(
    () => {
      crossEntropyPass(net, optimizer, data.inputs, data.plan.train, experiment.training.batchSize, new Rng(0), ++e);
      accuracyOf(net, data.inputs, data.plan.test, data.classes);
    },
    { warmup: 1, minRuns: runs, minTimeMs: 0 },
  );
  const seconds = t.minMs >= 1000;
  const name = `${dataset} ${model}${dtype === 'float32' ? ' float32' : ''} (${data.plan.train.length} train + ${data.plan.test.length} test, ${data.model.circuit.qubits} qubits)`;
  return timingRow(name, t, seconds ? 's/epoch' : 'ms/epoch', seconds ? 1 / 1000 : 1, {
    target,
    note: `reference ${reference}`,
  });
}

/**
 * What a training step of the MNIST hybrid model allocates once the pass before it ran (the workspace holds its
 * buffers), in bytes of typed arrays per step; the epoch's shuffled order (one array per epoch) is counted in.
 */
function stepAllocations(dtype: DType): BenchRow {
  const experiment = resolveExperiment({
    dataset: 'mnist',
    model: 'cnn-hybrid',
    preset: 'paper',
    methods: ['original'],
    dtype,
  });
  const data = prepareData(experiment, 0);
  const net = buildModel(data.model, new Rng(0).stream('bench'));
  const optimizer = new Adam(net.parameters(), { lr: experiment.training.lr });
  const rows = data.plan.train.subarray(0, 8 * experiment.training.batchSize);
  const pass = (epoch: number) => () =>
    void crossEntropyPass(net, optimizer, data.inputs, rows, experiment.training.batchSize, new Rng(0), epoch);
  const bytes = (made: Allocation[]): number => made.reduce((s, a) => s + a.bytes, 0);
  pass(1)();
  const later = countAllocations(pass(2));
  return {
    name: `mnist cnn-hybrid${dtype === 'float32' ? ' float32' : ''} training step after the first pass, allocated`,
    value: bytes(later) / 8,
    unit: 'bytes/step',
    target: '0 per batch',
    note: `${later.length} typed array in 8 steps: the epoch's shuffled order`,
  };
}

/** Training-epoch benchmarks. Fashion-MNIST is skipped when its IDX files are not installed. */
export function benchTrain(): BenchRow[] {
  const rows = [
    epoch('iris', 'iris-shallow', 'float64', '<= 20 ms', '2.2 s (I1)', 20),
    epoch('iris', 'iris-deep', 'float64', '<= 20 ms', '18 s (I2)', 20),
    epoch('mnist', 'cnn-hybrid', 'float64', '<= 0.8 s', '173 s', 5),
    epoch('mnist', 'cnn-hybrid', 'float32', '<= 0.8 s', '173 s', 5),
  ];
  if (existsSync(FASHION_MNIST_DIR)) {
    rows.push(
      epoch('fashion-mnist', 'cnn-hybrid', 'float64', '<= 3.5 s', '910 s', 3),
      epoch('fashion-mnist', 'cnn-hybrid', 'float32', '<= 3.5 s', '910 s', 3),
    );
  } else {
    rows.push({
      name: 'fashion-mnist skipped',
      value: 0,
      unit: '',
      note: `no IDX files in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`,
    });
  }
  // Last: counting replaces the global typed-array constructors for a moment, which deoptimises code that ran before.
  rows.push(stepAllocations('float64'), stepAllocations('float32'));
  return rows;
}
