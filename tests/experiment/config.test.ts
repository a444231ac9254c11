import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperimentConfig, parseExperimentConfig, resolveExperiment } from '../../src/experiment/config.js';
import { referenceBehaviours } from '../../src/experiment/reference-behaviours.js';
import { tempDir } from '../helpers/cli.js';

describe('experiment configuration', () => {
  it('defaults: Iris, iris-shallow, the sound preset, both scenarios, every method, seed 0', () => {
    const e = resolveExperiment({});
    expect(e).toMatchObject({
      dataset: 'iris',
      model: 'iris-shallow',
      preset: 'sound',
      seeds: [0],
      kind: 'tabular',
      scenarios: [{ kind: 'subset' }, { kind: 'class' }],
      training: { epochs: 100, patience: 15, batchSize: 32, lr: 1e-2 },
      split: { testFraction: 0.2, validationFraction: 0.1 },
      protocol: { selection: 'validation', selectMetric: 'loss', scalerFit: 'train', pairing: 'cycle' },
    });
    expect(e.methods.length).toBe(22);
    expect(e.methods.find((m) => m.name === 'ga')!.config).toEqual({ epochs: 15, patience: 15 });
    expect(e).toMatchObject({ methodSelection: 'forget-target', referenceMethods: false, teacherTrainOn: 'train' });
    expect(referenceBehaviours(e)).toEqual([]);
  });

  it('the paper preset reproduces the reference protocol and per-dataset settings', () => {
    expect(resolveExperiment({ preset: 'paper' })).toMatchObject({
      model: 'iris-deep',
      split: { validationFraction: 0 },
      protocol: { selection: 'test', selectMetric: 'accuracy', scalerFit: 'all', pairing: 'zip' },
    });
    const fashion = resolveExperiment({ preset: 'paper', dataset: 'fashion-mnist' });
    expect(fashion).toMatchObject({
      model: 'cnn-hybrid',
      data: { perClass: 800 },
      circuit: { qubits: 10 },
      training: { epochs: 60, patience: 8, batchSize: 64, lr: 1e-3 },
    });
    expect(fashion.methods.find((m) => m.name === 'scrub')!.config).toMatchObject({ epochs: 60, patience: 8 });
    expect(resolveExperiment({ preset: 'paper', dataset: 'mnist' }).data.perClass).toBe(200);
  });

  it('the paper preset alone is the whole reference protocol, and each part can be switched off', () => {
    const paper = resolveExperiment({ preset: 'paper' });
    expect(paper).toMatchObject({
      referenceMethods: true,
      teacherTrainOn: 'subset-retain',
      methodSelection: 'utility',
    });
    expect(paper.methods.find((m) => m.name === 'cf-k')!.config).toMatchObject({ mode: 'ascent' });
    expect(paper.methods.find((m) => m.name === 'scrub-r')!.config).toMatchObject({ rewind: false, style: 'combined' });
    expect(referenceBehaviours(paper).map((b) => b.off)).toEqual([
      '--preset sound',
      '--teacher-train-on train',
      '--preset sound',
      '--preset sound',
      '--preset sound',
      '--no-reference-methods',
      '--method-selection forget-target (sound preset)',
    ]);
    const off = resolveExperiment({ preset: 'paper', referenceMethods: false, teacherTrainOn: 'train' });
    expect(off.methods.find((m) => m.name === 'cf-k')!.config).toMatchObject({ mode: 'finetune' });
    expect(
      referenceBehaviours(off).some((b) => b.off === '--no-reference-methods' || b.off === '--teacher-train-on train'),
    ).toBe(false);
    // The image scripts train their teacher on the full training set; so does a paper run without a subset scenario.
    expect(resolveExperiment({ preset: 'paper', dataset: 'mnist' }).teacherTrainOn).toBe('train');
    expect(resolveExperiment({ preset: 'paper', scenarios: ['class'] }).teacherTrainOn).toBe('train');
  });

  it('checks selection settings before anything trains', () => {
    expect(() => resolveExperiment({ preset: 'paper', methodSelection: 'forget-target' })).toThrow(
      /--method-selection forget-target: the forget target is judged on validation rows/,
    );
    expect(() =>
      resolveExperiment({ preset: 'paper', methods: ['ga'], methodSettings: { ga: { selection: 'forget-target' } } }),
    ).toThrow(/ga.selection=forget-target/);
    expect(() =>
      resolveExperiment({
        preset: 'paper',
        referenceMethods: false,
        methods: ['scrub-r'],
        methodSettings: { 'scrub-r': { rewind: true } },
      }),
    ).toThrow(/scrub-r.rewind=true: the rewind target needs validation rows/);
    expect(
      resolveExperiment({ methods: ['ga'], methodSettings: { ga: { selection: 'last' } } }).methods[0].config,
    ).toEqual({ epochs: 15, patience: 15, selection: 'last' });
    expect(() => parseExperimentConfig({ methodSelection: 'best' })).toThrow(/'methodSelection'/);
  });

  it('reference method behaviour is opt-in and per-method settings override defaults', () => {
    const e = resolveExperiment({
      referenceMethods: true,
      methods: ['cf-k', 'qmul'],
      methodSettings: { 'cf-k': { k: 2 } },
    });
    expect(e.methods).toEqual([
      { name: 'cf-k', config: { epochs: 15, patience: 15, k: 2, mode: 'ascent' } },
      { name: 'qmul', config: { epochs: 5, patience: 15, alpha: 1, direction: 'ascend', centroids: 'retain' } },
    ]);
    expect(resolveExperiment({ methods: ['fisher'] }).methods).toEqual([
      {
        name: 'fisher',
        config: {
          epochs: 15,
          patience: 15,
          lambda: 10,
          fisherSet: 'retain',
          estimate: 'per-sample',
          maxSamples: 1000,
          penalty: 'proximal',
        },
      },
    ]);
  });

  it('rejects unknown keys and bad values, naming the key', () => {
    expect(() => parseExperimentConfig({ datset: 'iris' }, 'x.json')).toThrow(
      "x.json: invalid configuration: unknown key 'datset'",
    );
    expect(() => parseExperimentConfig({ circuit: { noise: 2 } })).toThrow(/'circuit.noise': Too big/);
    expect(() => parseExperimentConfig({ seeds: [] })).toThrow(/'seeds'/);
    expect(() => resolveExperiment({ methods: ['ga', 'ga'] })).toThrow(/listed twice/);
    expect(() => resolveExperiment({ seeds: [0, 1, 0] })).toThrow(
      'seeds: a seed is listed twice (0, 1, 0); each seed runs once',
    );
    expect(() => resolveExperiment({ methods: ['ga'], methodSettings: { ft: { epochs: 2 } } })).toThrow(
      /'ft' has settings but is not in the methods to run/,
    );
    expect(() => resolveExperiment({ split: { validationFraction: 0 } })).toThrow(
      /sound preset selects epochs on a validation split/,
    );
    expect(() => resolveExperiment({ teacherTrainOn: 'subset-retain', scenarios: ['class'] })).toThrow(
      /needs a subset scenario/,
    );
  });

  it('reads JSON and YAML files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'dataset: iris\nseeds: [0, 1]\ncircuit:\n  layers: 3\n');
    writeFileSync(join(dir, 'b.json'), '{"preset": "paper"}');
    writeFileSync(join(dir, 'c.yml'), 'dataset: [unclosed');
    expect(loadExperimentConfig(join(dir, 'a.yaml'))).toEqual({
      dataset: 'iris',
      seeds: [0, 1],
      circuit: { layers: 3 },
    });
    expect(loadExperimentConfig(join(dir, 'b.json'))).toEqual({ preset: 'paper' });
    expect(() => loadExperimentConfig(join(dir, 'c.yml'))).toThrow(/is not valid YAML/);
    expect(() => loadExperimentConfig(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });
});
