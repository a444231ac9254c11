import { Rng } from '../../src/core/random.js';
import { BlockModel } from '../../src/models/block-model.js';
import { BatchNorm1d } from '../../src/models/layers/batchnorm1d.js';
import { Linear } from '../../src/models/layers/linear.js';
import { Dropout, ReLU } from '../../src/models/layers/parameter-free.js';
import type { LabeledData } from '../../src/train/labeled-data.js';

/** Three Gaussian blobs in 2-D (class c around centre c), `perClass` samples each, deterministic. */
export function blobs(perClass: number, seed = 0, spread = 0.6): LabeledData {
  const rng = new Rng(seed, 'blobs');
  const centres = [
    [-2, 0],
    [2, 0],
    [0, 2.5],
  ];
  const n = perClass * 3;
  const features = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    features[2 * i] = centres[c][0] + spread * rng.normal();
    features[2 * i + 1] = centres[c][1] + spread * rng.normal();
  }
  return { features, featureShape: [2], labels };
}

/**
 * A small MLP, optionally with a batch-norm block and a dropout block so that methods meet every kind of block.
 * (Batch norm in train mode normalises a single-class forget batch by its own statistics, which makes ascent and
 * relabelling methods damage every class: a real effect on the reference's deep Iris model, so tests of retain
 * accuracy use the plain variant.)
 */
export function smallModel(rng: Rng, options: { norm?: boolean; dropout?: boolean } = {}): BlockModel {
  return new BlockModel([
    { name: 'head.0', kind: 'layer', module: new Linear(2, 16, rng.stream('head.0')) },
    ...(options.norm ? [{ name: 'norm.0', kind: 'norm' as const, module: new BatchNorm1d(16) }] : []),
    { name: 'relu', kind: 'op', module: new ReLU() },
    { name: 'head.1', kind: 'layer', module: new Linear(16, 16, rng.stream('head.1')) },
    { name: 'relu.1', kind: 'op', module: new ReLU() },
    ...(options.dropout
      ? [{ name: 'dropout', kind: 'op' as const, module: new Dropout(0.1, rng.stream('dropout')) }]
      : []),
    { name: 'head.2', kind: 'layer', module: new Linear(16, 3, rng.stream('head.2')) },
  ]);
}

/** Row ids `from` .. `to - 1`. */
export function range(from: number, to: number): Int32Array {
  return Int32Array.from({ length: to - from }, (_v, i) => from + i);
}
