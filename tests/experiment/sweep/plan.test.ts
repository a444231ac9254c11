import { describe, expect, it } from 'vitest';
import { planSweep } from '../../../src/experiment/sweep/plan.js';
import { canonicalJson } from '../../../src/core/canonical-json.js';
import { makeSweepSpec } from '../../../src/experiment/sweep/spec.js';

const keysOf = (spec: Parameters<typeof planSweep>[0]): string[] =>
  planSweep(spec).plan.runs.map((r) => r.referenceKey);

describe('reference keys and sweep plans', () => {
  it('serialises settings canonically: key order never changes the text', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('shares references between runs that differ only in methods, method settings or evaluation', () => {
    const base = { methods: ['original', 'ga'], scenarios: ['subset' as const] };
    const keys = keysOf(
      makeSweepSpec(
        base,
        [
          { path: 'methodSettings.ga.epochs', values: [2, 4] },
          { path: 'evaluation.relearn', values: [true, false] },
        ],
        [0],
      ),
    );
    expect(new Set(keys).size).toBe(1);
    const methods = keysOf(
      makeSweepSpec({ scenarios: ['subset'] }, [{ path: 'methods', values: [['ga'], ['scrub', 'ft']] }], [0]),
    );
    expect(methods[0]).toBe(methods[1]);
  });

  it('keys on the resolved model: a default written out is the same model, a real change is not', () => {
    const [implicit] = keysOf(makeSweepSpec({}, [], [0]));
    const [explicit, deeper] = keysOf(makeSweepSpec({}, [{ path: 'circuit.layers', values: [2, 3] }], [0]));
    expect(explicit).toBe(implicit);
    expect(deeper).not.toBe(implicit);
    for (const [path, values] of [
      ['training.epochs', [5, 6]],
      ['preset', ['sound', 'paper']],
      ['circuit.entangler', ['ring', 'none']],
      ['model', ['iris-shallow', 'iris-shallow-classical']],
      ['split.testFraction', [0.2, 0.3]],
    ] as const) {
      const keys = keysOf(makeSweepSpec({}, [{ path, values: [...values] }], [0]));
      expect(keys[0], path).not.toBe(keys[1]);
    }
  });

  it('gives classical twins one key whatever the circuit settings they ignore, but not whatever their width', () => {
    const keys = keysOf(
      makeSweepSpec(
        { model: 'pca-hybrid-classical' },
        [
          { path: 'circuit.layers', values: [1, 4] },
          { path: 'circuit.entangler', values: ['ring', 'none'] },
        ],
        [0],
      ),
    );
    expect(new Set(keys).size).toBe(1);
    const widths = keysOf(
      makeSweepSpec({ model: 'pca-hybrid-classical' }, [{ path: 'circuit.qubits', values: [2, 3] }], [0]),
    );
    expect(widths[0]).not.toBe(widths[1]);
  });

  it('plans one reference set per key and seed, trained from the first run that needs it', () => {
    const { plan } = planSweep(
      makeSweepSpec(
        { scenarios: ['subset', 'class'] },
        [
          { path: 'methodSettings.ga.epochs', values: [2, 4] },
          { path: 'circuit.layers', values: [1, 2] },
        ],
        [0, 1],
      ),
    );
    expect(plan.runs).toHaveLength(8);
    expect(plan.references).toHaveLength(4);
    expect(plan.references[0]).toEqual({
      key: plan.runs[0].referenceKey,
      seed: 0,
      scenarios: ['subset', 'class-0'],
      run: 'ga.epochs=2,layers=1,seed=0',
    });
    expect(Object.keys(plan.referenceSettings)).toHaveLength(2);
    expect(plan.runs[0].experiment.seeds).toEqual([0]);
  });

  it('reports invalid combinations before anything runs, each with its reason', () => {
    const { plan, invalid } = planSweep(makeSweepSpec({}, [{ path: 'circuit.qubits', values: [4, 6] }], [0]));
    expect(plan.runs.map((r) => r.id)).toEqual(['qubits=4,seed=0']);
    expect(invalid).toEqual([
      { id: 'qubits=6,seed=0', message: expect.stringMatching(/qubits must be 4, got 6; use pca-hybrid/) },
    ]);
    const noisy = planSweep(
      makeSweepSpec(
        { dataset: 'mnist', data: { perClass: 20 }, circuit: { noise: 0.02, noiseMethod: 'exact' } },
        [{ path: 'circuit.qubits', values: [8, 12] }],
        [0],
      ),
    );
    expect(noisy.invalid).toEqual([
      { id: 'qubits=12,seed=0', message: expect.stringMatching(/supports at most 10 qubits, got qubits = 12/) },
    ]);
    // Left to auto, 12 noisy qubits run by Monte-Carlo trajectories.
    expect(
      planSweep(
        makeSweepSpec(
          { dataset: 'mnist', data: { perClass: 20 }, circuit: { noise: 0.02 } },
          [{ path: 'circuit.qubits', values: [12] }],
          [0],
        ),
      ).invalid,
    ).toEqual([]);
    const names = planSweep(makeSweepSpec({}, [{ path: 'model', values: ['iris-shallow', 'iris-wide'] }], [0]));
    expect(names.invalid[0].message).toMatch(/unknown model 'iris-wide'/);
  });
});
