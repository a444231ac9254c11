import { describe, expect, it } from 'vitest';
import { tugOfWar } from '../../src/metrics/index.js';

describe('Tug-of-War', () => {
  it('is the product of (1 − |acc_u − acc_oracle|) over forget, retain and test', () => {
    const u = { forget: 0.2, retain: 0.9, test: 0.8 };
    const o = { forget: 0.1, retain: 0.95, test: 0.85 };
    expect(tugOfWar(u, o)).toBeCloseTo(0.9 * 0.95 * 0.95, 14);
  });

  it('is 1 when every accuracy matches the oracle and 0 when one is maximally off', () => {
    const a = { forget: 0.3, retain: 0.8, test: 0.7 };
    expect(tugOfWar(a, a)).toBe(1);
    expect(tugOfWar({ forget: 1, retain: 0.8, test: 0.7 }, { forget: 0, retain: 0.8, test: 0.7 })).toBe(0);
  });

  it('penalises over-forgetting like under-forgetting', () => {
    const o = { forget: 0.5, retain: 1, test: 1 };
    expect(tugOfWar({ forget: 0.3, retain: 1, test: 1 }, o)).toBeCloseTo(
      tugOfWar({ forget: 0.7, retain: 1, test: 1 }, o),
      15,
    );
  });

  it('rejects accuracies outside [0, 1]', () => {
    expect(() => tugOfWar({ forget: 0, retain: 1, test: Number.NaN }, { forget: 0, retain: 1, test: 1 })).toThrow(
      'tugOfWar: unlearned.test = NaN is not a rate in [0, 1]',
    );
  });
});
