import { join } from 'node:path';
import { expect } from 'vitest';
import type { SummaryRow } from '../../src/experiment/results.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** Teacher and oracle accuracies shared by every row of the synthetic scenario (as the runner writes them). */
export const REFERENCE_MEANS = {
  teacher_forget_acc: 1,
  teacher_retain_acc: 0.95,
  teacher_test_acc: 0.9,
  oracle_forget_acc: 0.2,
  oracle_retain_acc: 0.93,
  oracle_test_acc: 0.85,
  mia_auc_confidence_oracle: 0.55,
  mia_auc_loss_oracle: 0.6,
  retrain_seconds: 2,
};

/**
 * A summary row of the synthetic scenario: the reference means plus `mean`; with several seeds, sd 0.01 and a 95 %
 * t-interval half-width of 0.02 on every metric.
 */
export function summaryRow(method: string, label: string, mean: Record<string, number>, seeds = 1): SummaryRow {
  const all = { ...REFERENCE_MEANS, ...mean };
  const spread = (v: number): Record<string, number> =>
    seeds > 1 ? Object.fromEntries(Object.keys(all).map((k) => [k, v])) : {};
  const n = Object.fromEntries(Object.keys(all).map((k) => [k, seeds]));
  return {
    scenario: 'subset',
    method,
    method_label: label,
    seeds,
    n,
    mean: all,
    std: spread(0.01),
    ci95: spread(0.02),
    censored: {},
  };
}

/** Three methods with hand-picked values: one as the teacher, one near the oracle, one far from it. */
export function syntheticRows(seeds = 1): SummaryRow[] {
  return [
    summaryRow(
      'original',
      'Original',
      {
        forget_acc: 1,
        retain_acc: 0.95,
        test_acc: 0.9,
        uqi: 0,
        tow: 0.2,
        js_test: 0.3,
        js_forget: 0.4,
        js_retain: 0.2,
        agree_test: 0.7,
        mia_auc_confidence: 0.8,
        mia_auc_loss: 0.75,
        seconds: 0.01,
      },
      seeds,
    ),
    summaryRow(
      'ga',
      'GA',
      {
        forget_acc: 0.21,
        retain_acc: 0.92,
        test_acc: 0.86,
        uqi: 0.75,
        tow: 0.97,
        js_test: 0.01,
        js_forget: 0.02,
        js_retain: 0.01,
        agree_test: 0.99,
        mia_auc_confidence: 0.56,
        mia_auc_loss: 0.6,
        seconds: 0.05,
      },
      seeds,
    ),
    summaryRow(
      'ft',
      'Fine-tune',
      {
        forget_acc: 0.6,
        retain_acc: 0.9,
        test_acc: 0.7,
        uqi: 0.27,
        tow: 0.5,
        js_test: 0.12,
        js_forget: 0.2,
        js_retain: 0.1,
        agree_test: 0.8,
        mia_auc_confidence: 0.7,
        mia_auc_loss: 0.65,
        seconds: 0.5,
      },
      seeds,
    ),
  ];
}

/** Small, fast Iris run settings (a few methods, short training). */
export const SMALL_RUN = ['--methods', 'original,retrain,ga,scrub', '--epochs', '10', '--quiet', '--workers', '2'];

/** Runs `qunlearn run` into a fresh folder and returns it; extra args are added, replacing SMALL_RUN's flag of the same name. */
export function makeRun(name: string, args: string[] = []): string {
  const dir = join(tempDir('qunlearn-report-'), name);
  const given = new Set(args.filter((a) => a.startsWith('--')));
  const base = SMALL_RUN.filter((a, i) => !given.has(a) && !(!a.startsWith('--') && given.has(SMALL_RUN[i - 1])));
  const r = runCli(['run', ...base, ...args, '--out', dir]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return dir;
}

/** The `data.values` rows of a chart spec. */
export function specValues(spec: unknown): Record<string, unknown>[] {
  return (spec as { data: { values: Record<string, unknown>[] } }).data.values;
}

/** Every layer of a (faceted or plain) layered spec. */
export function specLayers(spec: unknown): Record<string, unknown>[] {
  const s = spec as { layer?: Record<string, unknown>[]; spec?: { layer?: Record<string, unknown>[] } };
  return s.spec?.layer ?? s.layer ?? [];
}
