import { describe, expect, it } from 'vitest';
import { confusionMatrix, perClassAccuracy } from '../../src/metrics/index.js';

describe('confusion matrix and per-class accuracy', () => {
  const predictions = Int32Array.of(0, 1, 1, 2, 0);
  const labels = Int32Array.of(0, 1, 2, 2, 1);

  it('counts true class (row) against predicted class (column)', () => {
    expect(Array.from(confusionMatrix(predictions, labels, 3))).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('per-class accuracy is the diagonal over the row total, null for an absent class', () => {
    expect(perClassAccuracy(predictions, labels, 3)).toEqual([1, 0.5, 0.5]);
    expect(perClassAccuracy(predictions, labels, 4)).toEqual([1, 0.5, 0.5, null]);
  });

  it('validates class indices and lengths', () => {
    expect(() => confusionMatrix(Int32Array.of(0, 3), Int32Array.of(0, 1), 3)).toThrow(
      'confusionMatrix: predictions[1] = 3 is not a class index in [0, 2]',
    );
    expect(() => perClassAccuracy(Int32Array.of(0), Int32Array.of(0, 1), 3)).toThrow(
      'confusionMatrix: labels has 2 entries but predictions has 1',
    );
  });
});
