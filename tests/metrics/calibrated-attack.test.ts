import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { calibratedAttack, calibratedAttackColumns, isMetricKey, MIA_ATTACKS } from '../../src/metrics/index.js';
import { syntheticRows } from '../helpers/probability-rows.js';

const C = 4;

describe('calibrated membership-inference attacks', () => {
  it('reach AUC 1 and advantage 1 when members are clearly more confident than non-members', () => {
    const rng = new Rng(1, 'separable');
    const report = calibratedAttack({
      classes: C,
      calibrationMembers: syntheticRows(rng, 150, C, 0.93, 0.99),
      calibrationNonMembers: syntheticRows(rng, 50, C, 0.3, 0.7),
      targetMembers: syntheticRows(rng, 40, C, 0.93, 0.99),
      targetNonMembers: syntheticRows(rng, 51, C, 0.3, 0.7),
      rng: new Rng(1, 'attack'),
    });
    expect(report.sizes).toEqual({
      calibrationMembers: 50,
      calibrationNonMembers: 50,
      targetMembers: 40,
      targetNonMembers: 51,
    });
    expect(report.logistic.auc).toBe(1);
    expect(report.logistic.target.balancedAccuracy).toBe(1);
    for (const attack of ['confidence', 'loss'] as const) {
      expect(report.threshold[attack].calibrationBalancedAccuracy, attack).toBe(1);
      expect(report.threshold[attack].target.advantage, attack).toBe(1);
    }
  });

  it('stay near chance when members and non-members come from the same distribution', () => {
    // 200 vs 200 target samples: the AUC's standard error under the null is ≈ 0.029, the advantage's ≈ 0.05.
    const rng = new Rng(2, 'null');
    const report = calibratedAttack({
      classes: C,
      calibrationMembers: syntheticRows(rng, 200, C, 0.2, 1),
      calibrationNonMembers: syntheticRows(rng, 200, C, 0.2, 1),
      targetMembers: syntheticRows(rng, 200, C, 0.2, 1),
      targetNonMembers: syntheticRows(rng, 200, C, 0.2, 1),
      rng: new Rng(2, 'attack'),
    });
    expect(Math.abs(report.logistic.auc - 0.5)).toBeLessThan(0.1);
    expect(Math.abs(report.logistic.target.advantage)).toBeLessThan(0.15);
    for (const attack of MIA_ATTACKS)
      expect(Math.abs(report.threshold[attack].target.advantage), attack).toBeLessThan(0.15);
  });

  it('balances the calibration task by subsampling the larger side, and depends on the stream key only', () => {
    const rng = new Rng(3, 'balance');
    const input = {
      classes: C,
      calibrationMembers: syntheticRows(rng, 12, C, 0.5, 1),
      calibrationNonMembers: syntheticRows(rng, 30, C, 0.2, 0.8),
      targetMembers: syntheticRows(rng, 10, C, 0.5, 1),
      targetNonMembers: syntheticRows(rng, 30, C, 0.2, 0.8),
    };
    const attackRng = new Rng(3, 'attack');
    const first = calibratedAttack({ ...input, rng: attackRng });
    expect(first.sizes).toEqual({
      calibrationMembers: 12,
      calibrationNonMembers: 12,
      targetMembers: 10,
      targetNonMembers: 30,
    });
    attackRng.uniform(); // drawing from the generator must not change the splits
    expect(calibratedAttack({ ...input, rng: attackRng })).toEqual(first);
  });

  it('flattens into registered columns', () => {
    const rng = new Rng(4, 'columns');
    const report = calibratedAttack({
      classes: C,
      calibrationMembers: syntheticRows(rng, 20, C, 0.6, 1),
      calibrationNonMembers: syntheticRows(rng, 10, C, 0.3, 0.9),
      targetMembers: syntheticRows(rng, 5, C, 0.6, 1),
      targetNonMembers: syntheticRows(rng, 10, C, 0.3, 0.9),
      rng,
    });
    const cols = calibratedAttackColumns(report);
    expect(Object.keys(cols)).toHaveLength(11);
    for (const k of Object.keys(cols)) expect(isMetricKey(k), k).toBe(true);
    expect(cols.mia_cal_logistic_auc).toBe(report.logistic.auc);
  });

  it('needs rows in every set', () => {
    const rng = new Rng(5);
    const one = syntheticRows(rng, 1, C, 0.5, 1);
    const none = { probs: new Float64Array(0), labels: new Int32Array(0) };
    expect(() =>
      calibratedAttack({
        classes: C,
        calibrationMembers: one,
        calibrationNonMembers: one,
        targetMembers: one,
        targetNonMembers: none,
        rng,
      }),
    ).toThrow('calibratedAttack: targetNonMembers.probs is empty; pass at least one probability row');
  });
});
