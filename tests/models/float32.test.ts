import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropy, noGrad, Rng, Tensor } from '../../src/core/index.js';
import { configFromFlags } from '../../src/cli/experiment-flags.js';
import { resolveExperiment } from '../../src/experiment/config.js';
import { readCheckpoint, saveCheckpoint } from '../../src/models/node/checkpoint.js';
import { Conv2d } from '../../src/models/layers/conv2d.js';
import { Flatten, MaxPool2d, ReLU } from '../../src/models/layers/parameter-free.js';
import { Sequential } from '../../src/models/layers/sequential.js';
import { buildModel, describeModel, resolveModelConfig } from '../../src/models/presets.js';
import { restoreState } from '../../src/models/state.js';
import { tempDir } from '../helpers/cli.js';

const images = (rng: Rng, batch: number): Tensor =>
  new Tensor(rng.fillUniform(new Float64Array(batch * 784)), [batch, 1, 28, 28]);

describe('float32 image models', () => {
  it('--dtype reaches the model config: parameters and activations in float32, the circuit in float64, recorded in checkpoints', () => {
    expect(resolveExperiment({ dataset: 'mnist', dtype: 'float32' }).dtype).toBe('float32');
    expect(configFromFlags({ dtype: 'float32' }).dtype).toBe('float32');
    expect(() => configFromFlags({ dtype: 'float16' })).toThrow(/'dtype': Invalid option/);
    const config = resolveModelConfig({ model: 'cnn-hybrid', inputShape: [1, 28, 28], classes: 10, dtype: 'float32' });
    expect(config.dtype).toBe('float32');
    expect(describeModel(config)).toMatch(/, float32$/);
    expect(resolveModelConfig({ model: 'cnn-hybrid', inputShape: [1, 28, 28], classes: 10 }).dtype).toBeUndefined();
    const model = buildModel(config, new Rng(0));
    for (const [name, p] of model.namedParameters())
      expect(p.dtype, name).toBe(name.startsWith('quantum') ? 'float64' : 'float32');
    const y = model.forward(images(new Rng(1), 4));
    expect(y.dtype).toBe('float32');
    const base = join(tempDir(), 'f32');
    saveCheckpoint(base, model, { model: config });
    const { state, metadata } = readCheckpoint(base);
    expect((metadata.model as { dtype: string }).dtype).toBe('float32');
    const copy = buildModel(metadata.model as typeof config, new Rng(5));
    restoreState(copy, state);
    model.eval();
    copy.eval();
    const x = images(new Rng(2), 3);
    expect(Array.from(copy.forward(x).data)).toEqual(Array.from(model.forward(x).data));
  });

  it('the same initialisation in float32 and float64 gives close outputs and gradients', () => {
    const [f32, f64] = (['float32', 'float64'] as const).map((dtype) =>
      buildModel(resolveModelConfig({ model: 'cnn-hybrid', inputShape: [1, 28, 28], classes: 10, dtype }), new Rng(3)),
    );
    const x = images(new Rng(4), 8);
    const labels = Int32Array.from({ length: 8 }, (_v, i) => i);
    for (const m of [f32, f64]) crossEntropy(m.forward(x), labels).backward();
    const [a, b] = [f32.forward(x), f64.forward(x)];
    a.data.forEach((v, i) => expect(Math.abs(v - b.data[i])).toBeLessThan(1e-4));
    const grads = (m: typeof f32): number[] => m.parameters().flatMap((p) => Array.from(p.grad!));
    const [ga, gb] = [grads(f32), grads(f64)];
    const scale = Math.max(...gb.map(Math.abs));
    ga.forEach((v, i) => expect(Math.abs(v - gb[i])).toBeLessThan(1e-3 * scale));
  });

  it("Sequential runs Conv2d → ReLU → MaxPool2d as the fused op, with the unfused modules' values", () => {
    const rng = new Rng(6);
    const layers = [new Conv2d(1, 4, 3, { padding: 1 }, rng.stream('a')), new ReLU(), new MaxPool2d(2), new Flatten()];
    const fused = new Sequential(layers);
    const x = images(new Rng(7), 2);
    const y = noGrad(() => fused.forward(x));
    const unfused = noGrad(() => layers.reduce((h, m) => m.forward(h), x));
    expect(Array.from(y.data)).toEqual(Array.from(unfused.data));
    expect(fused.forward(x).parents[0].op).toBe('conv2dReluPool');
    // A strided convolution does not fuse.
    const strided = new Sequential([
      new Conv2d(1, 4, 3, { stride: 2, padding: 1 }, rng.stream('b')),
      new ReLU(),
      new MaxPool2d(2),
    ]);
    expect(strided.forward(x).op).toBe('maxPool2d');
  });
});
