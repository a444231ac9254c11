import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { BlockModel } from '../../src/models/block-model.js';
import { Linear } from '../../src/models/layers/linear.js';
import { ReLU } from '../../src/models/layers/parameter-free.js';
import { captureState } from '../../src/models/state.js';
import { accuracyAtLeast, accuracyOf, predictProbabilities } from '../../src/train/predict.js';
import { runEpochLoop } from '../../src/train/epoch-loop.js';
import { trainClassifier } from '../../src/train/classifier.js';
import { makeSelectionPolicy } from '../../src/train/selection.js';

/** Three well-separated Gaussian blobs in 2-D. */
function blobs(n: number, seed: number): { features: Float64Array; featureShape: number[]; labels: Int32Array } {
  const rng = new Rng(seed, 'blobs');
  const centres = [
    [-2, 0],
    [2, 0],
    [0, 2.5],
  ];
  const features = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    features[2 * i] = centres[c][0] + 0.5 * rng.normal();
    features[2 * i + 1] = centres[c][1] + 0.5 * rng.normal();
  }
  return { features, featureShape: [2], labels };
}

function mlp(seed: number): BlockModel {
  const rng = new Rng(seed);
  return new BlockModel([
    { name: 'head.0', kind: 'layer', module: new Linear(2, 16, rng.stream('a')) },
    { name: 'act', kind: 'op', module: new ReLU() },
    { name: 'head.1', kind: 'layer', module: new Linear(16, 3, rng.stream('b')) },
  ]);
}

const rows = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_v, i) => from + i);

describe('trainClassifier', () => {
  const data = blobs(300, 0);
  const options = {
    trainRows: rows(0, 200),
    selectRows: rows(200, 250),
    classes: 3,
    epochs: 40,
    patience: 5,
    batchSize: 32,
    lr: 1e-2,
  };

  it('learns separable blobs and restores the best epoch', () => {
    const model = mlp(0);
    const before = accuracyOf(model, data, rows(250, 300), 3);
    const result = trainClassifier(model, data, { ...options, rng: new Rng(0, 'shuffle') });
    expect(accuracyOf(model, data, rows(250, 300), 3)).toBeGreaterThan(0.95);
    expect(before).toBeLessThan(0.9);
    expect(result.selectedEpoch).toBeGreaterThanOrEqual(1);
    expect(result.policy).toBe('utility');
    expect(result.log[result.selectedEpoch - 1].selectScore).toBe(result.selected!.utility);
    expect(accuracyOf(model, data, options.selectRows, 3)).toBe(result.selected!.utility);
    for (const r of result.log) expect(Number.isFinite(r.loss)).toBe(true);
  });

  it('is reproducible from the seeds', () => {
    const a = mlp(3);
    const b = mlp(3);
    trainClassifier(a, data, { ...options, epochs: 5, rng: new Rng(1, 'shuffle') });
    trainClassifier(b, data, { ...options, epochs: 5, rng: new Rng(1, 'shuffle') });
    expect(Array.from(predictProbabilities(a, data, rows(0, 10)))).toEqual(
      Array.from(predictProbabilities(b, data, rows(0, 10))),
    );
  });
});

describe('runEpochLoop', () => {
  it('keeps strict improvements only, stops after `patience` flat epochs and restores the best state', () => {
    const model = mlp(0);
    const scores = [0.5, 0.7, 0.7, 0.6, 0.7, 0.9];
    const snapshots: number[] = [];
    const result = runEpochLoop(
      model,
      (epoch) => {
        model.parameters()[0].data[0] = epoch;
        snapshots.push(epoch);
        return { loss: 1 / epoch, steps: 1 };
      },
      {
        maxEpochs: 6,
        patience: 3,
        policy: makeSelectionPolicy('utility', () => ({ utility: scores[snapshots.length - 1], target: null })),
      },
    );
    expect(result.selectedEpoch).toBe(2);
    expect(result.log.length).toBe(5);
    expect(result.stoppedEarly).toBe(true);
    expect(model.parameters()[0].data[0]).toBe(2);
    expect(result.log.map((r) => r.improved)).toEqual([true, true, false, false, false]);
  });

  it('without a selection score runs every epoch and keeps the last state', () => {
    const model = mlp(0);
    const result = runEpochLoop(
      model,
      (epoch) => {
        model.parameters()[0].data[0] = epoch;
        return { loss: 0, steps: 1 };
      },
      { maxEpochs: 4, patience: 1 },
    );
    expect(result.log.length).toBe(4);
    expect(model.parameters()[0].data[0]).toBe(4);
    expect(captureState(model).tensors.size).toBe(4);
  });
});

describe('accuracyAtLeast', () => {
  it('answers exactly accuracyOf(...) >= target for every target, whatever the chunk', () => {
    const data = blobs(300, 1);
    const model = mlp(3);
    trainClassifier(model, data, {
      trainRows: rows(0, 100),
      selectRows: rows(100, 120),
      classes: 3,
      epochs: 3,
      patience: 3,
      batchSize: 32,
      lr: 1e-2,
      rng: new Rng(1, 'shuffle'),
    });
    const set = rows(120, 300);
    const accuracy = accuracyOf(model, data, set, 3);
    expect(accuracy).toBeGreaterThan(0.2);
    expect(accuracy).toBeLessThan(1);
    const targets = [
      0,
      accuracy - 1e-9,
      accuracy,
      accuracy + 1e-9,
      1,
      ...Array.from({ length: 21 }, (_v, i) => i / 20),
    ];
    for (const chunk of [1, 7, 64, 256])
      for (const target of targets)
        expect(accuracyAtLeast(model, data, set, 3, target, chunk), `chunk ${chunk}, target ${target}`).toBe(
          accuracy >= target,
        );
  });

  it('rejects an empty set of rows', () => {
    expect(() => accuracyAtLeast(mlp(0), blobs(3, 0), new Int32Array(0), 3, 0.5)).toThrow(/empty set of rows/);
  });
});
