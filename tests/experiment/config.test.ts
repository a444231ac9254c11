import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperimentConfig, parseExperimentConfig, resolveExperiment } from '../../src/experiment/config.js';
import { tempDir } from '../helpers/cli.js';

describe('experiment configuration', () => {
  it('defaults: Iris, iris-shallow, the sound preset, both scenarios, every method, seed 0', () => {
    const e = resolveExperiment({});
    expect(e).toMatchObject({
      dataset: 'iris', model: 'iris-shallow', preset: 'sound', seeds: [0], kind: 'tabular',
      scenarios: [{ kind: 'subset' }, { kind: 'class' }],
      training: { epochs: 100, patience: 15, batchSize: 32, lr: 1e-2 },
      split: { testFraction: 0.2, validationFraction: 0.1 },
      protocol: { selection: 'validation', selectMetric: 'loss', scalerFit: 'train', pairing: 'cycle' },
    });
    expect(e.methods.length).toBe(17);
    expect(e.methods.find((m) => m.name === 'ga')!.config).toEqual({ epochs: 15, patience: 15 });
  });

  it('the paper preset reproduces the reference protocol and per-dataset settings', () => {
    expect(resolveExperiment({ preset: 'paper' })).toMatchObject({
      model: 'iris-deep', split: { validationFraction: 0 }, protocol: { selection: 'test', selectMetric: 'accuracy', scalerFit: 'all', pairing: 'zip' },
    });
    const fashion = resolveExperiment({ preset: 'paper', dataset: 'fashion-mnist' });
    expect(fashion).toMatchObject({ model: 'cnn-hybrid', data: { perClass: 800 }, circuit: { qubits: 10 }, training: { epochs: 60, patience: 8, batchSize: 64, lr: 1e-3 } });
    expect(fashion.methods.find((m) => m.name === 'scrub')!.config).toMatchObject({ epochs: 60, patience: 8 });
    expect(resolveExperiment({ preset: 'paper', dataset: 'mnist' }).data.perClass).toBe(200);
  });

  it('reference method behaviour is opt-in and per-method settings override defaults', () => {
    const e = resolveExperiment({ referenceMethods: true, methods: ['cf-k', 'qmul'], methodSettings: { 'cf-k': { k: 2 } } });
    expect(e.methods).toEqual([
      { name: 'cf-k', config: { epochs: 15, patience: 15, k: 2, mode: 'ascent' } },
      { name: 'qmul', config: { epochs: 5, patience: 15, alpha: 1, direction: 'ascend', centroids: 'retain' } },
    ]);
  });

  it('rejects unknown keys and bad values, naming the key', () => {
    expect(() => parseExperimentConfig({ datset: 'iris' }, 'x.json')).toThrow("x.json: invalid configuration: unknown key 'datset'");
    expect(() => parseExperimentConfig({ circuit: { noise: 2 } })).toThrow(/'circuit.noise': Too big/);
    expect(() => parseExperimentConfig({ seeds: [] })).toThrow(/'seeds'/);
    expect(() => resolveExperiment({ methods: ['ga', 'ga'] })).toThrow(/listed twice/);
    expect(() => resolveExperiment({ seeds: [0, 1, 0] })).toThrow('seeds: a seed is listed twice (0, 1, 0); each seed runs once');
    expect(() => resolveExperiment({ methods: ['ga'], methodSettings: { ft: { epochs: 2 } } })).toThrow(/'ft' has settings but is not in the methods to run/);
    expect(() => resolveExperiment({ split: { validationFraction: 0 } })).toThrow(/sound preset selects epochs on a validation split/);
    expect(() => resolveExperiment({ teacherTrainOn: 'subset-retain', scenarios: ['class'] })).toThrow(/needs a subset scenario/);
  });

  it('reads JSON and YAML files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'dataset: iris\nseeds: [0, 1]\ncircuit:\n  layers: 3\n');
    writeFileSync(join(dir, 'b.json'), '{"preset": "paper"}');
    writeFileSync(join(dir, 'c.yml'), 'dataset: [unclosed');
    expect(loadExperimentConfig(join(dir, 'a.yaml'))).toEqual({ dataset: 'iris', seeds: [0, 1], circuit: { layers: 3 } });
    expect(loadExperimentConfig(join(dir, 'b.json'))).toEqual({ preset: 'paper' });
    expect(() => loadExperimentConfig(join(dir, 'c.yml'))).toThrow(/is not valid YAML/);
    expect(() => loadExperimentConfig(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });
});
