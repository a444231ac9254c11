import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { buildScenario, parseForgetIds, type ScenarioContext } from '../../src/data/index.js';
import { expectError, tempFolder } from './helpers.js';

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
  const tmp = tempFolder('scenarios');

  it('subset: a stratified fraction of the training rows, n_f = ceil(f · n_train)', () => {
    const s = buildScenario({ kind: 'subset', fraction: 0.3 }, context, rng());
    expect(s.name).toBe('subset');
    expect(s.forget.length).toBe(3);
    expect(new Set(Array.from(s.forget, (r) => context.labels[r])).size).toBe(3);
    expect(s.retain.length).toBe(5);
    expect([...s.forget, ...s.retain].sort((a, b) => a - b)).toEqual(Array.from(context.train));
    expect(s.request).toEqual({ kind: 'subset', name: 'subset', fraction: 0.3 });
    for (const f of [0, 1, 2]) expectError(() => buildScenario({ kind: 'subset', fraction: f }, context, rng()), "scenario 'subset'", 'strictly between 0 and 1');
  });

  it('class: every training row of the classes; defaults to class 0', () => {
    const s = buildScenario({ kind: 'class' }, context, rng());
    expect(s.name).toBe('class-0');
    expect(Array.from(s.forget)).toEqual([0, 1, 6]);
    expect(Array.from(s.retain)).toEqual([2, 3, 4, 5, 7]);
    const two = buildScenario({ kind: 'class', classes: [2, 1], name: 'B' }, context, rng());
    expect(Array.from(two.forget)).toEqual([2, 3, 4, 5, 7]);
    expectError(() => buildScenario({ kind: 'class', classes: [3] }, context, rng()), 'class 3 does not exist', '0 (a), 1 (b), 2 (c)');
    expectError(() => buildScenario({ kind: 'class', classes: [1, 1] }, context, rng()), 'class 1 is listed twice');
    expectError(() => buildScenario({ kind: 'class', classes: [] }, context, rng()), 'no class to forget');
    expectError(() => buildScenario({ kind: 'class', classes: [0, 1, 2] }, context, rng()), 'the forget set is the whole training set (8 rows)');
    const noC = { ...context, train: Int32Array.from([0, 1, 2, 3]) };
    expectError(() => buildScenario({ kind: 'class', classes: [2] }, noC, rng()), "class 2 ('c') has no training samples");
  });

  it('indices: reads one id per line (comments allowed) or a JSON array', () => {
    const text = tmp.write('request.txt', '# deletion request 42\n3\n\n0\n');
    const s = buildScenario({ kind: 'indices', file: text }, context, rng());
    expect(s.name).toBe('indices-request.txt');
    expect(Array.from(s.forget)).toEqual([0, 3]);
    expect(Array.from(s.retain)).toEqual([1, 2, 4, 5, 6, 7]);
    const json = tmp.write('request.json', '[\n  5,\n  7\n]\n');
    expect(Array.from(buildScenario({ kind: 'indices', file: json, name: 'gdpr' }, context, rng()).forget)).toEqual([5, 7]);
  });

  it('indices: names the file and line of every bad id', () => {
    const run = (name: string, content: string) => () => buildScenario({ kind: 'indices', file: tmp.write(name, content) }, context, rng());
    expectError(run('t.txt', '1\n10\n'), "forget-id file '", 't.txt', 'line 2', 'row id 10 is in the test split');
    expectError(run('v.txt', '8\n'), 'line 1', 'row id 8 is in the validation split');
    expectError(run('d.txt', '1\n2\n1\n'), 'line 3', 'row id 1 is repeated (first on line 1)');
    expectError(run('r.txt', '1\n\n12\n'), 'line 3', 'row id 12 is out of range', 'ids 0..11');
    expectError(run('f.txt', '1\n2.5\n'), 'line 2', "'2.5' is not a row id");
    expectError(run('n.txt', '-1\n'), 'line 1', "'-1' is not a row id");
    expectError(run('j.json', '[1,\n 2,\n "3"]'), 'line 3', 'element 2 ("3") is not a row id');
    expectError(run('jd.json', '[1,\n\n 1]'), 'line 3', 'row id 1 is repeated (first on line 1)');
    expectError(run('bad.json', '[1, 2'), 'starts with \'[\' but is not valid JSON');
    expectError(run('e.txt', '# nothing\n'), 'names no row ids; the forget set would be empty');
    expectError(run('all.txt', '0\n1\n2\n3\n4\n5\n6\n7\n'), 'the forget set is the whole training set');
    expectError(() => buildScenario({ kind: 'indices', file: `${tmp.dir}/absent.txt` }, context, rng()), 'cannot read forget-id file', 'absent.txt');
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
