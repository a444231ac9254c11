import { describe, expect, it } from 'vitest';
import { measureWallClock, speedupOverRetrain, timingColumns } from '../../src/metrics/index.js';

describe('timing', () => {
  it('speed-up is retrain seconds over method seconds, null for a zero method time', () => {
    expect(speedupOverRetrain(10, 2)).toBe(5);
    expect(speedupOverRetrain(1, 4)).toBe(0.25);
    expect(speedupOverRetrain(10, 0)).toBeNull();
    expect(timingColumns(2, 10)).toEqual({ seconds: 2, retrain_seconds: 10, speedup: 5 });
  });

  it('measureWallClock returns the value and a non-negative duration', () => {
    const t = measureWallClock(() => 42);
    expect(t.value).toBe(42);
    expect(t.seconds).toBeGreaterThanOrEqual(0);
  });

  it('rejects negative or non-finite seconds', () => {
    expect(() => speedupOverRetrain(10, -1)).toThrow(
      'speedupOverRetrain: methodSeconds must be a finite number of seconds >= 0, got -1',
    );
    expect(() => timingColumns(1, Number.NaN)).toThrow(
      'speedupOverRetrain: retrainSeconds must be a finite number of seconds >= 0, got NaN',
    );
  });
});
