import { describe, expect, it } from 'vitest';
import { attackOutcome, fitThreshold } from '../../src/metrics/index.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

describe('threshold attack', () => {
  it('fits the threshold with the best balanced accuracy (the highest among ties), at a midpoint', () => {
    // Balanced accuracy by cut (member iff score ≥ cut): 0.9 → 2/3, 0.8 → 5/6, 0.75 → 2/3, 0.7 → 5/6, 0.6 → 2/3, 0.5 → 1/2.
    const fitted = fitThreshold(f(0.9, 0.8, 0.7), f(0.6, 0.5, 0.75));
    expect(fitted.calibrationBalancedAccuracy).toBeCloseTo(5 / 6, 15);
    expect(fitted.threshold).toBeCloseTo(0.775, 15);
  });

  it('separates separable scores perfectly and falls back to 0.5 on constant scores', () => {
    expect(fitThreshold(f(3, 4), f(1, 2))).toEqual({ threshold: 2.5, calibrationBalancedAccuracy: 1 });
    expect(fitThreshold(f(1, 1), f(1, 1, 1))).toEqual({ threshold: 1, calibrationBalancedAccuracy: 0.5 });
  });

  it('balanced accuracy is not fooled by class sizes', () => {
    // Nine non-members below one member: predicting "member" for the top score is right for everyone.
    const fitted = fitThreshold(f(5), f(1, 1, 1, 1, 1, 1, 1, 1, 2));
    expect(fitted.calibrationBalancedAccuracy).toBe(1);
    expect(fitted.threshold).toBe(3.5);
  });

  it('attackOutcome counts TPR, FPR, accuracy, balanced accuracy and advantage', () => {
    const o = attackOutcome(f(0.9, 0.8, 0.7), f(0.6, 0.5, 0.75, 0.1), 0.775);
    expect(o.tpr).toBeCloseTo(2 / 3, 15);
    expect(o.fpr).toBe(0);
    expect(o.accuracy).toBeCloseTo(6 / 7, 15);
    expect(o.balancedAccuracy).toBeCloseTo(5 / 6, 15);
    expect(o.advantage).toBeCloseTo(2 / 3, 15);
    const all = attackOutcome(f(1), f(1), 1);
    expect([all.tpr, all.fpr, all.advantage]).toEqual([1, 1, 0]);
  });

  it('rejects empty score sets', () => {
    expect(() => fitThreshold(f(), f(1))).toThrow('fitThreshold: memberScores is empty; pass at least one score');
  });
});
