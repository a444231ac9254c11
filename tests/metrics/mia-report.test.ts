import { describe, expect, it } from 'vitest';
import { compareWithOracle, isMetricKey, MIA_ATTACKS, miaAucs, miaColumns } from '../../src/metrics/index.js';
import { rows } from '../helpers/probability-rows.js';

describe('MIA report', () => {
  it('gives every attack an AUC: confident correct members vs uncertain non-members separate perfectly', () => {
    const members = { probs: rows([0.95, 0.05], [0.1, 0.9]), labels: Int32Array.of(0, 1) };
    const nonMembers = { probs: rows([0.6, 0.4], [0.45, 0.55], [0.7, 0.3]), labels: Int32Array.of(0, 1, 1) };
    const aucs = miaAucs(members, nonMembers, 2);
    expect(Object.keys(aucs)).toEqual([...MIA_ATTACKS]);
    for (const attack of MIA_ATTACKS) expect(aucs[attack], attack).toBe(1);
  });

  it('hand-counted confidence AUC with a tie', () => {
    const members = { probs: rows([0.8, 0.2], [0.6, 0.4]), labels: Int32Array.of(0, 0) };
    const nonMembers = { probs: rows([0.6, 0.4], [0.9, 0.1]), labels: Int32Array.of(0, 0) };
    // Confidence: members 0.8, 0.6; non-members 0.6, 0.9. Pairs: 0.8 > 0.6, 0.8 < 0.9, 0.6 = 0.6, 0.6 < 0.9.
    expect(miaAucs(members, nonMembers, 2).confidence).toBe(1.5 / 4);
  });

  it('names the offending set in errors', () => {
    const ok = { probs: rows([0.5, 0.5]), labels: Int32Array.of(0) };
    expect(() => miaAucs(ok, { probs: rows([0.5, 0.5]), labels: Int32Array.of(4) }, 2)).toThrow(
      'miaAucs: nonMembers.labels[0] = 4 is not a class index in [0, 1]',
    );
  });

  it('compares with the oracle: value, oracle and gap = value − oracle', () => {
    const c = compareWithOracle({ a: 0.7, b: 0.5 }, { a: 0.5, b: 0.5 });
    expect(c.a.value).toBe(0.7);
    expect(c.a.oracle).toBe(0.5);
    expect(c.a.gap).toBeCloseTo(0.2, 15);
    expect(c.b.gap).toBe(0);
    expect(() => compareWithOracle({ a: 1 } as Record<string, number>, { b: 1 })).toThrow(
      'compareWithOracle: value and oracle must have the same keys; unmatched: a, b',
    );
  });

  it('flattens into the registered mia_auc_* columns', () => {
    const value = { confidence: 0.8, loss: 0.7, entropy: 0.6, modified_entropy: 0.9 };
    const oracle = { confidence: 0.55, loss: 0.5, entropy: 0.5, modified_entropy: 0.6 };
    const cols = miaColumns(compareWithOracle(value, oracle));
    expect(cols.mia_auc_loss).toBe(0.7);
    expect(cols.mia_auc_loss_oracle).toBe(0.5);
    expect(cols.mia_auc_modified_entropy_gap).toBeCloseTo(0.3, 15);
    expect(Object.keys(cols)).toHaveLength(12);
    for (const k of Object.keys(cols)) expect(isMetricKey(k), k).toBe(true);
  });
});
