import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../src/core/gradcheck.js';
import { crossEntropy } from '../../src/core/ops/loss.js';
import { Rng } from '../../src/core/random.js';
import { Tensor } from '../../src/core/tensor.js';
import { layerGroups, parameterGroups } from '../../src/models/groups.js';
import { buildModel, modelNames, parseModelName, resolveModelConfig } from '../../src/models/presets.js';

const count = (m: ReturnType<typeof buildModel>): number => m.parameters().reduce((s, p) => s + p.size, 0);

describe('model presets reproduce the reference architectures', () => {
  it('iris-shallow: 4 qubits x 2 layers, Linear(4,16)-ReLU-Linear(16,3)', () => {
    const config = resolveModelConfig({ model: 'iris-shallow', inputShape: [4], classes: 3 });
    expect(config.circuit).toMatchObject({
      qubits: 4,
      layers: 2,
      entangler: 'ring',
      entanglingGate: 'cz',
      encoding: 'reference',
    });
    const m = buildModel(config, new Rng(0));
    expect(count(m)).toBe(24 + 4 * 16 + 16 + 16 * 3 + 3);
    expect(parameterGroups(m).map((g) => g.name)).toEqual(['quantum', 'head.0', 'head.1']);
    expect(m.forward(new Tensor(new Float64Array(5 * 4), [5, 4])).shape).toEqual([5, 3]);
  });

  it('iris-deep: 6 layers and the BatchNorm/ELU/Dropout head, with norm groups apart from layer groups', () => {
    const m = buildModel(resolveModelConfig({ model: 'iris-deep', inputShape: [4], classes: 3 }), new Rng(0));
    expect(count(m)).toBe(6 * 3 * 4 + (4 * 32 + 32) + 64 + (32 * 32 + 32) + 64 + (32 * 16 + 16) + (16 * 3 + 3));
    expect(layerGroups(m).map((g) => g.name)).toEqual(['quantum', 'head.0', 'head.1', 'head.2', 'head.3']);
    expect(
      parameterGroups(m)
        .filter((g) => g.kind === 'norm')
        .map((g) => g.name),
    ).toEqual(['norm.0', 'norm.1']);
    expect(m.namedBuffers().length).toBe(4);
  });

  it('cnn-hybrid: conv front-end -> Linear(1568, n) -> tanh·π -> circuit -> head, 8 or 10 qubits', () => {
    const m = buildModel(resolveModelConfig({ model: 'cnn-hybrid', inputShape: [1, 28, 28], classes: 10 }), new Rng(0));
    expect(count(m)).toBe(160 + 4640 + (1568 * 8 + 8) + 48 + (8 * 32 + 32) + (32 * 10 + 10));
    expect(layerGroups(m).map((g) => g.name)).toEqual(['frontend', 'angles', 'quantum', 'head.0', 'head.1']);
    const fashion = resolveModelConfig({
      model: 'cnn-hybrid',
      inputShape: [1, 28, 28],
      classes: 10,
      circuit: { qubits: 10 },
    });
    expect(
      buildModel(fashion, new Rng(0)).forward(new Tensor(new Float64Array(2 * 784), [2, 1, 28, 28])).shape,
    ).toEqual([2, 10]);
  });

  it('classical twins replace the circuit by Linear(n, n) + tanh of the same width', () => {
    const m = buildModel(
      resolveModelConfig({ model: 'iris-shallow-classical', inputShape: [4], classes: 3 }),
      new Rng(0),
    );
    expect(parameterGroups(m).map((g) => g.name)).toEqual(['twin', 'head.0', 'head.1']);
    expect(count(m)).toBe(4 * 4 + 4 + 4 * 16 + 16 + 16 * 3 + 3);
    expect(modelNames()).toContain('cnn-hybrid-classical');
    expect(parseModelName('pca-hybrid-classical')).toEqual({ preset: 'pca-hybrid', classical: true });
  });

  it('circuit overrides apply, and impossible combinations are clear errors', () => {
    const c = resolveModelConfig({
      model: 'pca-hybrid',
      inputShape: [6],
      classes: 4,
      circuit: { layers: 5, entangler: 'all-to-all', noise: 0.02 },
    });
    expect(c.circuit).toMatchObject({ qubits: 6, layers: 5, entangler: 'all-to-all', noise: 0.02 });
    expect(() =>
      resolveModelConfig({ model: 'iris-shallow', inputShape: [4], classes: 3, circuit: { qubits: 6 } }),
    ).toThrow(/qubits must be 4, got 6/);
    expect(() => resolveModelConfig({ model: 'cnn-hybrid', inputShape: [4], classes: 3 })).toThrow(
      /needs image inputs/,
    );
    expect(() => resolveModelConfig({ model: 'iris-deep', inputShape: [1, 28, 28], classes: 10 })).toThrow(
      /needs flat features/,
    );
    expect(() => resolveModelConfig({ model: 'resnet', inputShape: [4], classes: 3 })).toThrow(
      /unknown model 'resnet'; known models: iris-shallow, iris-shallow-classical/,
    );
  });

  it('gradients through a whole hybrid model match finite differences (weights of every group and the inputs)', () => {
    const m = buildModel(
      resolveModelConfig({
        model: 'iris-shallow',
        inputShape: [4],
        classes: 3,
        circuit: { layers: 3, entangler: 'all-to-all' },
      }),
      new Rng(3),
    );
    const x = new Tensor(new Rng(4).fillUniform(new Float64Array(5 * 4), -Math.PI, Math.PI), [5, 4], {
      requiresGrad: true,
    });
    const labels = [0, 2, 1, 1, 0];
    const report = gradcheck(() => crossEntropy(m.forward(x), labels), [x, ...m.parameters()]);
    expect(report.maxAbsError).toBeLessThan(1e-6);
    expect(report.ok).toBe(true);
  });

  it('initialisation is reproducible per seed and differs across seeds', () => {
    const config = resolveModelConfig({ model: 'iris-deep', inputShape: [4], classes: 3 });
    const a = buildModel(config, new Rng(1))
      .parameters()
      .map((p) => Array.from(p.data));
    const b = buildModel(config, new Rng(1))
      .parameters()
      .map((p) => Array.from(p.data));
    const c = buildModel(config, new Rng(2))
      .parameters()
      .map((p) => Array.from(p.data));
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
    for (const v of a[0]) expect(v >= 0 && v < 2 * Math.PI).toBe(true);
  });
});
