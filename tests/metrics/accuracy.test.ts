import { describe, expect, it } from 'vitest';
import { accuracy, accuracyOfProbabilities, argmaxRows } from '../../src/metrics/index.js';
import { rows } from '../helpers/probability-rows.js';

describe('accuracy', () => {
  it('argmaxRows picks the largest probability and the first class on ties', () => {
    const p = rows([0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0.1, 0.1, 0.8], [0.3, 0.35, 0.35]);
    expect(Array.from(argmaxRows(p, 3))).toEqual([1, 0, 2, 1]);
  });

  it('accuracy is the fraction of predictions equal to their labels', () => {
    expect(accuracy(Int32Array.of(0, 1, 2, 1), Int32Array.of(0, 1, 1, 1))).toBe(0.75);
    expect(accuracy(Int32Array.of(2), Int32Array.of(2))).toBe(1);
    expect(accuracy(Int32Array.of(0, 0), Int32Array.of(1, 1))).toBe(0);
  });

  it('accuracyOfProbabilities scores argmax against labels', () => {
    const p = rows([0.7, 0.3], [0.2, 0.8], [0.6, 0.4], [0.5, 0.5], [0.1, 0.9]);
    // argmax: 0, 1, 0, 0 (tie), 1
    expect(accuracyOfProbabilities(p, 2, Int32Array.of(0, 1, 1, 1, 1))).toBe(3 / 5);
  });

  it('rejects mismatched or empty inputs with messages naming function, argument and value', () => {
    expect(() => accuracy(Int32Array.of(0, 1), Int32Array.of(0, 1, 1))).toThrow(
      'accuracy: labels has 3 entries but predictions has 2',
    );
    expect(() => accuracy(new Int32Array(0), new Int32Array(0))).toThrow(
      'accuracy: predictions is empty; pass at least one prediction',
    );
    expect(() => accuracyOfProbabilities(new Float64Array(0), 2, new Int32Array(0))).toThrow(
      'accuracyOfProbabilities: probs is empty; pass at least one probability row',
    );
    expect(() => argmaxRows(rows([0.5, 0.5]), 1)).toThrow('argmaxRows: classes must be an integer >= 2, got 1');
    expect(() => argmaxRows(Float64Array.of(0.5, 0.5, 1, 0, 0.3), 2)).toThrow(
      'argmaxRows: probs has 5 values, which is not a whole number of rows of 2 classes',
    );
    expect(() => argmaxRows(rows([0.9, 0.9]), 2)).toThrow(
      'argmaxRows: probs row 0 sums to 1.8, not 1 (pass softmax probabilities, not logits)',
    );
    expect(() => argmaxRows(rows([0.5, 0.5], [Number.NaN, 1]), 2)).toThrow(
      'argmaxRows: probs[1, 0] = NaN is not a probability in [0, 1]',
    );
    expect(() => argmaxRows(rows([2.5, -1.5]), 2)).toThrow(
      'argmaxRows: probs[0, 0] = 2.5 is not a probability in [0, 1]',
    );
    expect(() => accuracyOfProbabilities(rows([0.5, 0.5], [0.5, 0.5]), 2, Int32Array.of(0))).toThrow(
      'accuracyOfProbabilities: labels has 1 entries but probs has 2 rows',
    );
    expect(() => accuracyOfProbabilities(rows([0.5, 0.5]), 2, Int32Array.of(2))).toThrow(
      'accuracyOfProbabilities: labels[0] = 2 is not a class index in [0, 1]',
    );
  });
});
