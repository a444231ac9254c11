import { describe, expect, it } from 'vitest';
import { summarise, summaryTable, toCsv } from '../../src/experiment/results.js';

describe('results files', () => {
  it('writes CSV with RFC 4180 quoting and empty fields for missing or non-finite values', () => {
    const csv = toCsv([
      { a: 1, b: 'x,y' },
      { a: null, b: 'say "hi"', c: NaN },
    ]);
    expect(csv).toBe('a,b,c\n1,"x,y",\n,"say ""hi""",\n');
  });

  it('summarises over seeds: per metric the number of values, mean, sample sd and 95 % t-interval; failed rows left out', () => {
    const rows = [
      {
        seed: 0,
        scenario: 's',
        method: 'ga',
        method_label: 'GA',
        status: 'ok',
        forget_acc: 0.2,
        qubits: 4,
        target_reached: true,
        relearn_steps: 7,
        relearn_censored: false,
      },
      {
        seed: 1,
        scenario: 's',
        method: 'ga',
        method_label: 'GA',
        status: 'ok',
        forget_acc: 0.4,
        qubits: 4,
        target_reached: false,
        relearn_steps: 100,
        relearn_censored: true,
      },
      {
        seed: 2,
        scenario: 's',
        method: 'ga',
        method_label: 'GA',
        status: 'ok',
        forget_acc: 0.6,
        qubits: 4,
        target_reached: true,
        relearn_steps: null,
      },
      { seed: 3, scenario: 's', method: 'ga', method_label: 'GA', status: 'failed' },
      { seed: 0, scenario: 's', method: 'ft', method_label: 'FT', status: 'ok', forget_acc: 0.5 },
    ];
    const summary = summarise(rows);
    expect(summary.map((s) => [s.method, s.seeds])).toEqual([
      ['ga', 3],
      ['ft', 1],
    ]);
    const ga = summary[0];
    expect(ga.mean.forget_acc).toBeCloseTo(0.4, 12);
    expect(ga.std.forget_acc).toBeCloseTo(0.2, 12);
    expect(ga.ci95.forget_acc).toBeCloseTo((4.3026527297 * 0.2) / Math.sqrt(3), 7);
    expect(ga.mean.qubits).toBeUndefined();
    // The seed that skipped relearning is counted out, not averaged as a missing value; the censored one is counted.
    expect(ga.n.relearn_steps).toBe(2);
    expect(ga.censored.relearn_steps).toBe(1);
    expect(ga.mean.target_reached).toBeCloseTo(2 / 3, 12);
    expect(ga.n.target_reached).toBe(3);
    // One seed: no interval.
    expect(summary[1].std.forget_acc).toBeUndefined();
    expect(summary[1].ci95.forget_acc).toBeUndefined();
    const table = summaryTable(summary)[0];
    expect(table).toMatchObject({
      scenario: 's',
      method: 'ga',
      seeds: 3,
      forget_acc_n: 3,
      relearn_steps_n: 2,
      relearn_steps_censored: 1,
    });
    expect(table.forget_acc_ci95).toBe(ga.ci95.forget_acc);
  });
});
