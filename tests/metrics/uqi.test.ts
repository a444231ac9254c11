import { describe, expect, it } from 'vitest';
import { accuracyDrops, unlearningQualityIndex } from '../../src/metrics/index.js';

describe('accuracy drops and UQI', () => {
  it('drops are original minus unlearned accuracy and UQI = forget_drop − (retain_drop + test_drop)/2', () => {
    const d = accuracyDrops({ forget: 1, retain: 0.95, test: 0.9 }, { forget: 0.25, retain: 0.9, test: 0.8 });
    expect(d.forget_drop).toBeCloseTo(0.75, 15);
    expect(d.retain_drop).toBeCloseTo(0.05, 15);
    expect(d.test_drop).toBeCloseTo(0.1, 15);
    expect(d.uqi).toBeCloseTo(0.75 - 0.5 * (0.05 + 0.1), 15);
  });

  it('UQI rewards forgetting and penalises collateral damage', () => {
    expect(unlearningQualityIndex(0.5, 0, 0)).toBe(0.5);
    expect(unlearningQualityIndex(0, 0.2, 0.4)).toBeCloseTo(-0.3, 15);
    // An accuracy gain on retain/test (negative drop) raises UQI.
    expect(unlearningQualityIndex(0.1, -0.1, -0.1)).toBeCloseTo(0.2, 15);
  });

  it('no change gives zero drops and zero UQI', () => {
    const a = { forget: 0.6, retain: 0.7, test: 0.8 };
    expect(accuracyDrops(a, a)).toEqual({ forget_drop: 0, retain_drop: 0, test_drop: 0, uqi: 0 });
  });

  it('rejects accuracies outside [0, 1]', () => {
    expect(() => accuracyDrops({ forget: 1.2, retain: 1, test: 1 }, { forget: 1, retain: 1, test: 1 })).toThrow(
      'accuracyDrops: original.forget = 1.2 is not a rate in [0, 1]',
    );
  });
});
