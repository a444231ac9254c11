import { describe, expect, it } from 'vitest';
import { relearnTime } from '../../src/metrics/index.js';

/** A fake model whose forget accuracy rises by 0.1 per fine-tuning step from `start` tenths. */
function fakeModel(start: number): { step: () => void; reaches: (target: number) => boolean; steps: () => number } {
  let k = 0;
  return {
    step: () => {
      k++;
    },
    reaches: (target) => Math.min(10, start + k) / 10 >= target,
    steps: () => k,
  };
}

describe('relearn time', () => {
  it('counts the steps until the forget accuracy reaches the target', () => {
    const m = fakeModel(2);
    expect(relearnTime({ ...m, target: 0.75, maxSteps: 100 })).toEqual({ steps: 6, budgetExceeded: false });
    expect(m.steps()).toBe(6);
  });

  it('reaching the target exactly counts', () => {
    expect(relearnTime({ ...fakeModel(2), target: 0.5, maxSteps: 100 }).steps).toBe(3);
  });

  it('takes no step when the model is already at the target', () => {
    const m = fakeModel(9);
    expect(relearnTime({ ...m, target: 0.9, maxSteps: 10 })).toEqual({ steps: 0, budgetExceeded: false });
    expect(m.steps()).toBe(0);
  });

  it('reports null and budgetExceeded when the budget runs out', () => {
    const m = fakeModel(2);
    expect(relearnTime({ ...m, target: 1, maxSteps: 3 })).toEqual({ steps: null, budgetExceeded: true });
    expect(m.steps()).toBe(3);
  });

  it('validates the target and the budget', () => {
    const m = fakeModel(0);
    expect(() => relearnTime({ ...m, target: 1.5, maxSteps: 3 })).toThrow(
      'relearnTime: target = 1.5 is not an accuracy in [0, 1]',
    );
    expect(() => relearnTime({ ...m, target: 0.5, maxSteps: -1 })).toThrow(
      'relearnTime: maxSteps must be an integer >= 0, got -1',
    );
  });
});
