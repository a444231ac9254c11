import { describe, expect, it } from 'vitest';
import {
  Adam,
  crossEntropy,
  linear,
  QunlearnError,
  relu,
  Rng,
  stepScope,
  sum,
  Tensor,
  tensor,
  tanh,
} from '../../src/core/index.js';
import { buildModel, resolveModelConfig } from '../../src/models/presets.js';
import { captureState } from '../../src/models/state.js';
import { crossEntropyPass } from '../../src/train/classifier.js';
import { gatherFeatures, gatherLabels, toBatches, type LabeledData } from '../../src/train/labeled-data.js';
import { shuffledRows } from '../../src/train/shuffle.js';
import { predictProbabilities } from '../../src/train/predict.js';
import { crossEntropyOn } from '../../src/unlearn/losses.js';
import { optimisationStep } from '../../src/unlearn/training.js';
import { neg } from '../../src/core/ops/unary.js';
import { countAllocations } from '../helpers/allocations.js';
import { releaseWorkspace } from '../../src/core/workspace.js';

/** Random 28x28 images with labels 0-9: the shapes of the MNIST study. */
function images(rows: number, seed: number): LabeledData {
  const features = new Float64Array(rows * 784);
  new Rng(seed).fillUniform(features, -Math.PI, Math.PI);
  return {
    features,
    featureShape: [1, 28, 28],
    labels: Int32Array.from({ length: rows }, (_v, i) => i % 10),
  };
}

function mnistModel(dtype: 'float32' | 'float64') {
  return buildModel(
    resolveModelConfig({ model: 'cnn-hybrid', inputShape: [1, 28, 28], classes: 10, dtype }),
    new Rng(3),
  );
}

const weights = (): Tensor =>
  new Tensor(new Rng(1).fillUniform(new Float64Array(12), -1, 1), [4, 3], { requiresGrad: true });

describe('step scopes (the training workspace)', () => {
  it.each(['float32', 'float64'] as const)(
    'a %s MNIST hybrid-model training pass allocates no typed array per batch after its first pass',
    (dtype) => {
      const data = images(192, 0);
      const rows = Int32Array.from({ length: 192 }, (_v, i) => i);
      const model = mnistModel(dtype);
      const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
      crossEntropyPass(model, optimizer, data, rows, 64, new Rng(0), 1);
      const made = countAllocations(() => crossEntropyPass(model, optimizer, data, rows, 64, new Rng(0), 2));
      // The epoch's shuffled row order is the only array: nothing per batch.
      expect(made).toEqual([{ type: 'Int32Array', length: 192, bytes: 768 }]);
    },
  );

  it('releaseWorkspace empties the free list (between jobs): the next pass allocates its buffers again', () => {
    const data = images(64, 3);
    const rows = Int32Array.from({ length: 64 }, (_v, i) => i);
    const model = mnistModel('float32');
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const pass = (epoch: number) => () => crossEntropyPass(model, optimizer, data, rows, 64, new Rng(0), epoch);
    pass(1)();
    expect(countAllocations(pass(2))).toHaveLength(1);
    releaseWorkspace();
    expect(countAllocations(pass(3)).length).toBeGreaterThan(20);
    expect(countAllocations(pass(4))).toHaveLength(1);
  });

  it('unlearning steps (optimisationStep) and evaluation batches reuse their buffers too', () => {
    const data = images(128, 1);
    const rows = Int32Array.from({ length: 64 }, (_v, i) => i);
    const model = mnistModel('float32');
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const ascent = (): number => optimisationStep(optimizer, () => neg(crossEntropyOn(model, data, rows)));
    ascent();
    expect(countAllocations(ascent)).toEqual([]);
    const all = Int32Array.from({ length: 128 }, (_v, i) => i);
    predictProbabilities(model, data, all, 64);
    // Only the result: the two batches share one set of buffers.
    expect(countAllocations(() => predictProbabilities(model, data, all, 64))).toEqual([
      { type: 'Float64Array', length: 1280, bytes: 10240 },
    ]);
  });

  it('gives the same parameters, bit for bit, as the same steps without a scope', () => {
    const data = images(96, 2);
    const rows = Int32Array.from({ length: 96 }, (_v, i) => i);
    const scoped = mnistModel('float32');
    const plain = mnistModel('float32');
    const [first, second] = [scoped, plain].map((m) => new Adam(m.parameters(), { lr: 1e-2 }));
    for (let epoch = 1; epoch <= 2; epoch++) {
      crossEntropyPass(scoped, first, data, rows, 32, new Rng(4), epoch);
      // crossEntropyPass's steps written out without a scope: every op output is a fresh array.
      plain.train();
      for (const batch of toBatches(shuffledRows(rows, new Rng(4), epoch), 32)) {
        const loss = crossEntropy(plain.forward(gatherFeatures(data, batch)), gatherLabels(data, batch));
        second.zeroGrad();
        loss.backward();
        second.step();
      }
    }
    const b = captureState(plain).tensors;
    for (const [name, values] of captureState(scoped).tensors)
      expect(Array.from(values.data), name).toEqual(Array.from(b.get(name)!.data));
  });

  it('releases the tensors it made: using one after its step throws, returning one is refused', () => {
    const w = weights();
    const x = tensor([[0.5, -1, 2]]);
    let kept: Tensor | null = null;
    stepScope(() => {
      kept = relu(linear(x, w)).detach();
    });
    expect(() => kept!.data).toThrow(QunlearnError);
    expect(() => kept!.data).toThrow(/used after the step that made it ended/);
    expect(() => stepScope(() => tanh(linear(x, w)))).toThrow(/returned a tensor made inside it/);
    // Tensors made before the step, and copies made inside it, stay usable.
    let copy: Tensor | null = null;
    stepScope(() => {
      copy = relu(linear(x, w)).clone();
    });
    expect(copy!.toArray()).toEqual(relu(linear(x, w)).toArray());
    expect(w.data.length).toBe(12);
    expect(x.toArray()).toEqual([0.5, -1, 2]);
  });

  it('a scope opened inside another joins it; a step that throws still releases its buffers', () => {
    const w = weights();
    const x = tensor([[1, 2, 3]]);
    const outer = stepScope(() => {
      let inner: Tensor | null = null;
      stepScope(() => {
        inner = linear(x, w);
      });
      return sum(inner!).item();
    });
    expect(outer).toBeCloseTo(sum(linear(x, w)).item(), 12);
    let leaked: Tensor | null = null;
    expect(() =>
      stepScope(() => {
        leaked = linear(x, w);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(() => leaked!.data).toThrow(/used after the step/);
    // The next step starts clean and computes the same values.
    expect(stepScope(() => sum(linear(x, w)).item())).toBe(outer);
  });

  it('a parameter reuses its cleared gradient buffer, but not an array of another type set by hand', () => {
    const w = weights();
    const x = tensor([[1, 2, 3]]);
    const loss = (): void => crossEntropy(linear(x, w), [2]).backward();
    loss();
    const first = w.grad!;
    const values = Array.from(first);
    w.zeroGrad();
    expect(w.grad).toBeNull();
    loss();
    expect(w.grad).toBe(first);
    expect(Array.from(w.grad!)).toEqual(values);
    // Q-MUL's pattern: a float32 parameter handed float64 gradients between its own backward passes.
    const f32 = new Tensor(new Float32Array(12).fill(0.1), [4, 3], { requiresGrad: true });
    crossEntropy(linear(x, f32), [1]).backward();
    const own = f32.grad!;
    f32.zeroGrad();
    f32.grad = new Float64Array(12);
    const handed = f32.grad;
    f32.zeroGrad();
    crossEntropy(linear(x, f32), [1]).backward();
    expect(f32.grad).toBe(own);
    expect(f32.grad).not.toBe(handed);
  });
});
