import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/index.js';
import { loadCsv } from '../../src/data/node/index.js';
import { expectError, tempFolder } from './helpers.js';

const parse = (text: string, labelColumn?: string) => parseCsv(text, { path: 'table.csv', labelColumn });

describe('csv loader', () => {
  const tmp = tempFolder('csv');

  it('reads a good file with integer labels (ids kept) and the file name as dataset name', () => {
    const path = tmp.write('patients.csv', 'a,b,label\n1,2,0\n3.5,-4e-1,1\n\n5,6,0\n');
    const ds = loadCsv({ path });
    expect(ds.name).toBe('patients');
    expect(ds.source).toBe(path);
    expect(ds.featureShape).toEqual([2]);
    expect(Array.from(ds.features)).toEqual([1, 2, 3.5, -0.4, 5, 6]);
    expect(Array.from(ds.labels)).toEqual([0, 1, 0]);
    expect(ds.classNames).toEqual(['0', '1']);
  });

  it('maps string labels sorted by default or in first-seen order, and picks the label column by name', () => {
    const text = 'species,x,y\nzebra,1,2\n"ant, red",3,4\nzebra,5,6\ncat,7,8\n';
    const sorted = parse(text, 'species');
    expect(sorted.classNames).toEqual(['ant, red', 'cat', 'zebra']);
    expect(Array.from(sorted.labels)).toEqual([2, 0, 2, 1]);
    expect(Array.from(sorted.features)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const seen = parseCsv(text, { path: 't.csv', labelColumn: 'species', labelOrder: 'first-seen' });
    expect(seen.classNames).toEqual(['zebra', 'ant, red', 'cat']);
    expect(Array.from(seen.labels)).toEqual([0, 1, 0, 2]);
  });

  it('sorts numeric labels by value, not as strings', () => {
    const ds = parse('x,y\n1,10\n2,9\n3,10.0\n');
    expect(ds.classNames).toEqual(['9', '10']);
    expect(Array.from(ds.labels)).toEqual([1, 0, 1]);
  });

  it('names the file, line and column of bad values', () => {
    expectError(
      () => parse('a,b,y\n1,2,0\n1,NaN,1\n'),
      "'table.csv', line 3, column 'b' (2)",
      "'NaN' is not a finite number",
    );
    expectError(() => parse('a,b,y\n1,2,0\n-Inf,2,1\n'), "line 3, column 'a' (1)", "'-Inf' is not a finite number");
    expectError(() => parse('a,b,y\n1,2,0\n1,2,1\n1,abc,1\n'), "line 4, column 'b' (2)", "'abc' is not a number");
    expectError(() => parse('a,b,y\n1,2,0\n1,0x10,1\n'), "line 3, column 'b' (2)", "'0x10' is not a number");
    expectError(() => parse('a,b,y\n1,2,0\n1e400,2,1\n'), "line 3, column 'a' (1)", "'1e400' is too large");
    expectError(() => parse('a,b,y\n1,,0\n'), "line 2, column 'b' (2)", 'empty');
    expectError(() => parse('a,b,y\n1,2,0\n1,2\n'), "'table.csv', line 3", 'has 2 fields but the header has 3');
    expectError(() => parse('a,b,y\n1,2,0\n1,2,1,4\n'), 'line 3', 'has 4 fields');
    expectError(() => parse('a,b,y\n1,"2,0\n'), 'line 2', 'quoted field is not closed');
  });

  it('rejects empty files, missing headers, unknown label columns and a single class', () => {
    expectError(() => parse(''), "'table.csv' is empty");
    expectError(() => parse('\n  \n'), 'is empty');
    expectError(() => parse('a,b,y\n'), 'header but no data rows');
    expectError(() => parse('1,2,0\n3,4,1\n'), 'line 1', 'looks like data, not a header');
    expectError(() => parse('a,a,y\n1,2,0\n'), "column name 'a' appears twice");
    expectError(() => parse('a,b,y\n1,2,0\n', 'label'), "no label column 'label'", 'a, b, y');
    expectError(() => parse('y\n0\n1\n'), 'at least one numeric feature column');
    expectError(
      () => loadCsv({ path: tmp.write('one.csv', 'a,y\n1,cat\n2,cat\n') }),
      "dataset 'one'",
      'one.csv',
      'at least 2 classes',
      'cat',
    );
    expectError(
      () => loadCsv({ path: `${tmp.dir}/missing.csv` }),
      'cannot read csv file',
      'missing.csv',
      'no such file',
    );
  });

  it('handles CRLF line ends, a byte-order mark and another delimiter', () => {
    const ds = parseCsv('\uFEFFa;y\r\n1.5;x\r\n2;y\r\n', { path: 't.csv', delimiter: ';' });
    expect(Array.from(ds.features)).toEqual([1.5, 2]);
    expect(ds.classNames).toEqual(['x', 'y']);
  });
});
