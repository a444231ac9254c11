import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import {
  checkTarget,
  DEFAULT_TARGET_TOLERANCE,
  forgetTargetOf,
  methodSelectionPolicy,
} from '../../src/unlearn/selection.js';
import { smallModel } from '../helpers/blobs.js';
import { data } from '../helpers/unlearn-fixture.js';

const labels = Int32Array.from([0, 0, 1, 0, 0, 0, 1, 1, 2, 2]);

describe('the forget target', () => {
  it('is the never-seen level of accuracy when every forgotten class is absent from the retain set', () => {
    const t = forgetTargetOf(labels, Int32Array.of(2, 6, 7, 8), Int32Array.of(0, 1, 3), null)!;
    expect(t.kind).toBe('unseen-class');
    expect(Array.from(t.heldOut)).toEqual([]);
  });

  it("is the held-out loss of validation rows of the forget set's classes otherwise, and needs a validation split", () => {
    const t = forgetTargetOf(labels, Int32Array.of(1, 2, 7), Int32Array.of(0), Int32Array.of(3, 4, 5, 8, 9))!;
    expect(t.kind).toBe('held-out-loss');
    expect(Array.from(t.heldOut)).toEqual([3, 4, 5]);
    expect(forgetTargetOf(labels, Int32Array.of(1, 2, 7), Int32Array.of(0), null)).toBeNull();
    expect(() => forgetTargetOf(labels, Int32Array.of(1, 7), Int32Array.of(0, 2), Int32Array.of(3, 4, 8))).toThrow(
      /class 1 has none/,
    );
  });

  it("compares the forget rows' mean loss with held-out losses weighted to their class mix, within 2 standard errors", () => {
    const target = {
      kind: 'held-out-loss' as const,
      forget: Int32Array.of(0, 1, 2),
      heldOut: Int32Array.of(3, 4, 5, 6, 7),
      tolerance: DEFAULT_TARGET_TOLERANCE,
    };
    const check = checkTarget(
      target,
      labels,
      { loss: Float64Array.of(1, 2, 3), correct: Uint8Array.of(1, 1, 1) },
      Float64Array.of(1, 1, 2, 2, 4),
    );
    const level = (2 / 3) * (4 / 3) + (1 / 3) * 3;
    const se = Math.sqrt(1 / 3 + ((4 / 9) * (1 / 3)) / 3 + ((1 / 9) * 2) / 2);
    expect(check.measure).toBe('loss');
    expect(check.target).toBeCloseTo(level, 12);
    expect(check.value).toBeCloseTo(2, 12);
    expect(check.tolerance).toBeCloseTo(2 * se, 12);
    expect(check.distance).toBeCloseTo(2 - level, 12);
    expect(check.reached).toBe(true);
    const remembered = checkTarget(
      target,
      labels,
      { loss: Float64Array.of(0.01, 0.01, 0.02), correct: Uint8Array.of(1, 1, 1) },
      Float64Array.of(1, 1, 1.1, 2, 2.2),
    );
    expect(remembered.reached).toBe(false);
  });

  it('judges forgotten classes by accuracy against 0 with the stated margin', () => {
    const target = {
      kind: 'unseen-class' as const,
      forget: Int32Array.of(0, 1, 3, 4),
      heldOut: new Int32Array(0),
      tolerance: DEFAULT_TARGET_TOLERANCE,
    };
    const at = (correct: number[]) =>
      checkTarget(
        target,
        labels,
        { loss: new Float64Array(4), correct: Uint8Array.from(correct) },
        new Float64Array(0),
      );
    expect(at([0, 0, 0, 0])).toMatchObject({ measure: 'accuracy', value: 0, target: 0, reached: true });
    expect(at([1, 0, 0, 0])).toMatchObject({ value: 0.25, distance: 0.25, reached: false });
  });

  it('forget-target selection refuses to run without validation rows (never the test set)', () => {
    const model = smallModel(new Rng(0));
    const selection = { policy: 'forget-target' as const, utilityRows: null, metric: 'loss' as const, target: null };
    expect(() => methodSelectionPolicy(model, data, 3, selection, 'forget-target')).toThrow(
      /forget-target selection needs validation rows/,
    );
    expect(methodSelectionPolicy(model, data, 3, selection, 'last').keepsLast).toBe(true);
  });
});
