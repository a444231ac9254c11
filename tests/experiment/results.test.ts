import { describe, expect, it } from 'vitest';
import { summarise, summaryTable, toCsv } from '../../src/experiment/results.js';

describe('results files', () => {
  it('writes CSV with RFC 4180 quoting and empty fields for missing or non-finite values', () => {
    const csv = toCsv([{ a: 1, b: 'x,y' }, { a: null, b: 'say "hi"', c: NaN }]);
    expect(csv).toBe('a,b,c\n1,"x,y",\n,"say ""hi""",\n');
  });

  it('summarises over seeds with mean and sample standard deviation, skipping failed rows', () => {
    const rows = [
      { seed: 0, scenario: 's', method: 'ga', method_label: 'GA', status: 'ok', forget_acc: 0.2, qubits: 4 },
      { seed: 1, scenario: 's', method: 'ga', method_label: 'GA', status: 'ok', forget_acc: 0.4, qubits: 4 },
      { seed: 2, scenario: 's', method: 'ga', method_label: 'GA', status: 'failed' },
      { seed: 0, scenario: 's', method: 'ft', method_label: 'FT', status: 'ok', forget_acc: 0.5 },
    ];
    const summary = summarise(rows);
    expect(summary.map((s) => [s.method, s.seeds])).toEqual([['ga', 2], ['ft', 1]]);
    expect(summary[0].mean.forget_acc).toBeCloseTo(0.3, 12);
    expect(summary[0].std.forget_acc).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(summary[0].mean.qubits).toBeUndefined();
    expect(summary[1].std.forget_acc).toBe(0);
    expect(summaryTable(summary)[0]).toMatchObject({ scenario: 's', method: 'ga', seeds: 2, forget_acc_std: summary[0].std.forget_acc });
    expect(summaryTable(summary)[0].forget_acc_mean).toBeCloseTo(0.3, 12);
  });
});
