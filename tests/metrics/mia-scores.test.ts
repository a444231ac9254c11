import { describe, expect, it } from 'vitest';
import {
  confidenceScores,
  entropyScores,
  lossScores,
  MIA_ATTACKS,
  membershipFeatures,
  miaScores,
  modifiedEntropyScores,
} from '../../src/metrics/index.js';
import { rows } from '../helpers/probability-rows.js';

// A: confidently correct. B: the same output, confidently wrong. C: uncertain but correct.
const probs = rows([0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.4, 0.3, 0.3]);
const labels = Int32Array.of(0, 1, 0);

describe('membership-inference scores (higher = more likely a member)', () => {
  it('confidence is the max probability', () => {
    expect(Array.from(confidenceScores(probs, 3))).toEqual([0.9, 0.9, 0.4]);
  });

  it('loss score is the negated cross-entropy of the true label', () => {
    const s = lossScores(probs, 3, labels);
    expect(s[0]).toBeCloseTo(Math.log(0.9), 15);
    expect(s[1]).toBeCloseTo(Math.log(0.05), 15);
    expect(s[2]).toBeCloseTo(Math.log(0.4), 15);
  });

  it('entropy score is the negated entropy', () => {
    const s = entropyScores(probs, 3);
    expect(s[0]).toBeCloseTo(0.9 * Math.log(0.9) + 0.1 * Math.log(0.05), 15);
    expect(s[2]).toBeCloseTo(0.4 * Math.log(0.4) + 0.6 * Math.log(0.3), 15);
    expect(entropyScores(rows([1, 0, 0]), 3)[0]).toBe(0);
  });

  it('modified entropy follows Song & Mittal: −(1 − p_y) ln p_y − Σ_{c≠y} p_c ln(1 − p_c)', () => {
    const s = modifiedEntropyScores(probs, 3, labels);
    expect(s[0]).toBeCloseTo(0.1 * Math.log(0.9) + 0.1 * Math.log(0.95), 15);
    expect(s[1]).toBeCloseTo(0.95 * Math.log(0.05) + 0.9 * Math.log(0.1) + 0.05 * Math.log(0.95), 15);
    // Two classes, y = 0, p = (a, 1 − a): Mentr = −2(1 − a) ln a.
    for (const a of [0.1, 0.5, 0.77, 0.99]) {
      expect(modifiedEntropyScores(rows([a, 1 - a]), 2, Int32Array.of(0))[0]).toBeCloseTo(
        2 * (1 - a) * Math.log(a),
        14,
      );
    }
  });

  it('a confidently correct sample scores higher than a confidently wrong one (label-aware scores)', () => {
    for (const attack of ['loss', 'modified_entropy'] as const) {
      const s = miaScores(attack, probs, 3, labels);
      expect(s[0], attack).toBeGreaterThan(s[1]);
    }
    // Label-free scores cannot tell A from B, but rank the confident A above the uncertain C.
    for (const attack of MIA_ATTACKS) {
      const s = miaScores(attack, probs, 3, labels);
      expect(s[0], attack).toBeGreaterThan(s[2]);
    }
  });

  it('guards ln 0 with the 1e-12 floor', () => {
    const p = rows([1, 0]);
    const y = Int32Array.of(1);
    expect(lossScores(p, 2, y)[0]).toBeCloseTo(Math.log(1e-12), 12);
    // −Mentr = (1 − 0) ln(1e-12) + 1 · ln(max(1 − 1, 1e-12)).
    expect(modifiedEntropyScores(p, 2, y)[0]).toBeCloseTo(2 * Math.log(1e-12), 12);
  });

  it('membershipFeatures stacks the four scores per row in MIA_ATTACKS order', () => {
    const x = membershipFeatures(probs, 3, labels);
    expect(x.length).toBe(3 * MIA_ATTACKS.length);
    MIA_ATTACKS.forEach((attack, j) => {
      const s = miaScores(attack, probs, 3, labels);
      for (let i = 0; i < 3; i++) expect(x[i * 4 + j]).toBe(s[i]);
    });
  });

  it('validates labels', () => {
    expect(() => lossScores(probs, 3, Int32Array.of(0, 3, 0))).toThrow(
      'lossScores: labels[1] = 3 is not a class index in [0, 2]',
    );
    expect(() => modifiedEntropyScores(probs, 3, Int32Array.of(0))).toThrow(
      'modifiedEntropyScores: labels has 1 entries but probs has 3 rows',
    );
  });
});
