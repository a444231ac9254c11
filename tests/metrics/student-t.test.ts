import { describe, expect, it } from 'vitest';
import { logGamma, meanInterval, regularizedBeta, studentTCdf, studentTQuantile } from '../../src/metrics/student-t.js';

describe("Student's t distribution", () => {
  it('matches tabulated two-sided 95 % critical values', () => {
    // R: qt(0.975, df) for df = 1, 2, 4, 9, 29, 1000.
    const table: [number, number][] = [
      [1, 12.7062047362],
      [2, 4.3026527297],
      [4, 2.7764451052],
      [9, 2.2621571628],
      [29, 2.0452296421],
      [1000, 1.9623390808],
    ];
    for (const [df, q] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(q, 7);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451052, 7);
  });

  it('has the closed-form CDF of the Cauchy distribution at df = 1, and I_x(1, 1) = x', () => {
    for (const t of [-3, -0.5, 0, 0.7, 5]) expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    for (const x of [0.1, 0.5, 0.9]) expect(regularizedBeta(x, 1, 1)).toBeCloseTo(x, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('gives the mean, sample sd and t-interval half-width, and no spread for one value', () => {
    const r = meanInterval([1, 2, 3, 4, 5]);
    expect(r).toMatchObject({ n: 5, mean: 3 });
    expect(r.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(r.ci95).toBeCloseTo((2.7764451052 * Math.sqrt(2.5)) / Math.sqrt(5), 7);
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, sd: 0, ci95: 0 });
    expect(() => meanInterval([])).toThrow(/no values/);
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\)/);
  });
});
