import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSweep } from '../../../src/experiment/sweep/expand.js';
import { axisKey, loadSweepFile, makeSweepSpec, overrideSpec, withPath } from '../../../src/experiment/sweep/spec.js';
import { tempDir } from '../../helpers/cli.js';

describe('sweep specs', () => {
  it('names axes after their last path segment, method settings as method.key', () => {
    expect(axisKey('circuit.layers')).toBe('layers');
    expect(axisKey('circuit.entanglingGate')).toBe('entangling_gate');
    expect(axisKey('methodSettings.ga.epochs')).toBe('ga.epochs');
    expect(axisKey('dataset')).toBe('dataset');
  });

  it('sets a dotted path on a copy, creating the objects on the way', () => {
    const base = { circuit: { qubits: 4 } };
    expect(withPath(base, 'circuit.layers', 3)).toEqual({ circuit: { qubits: 4, layers: 3 } });
    expect(withPath(base, 'methodSettings.ga.epochs', 5)).toEqual({
      circuit: { qubits: 4 },
      methodSettings: { ga: { epochs: 5 } },
    });
    expect(base).toEqual({ circuit: { qubits: 4 } });
  });

  it('rejects unknown settings, bad values, repeated values and seeds as an axis, naming the axis', () => {
    expect(() => makeSweepSpec({}, [{ path: 'circuit.layerz', values: [1, 2] }], [0])).toThrow(
      /axis 'circuit.layerz' = 1: invalid configuration: unknown key 'layerz' in 'circuit'/,
    );
    expect(() => makeSweepSpec({}, [{ path: 'circuit.entangler', values: ['ring', 'rng'] }], [0])).toThrow(
      /axis 'circuit.entangler' = "rng"/,
    );
    expect(() => makeSweepSpec({}, [{ path: 'circuit.layers', values: [1, 1] }], [0])).toThrow(
      /lists the value 1 twice/,
    );
    expect(() => makeSweepSpec({}, [{ path: 'seeds', values: [[0], [1]] }], [0])).toThrow(/seeds are not an axis/);
    expect(() => makeSweepSpec({}, [{ path: '__proto__.x', values: [1] }], [0])).toThrow(/not a dotted setting path/);
  });

  it('expands the product of the axes (first slowest) once per seed, with readable unique names', () => {
    const spec = makeSweepSpec(
      { methods: ['ga'] },
      [
        { path: 'circuit.layers', values: [1, 2] },
        { path: 'circuit.entangler', values: ['ring', 'all-to-all'] },
      ],
      [0, 1],
    );
    const runs = expandSweep(spec);
    expect(runs.map((r) => r.id)).toEqual([
      'layers=1,entangler=ring,seed=0',
      'layers=1,entangler=ring,seed=1',
      'layers=1,entangler=all-to-all,seed=0',
      'layers=1,entangler=all-to-all,seed=1',
      'layers=2,entangler=ring,seed=0',
      'layers=2,entangler=ring,seed=1',
      'layers=2,entangler=all-to-all,seed=0',
      'layers=2,entangler=all-to-all,seed=1',
    ]);
    expect(runs[6].config).toEqual({ methods: ['ga'], circuit: { layers: 2, entangler: 'all-to-all' }, seeds: [0] });
    expect(runs[6].axes).toEqual({ layers: 2, entangler: 'all-to-all' });
  });

  it('adds a short hash when two values read alike in a folder name', () => {
    const spec = makeSweepSpec({ dataset: 'csv' }, [{ path: 'data.path', values: ['a/b.csv', 'a_b.csv'] }], [0]);
    const ids = expandSweep(spec).map((r) => r.id);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^path=a_b\.csv,seed=0-[0-9a-f]{8}$/);
  });

  it('reads a YAML sweep file, rejects unknown keys, and lets flags override it', () => {
    const dir = tempDir();
    const file = join(dir, 'sweep.yaml');
    writeFileSync(
      file,
      'base:\n  methods: [original, ga]\n  training: { epochs: 3 }\naxes:\n  circuit.layers: [1, 2]\n  circuit.entangler: [ring, none]\nseeds: [0, 1]\n',
    );
    const spec = loadSweepFile(file);
    expect(spec.axes.map((a) => [a.key, a.labels])).toEqual([
      ['layers', [1, 2]],
      ['entangler', ['ring', 'none']],
    ]);
    expect(spec.seeds).toEqual([0, 1]);
    const over = overrideSpec(spec, {
      base: { circuit: { entangler: 'linear' }, training: { epochs: 2 } },
      axes: [{ path: 'circuit.noise', values: [0, 0.02] }],
      seeds: [3],
    });
    expect(over.axes.map((a) => a.key)).toEqual(['layers', 'noise']);
    expect(over.base).toEqual({
      methods: ['original', 'ga'],
      training: { epochs: 2 },
      circuit: { entangler: 'linear' },
    });
    expect(over.seeds).toEqual([3]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ base: {}, axis: { 'circuit.layers': [1] } }));
    expect(() => loadSweepFile(bad)).toThrow(
      `${bad}: invalid sweep file: unknown key 'axis' (a sweep file has base, axes and seeds)`,
    );
    writeFileSync(bad, JSON.stringify({ base: { circuit: { layerz: 1 } } }));
    expect(() => loadSweepFile(bad)).toThrow(`${bad}: base: invalid configuration: unknown key 'layerz' in 'circuit'`);
  });
});
