import { describe, expect, it } from 'vitest';
import { agreement } from '../../src/metrics/index.js';
import { rows } from '../helpers/probability-rows.js';

describe('agreement with the oracle', () => {
  it('is the fraction of aligned rows with the same argmax', () => {
    const u = rows([0.6, 0.4], [0.3, 0.7], [0.5, 0.5], [0.1, 0.9]);
    const o = rows([0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.45, 0.55]);
    // argmax u: 0, 1, 0 (tie), 1; argmax o: 0, 0, 1, 1.
    expect(agreement(u, o, 2)).toBe(0.5);
    expect(agreement(u, u, 2)).toBe(1);
  });

  it('requires equal shapes', () => {
    expect(() => agreement(rows([1, 0]), rows([1, 0], [0, 1]), 2)).toThrow(
      'agreement: unlearned has 1 rows but oracle has 2; row i of both must be the same sample (aligned rows)',
    );
  });
});
