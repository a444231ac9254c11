import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { buildScenario, parseForgetIds, requestDigest, type ScenarioContext } from '../../src/data/index.js';
import { expectError } from './helpers.js';

// 12 rows, classes 0,1,2 four each; rows 0-7 train, 8-9 validation, 10-11 test.
const context: ScenarioContext = {
  labels: Int32Array.from([0, 0, 1, 1, 2, 2, 0, 1, 2, 0, 1, 2]),
  classNames: ['a', 'b', 'c'],
  train: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
  validation: Int32Array.from([8, 9]),
  test: Int32Array.from([10, 11]),
};
const rng = () => new Rng(0).stream('scenario');

describe('forget scenarios', () => {
  it('subset: a stratified fraction of the training rows, n_f = ceil(f · n_train)', () => {
    const s = buildScenario({ kind: 'subset', fraction: 0.3 }, context, rng());
    expect(s.name).toBe('subset');
    expect(s.forget.length).toBe(3);
    expect(new Set(Array.from(s.forget, (r) => context.labels[r])).size).toBe(3);
    expect(s.retain.length).toBe(5);
    expect([...s.forget, ...s.retain].sort((a, b) => a - b)).toEqual(Array.from(context.train));
    expect(s.request).toEqual({ kind: 'subset', name: 'subset', fraction: 0.3 });
    for (const f of [0, 1, 2])
      expectError(
        () => buildScenario({ kind: 'subset', fraction: f }, context, rng()),
        "scenario 'subset'",
        'strictly between 0 and 1',
      );
  });

  it('class: every training row of the classes; defaults to class 0', () => {
    const s = buildScenario({ kind: 'class' }, context, rng());
    expect(s.name).toBe('class-0');
    expect(Array.from(s.forget)).toEqual([0, 1, 6]);
    expect(Array.from(s.retain)).toEqual([2, 3, 4, 5, 7]);
    const two = buildScenario({ kind: 'class', classes: [2, 1], name: 'B' }, context, rng());
    expect(Array.from(two.forget)).toEqual([2, 3, 4, 5, 7]);
    expectError(
      () => buildScenario({ kind: 'class', classes: [3] }, context, rng()),
      'class 3 does not exist',
      '0 (a), 1 (b), 2 (c)',
    );
    expectError(() => buildScenario({ kind: 'class', classes: [1, 1] }, context, rng()), 'class 1 is listed twice');
    expectError(() => buildScenario({ kind: 'class', classes: [] }, context, rng()), 'no class to forget');
    expectError(
      () => buildScenario({ kind: 'class', classes: [0, 1, 2] }, context, rng()),
      'the forget set is the whole training set (8 rows)',
    );
    const noC = { ...context, train: Int32Array.from([0, 1, 2, 3]) };
    expectError(
      () => buildScenario({ kind: 'class', classes: [2] }, noC, rng()),
      "class 2 ('c') has no training samples",
    );
  });

  it('indices: the requested rows, named by a digest of their sorted ids whatever their order', () => {
    const s = buildScenario({ kind: 'indices', ids: [3, 0] }, context, rng());
    expect(s.name).toBe(`indices-${requestDigest([0, 3])}`);
    expect(s.name).toMatch(/^indices-[0-9a-f]{12}$/);
    expect(buildScenario({ kind: 'indices', ids: [0, 3] }, context, rng()).name).toBe(s.name);
    expect(buildScenario({ kind: 'indices', ids: [0, 4] }, context, rng()).name).not.toBe(s.name);
    expect(Array.from(s.forget)).toEqual([0, 3]);
    expect(Array.from(s.retain)).toEqual([1, 2, 4, 5, 6, 7]);
    expect(s.request).toEqual({ kind: 'indices', name: s.name, ids: [0, 3] });
    expect(Array.from(buildScenario({ kind: 'indices', ids: [7, 5], name: 'gdpr' }, context, rng()).forget)).toEqual([
      5, 7,
    ]);
  });

  it('indices: rejects ids outside the training rows, repeated, out of range, or none', () => {
    const run = (ids: number[]) => () => buildScenario({ kind: 'indices', ids }, context, rng());
    expectError(run([1, 10]), 'row id 10 is in the test split');
    expectError(run([8]), 'row id 8 is in the validation split');
    expectError(run([1, 2, 1]), 'row id 1 is repeated');
    expectError(run([1, 12]), 'row id 12 is out of range', 'ids 0..11');
    expectError(run([1, 2.5]), '2.5 is not a row id');
    expectError(run([]), 'names no row ids; the forget set would be empty');
    expectError(run([0, 1, 2, 3, 4, 5, 6, 7]), 'the forget set is the whole training set');
  });

  it('the digest depends on every id and on the count', () => {
    const seen = new Set<string>();
    for (const ids of [[0], [1], [0, 1], [0, 2], [1, 2], [0, 1, 2], [256], [65536], [16777216]])
      seen.add(requestDigest(ids));
    expect(seen.size).toBe(9);
  });

  it('parseForgetIds reports the line of each element of a nested JSON array', () => {
    expect(parseForgetIds('[1,\n  2,\n\n 3]', 'x').map((f) => f.line)).toEqual([1, 2, 4]);
    expect(() => parseForgetIds('[0,\n {"a": [1, 2]}]', 'x')).toThrow(/line 2: element 1/);
    expect(parseForgetIds('7\r\n8\r\n', 'x')).toEqual([
      { id: 7, line: 1 },
      { id: 8, line: 2 },
    ]);
  });
});
