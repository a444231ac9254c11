import { describe, expect, it } from 'vitest';
import { SUITE_KEYS, unlearningSuite } from '../../src/metrics/index.js';
import { rows } from '../helpers/probability-rows.js';

describe('unlearning suite (the reference evaluate_suite on aligned rows)', () => {
  // Two classes. Forget: 2 samples, retain: 3, test: 2.
  const labels = { forget: Int32Array.of(0, 1), retain: Int32Array.of(0, 1, 1), test: Int32Array.of(1, 0) };
  const teacher = {
    forget: rows([0.9, 0.1], [0.2, 0.8]), // acc 1
    retain: rows([0.8, 0.2], [0.3, 0.7], [0.4, 0.6]), // acc 1
    test: rows([0.4, 0.6], [0.3, 0.7]), // acc 1/2
  };
  const unlearned = {
    forget: rows([0.4, 0.6], [0.2, 0.8]), // acc 1/2
    retain: rows([0.8, 0.2], [0.3, 0.7], [0.6, 0.4]), // acc 2/3
    test: rows([0.4, 0.6], [0.7, 0.3]), // acc 1
  };
  const oracle = {
    forget: rows([0.4, 0.6], [0.6, 0.4]), // acc 0
    retain: rows([0.8, 0.2], [0.3, 0.7], [0.4, 0.6]), // acc 1
    test: rows([0.5, 0.5], [0.7, 0.3]), // acc 1 (tie -> class 0, wrong for label 1; second right) = 1/2
  };

  it('fills every suite key with hand-computed values', () => {
    const m = unlearningSuite({ classes: 2, labels, unlearned, teacher, oracle });
    expect(Object.keys(m).sort()).toEqual([...SUITE_KEYS].sort());
    expect([m.forget_acc, m.retain_acc, m.test_acc]).toEqual([0.5, 2 / 3, 1]);
    expect([m.teacher_forget_acc, m.teacher_retain_acc, m.teacher_test_acc]).toEqual([1, 1, 0.5]);
    expect([m.oracle_forget_acc, m.oracle_retain_acc, m.oracle_test_acc]).toEqual([0, 1, 0.5]);
    expect(m.forget_drop).toBe(0.5);
    expect(m.retain_drop).toBeCloseTo(1 / 3, 15);
    expect(m.test_drop).toBe(-0.5);
    expect(m.uqi).toBeCloseTo(0.5 - 0.5 * (1 / 3 - 0.5), 15);
    // Forget row 0 identical; row 1: KL((0.2, 0.8) ‖ (0.6, 0.4)) = 0.2 ln(1/3) + 0.8 ln 2.
    expect(m.kl_forget).toBeCloseTo((0.2 * Math.log(1 / 3) + 0.8 * Math.log(2)) / 2, 15);
    // Retain row 2: KL((0.6, 0.4) ‖ (0.4, 0.6)) = 0.2 ln 1.5; the other rows are identical.
    expect(m.kl_retain).toBeCloseTo((0.2 * Math.log(1.5)) / 3, 15);
    expect(m.kl_test).toBeCloseTo((0.4 * Math.log(0.8) + 0.6 * Math.log(1.2)) / 2, 15);
    expect(m.js_retain).toBeGreaterThan(0);
    expect(m.js_retain).toBeLessThan(m.kl_retain);
    expect([m.agree_forget, m.agree_retain, m.agree_test]).toEqual([0.5, 2 / 3, 0.5]);
    expect(m.tow).toBeCloseTo(0.5 * (1 - 1 / 3) * 0.5, 15);
  });

  it('names the model and set in errors', () => {
    const shortRetain = { ...unlearned, retain: rows([0.8, 0.2], [0.3, 0.7]) };
    expect(() => unlearningSuite({ classes: 2, labels, unlearned: shortRetain, teacher, oracle })).toThrow(
      'unlearningSuite: labels.retain has 3 entries but unlearned.retain has 2 rows',
    );
  });
});
