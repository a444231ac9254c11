import { describe, expect, it } from 'vitest';
import { DIRECTION_DESCRIPTIONS, METRIC_KEYS, metricInfo, SUITE_KEYS, timingColumns } from '../../src/metrics/index.js';

describe('metric keys', () => {
  it('are snake_case with a description and a known direction', () => {
    for (const [key, info] of Object.entries(METRIC_KEYS)) {
      expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(info.description.length, key).toBeGreaterThan(10);
      expect(DIRECTION_DESCRIPTIONS[info.direction], key).toBeDefined();
    }
  });

  it('cover every column the metric functions produce', () => {
    for (const k of SUITE_KEYS) expect(METRIC_KEYS[k]).toBeDefined();
    for (const k of Object.keys(timingColumns(1, 2))) expect(metricInfo(k)).toBeDefined();
    expect(metricInfo('relearn_steps').direction).toBe('higher');
    expect(metricInfo('mia_auc_loss_gap').direction).toBe('closer_to_zero');
    expect(metricInfo('forget_acc').direction).toBe('closer_to_oracle');
  });

  it('unknown keys list the known ones', () => {
    expect(() => metricInfo('forget_accuracy')).toThrow(
      /^metricInfo: unknown metric key 'forget_accuracy'; known keys: forget_acc, retain_acc, /,
    );
  });
});
