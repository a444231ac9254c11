import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../src/experiment/config.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { METHODS } from '../../src/unlearn/registry.js';
import { tempDir } from '../helpers/cli.js';

/** Columns that depend only on the returned model's outputs (not on timing or configuration). */
const OUTPUT_COLUMNS = [
  'forget_acc',
  'retain_acc',
  'test_acc',
  'kl_forget',
  'kl_retain',
  'kl_test',
  'js_test',
  'mia_auc_loss',
  'mia_auc_entropy',
];

describe('every method is its own method', () => {
  it('no two methods give identical rows on the same Iris scenario (sound preset)', async () => {
    const experiment = resolveExperiment({
      scenarios: ['subset'],
      evaluation: { relearn: false, calibratedAttack: false },
    });
    const { rows } = await runExperiment(experiment, { dir: join(tempDir('qunlearn-distinct-'), 'run'), workers: 1 });
    expect(rows.length).toBe(METHODS.length);
    const fingerprint = (r: Record<string, unknown>): string => JSON.stringify(OUTPUT_COLUMNS.map((k) => r[k]));
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        expect(fingerprint(rows[i]), `${String(rows[i].method)} vs ${String(rows[j].method)}`).not.toBe(
          fingerprint(rows[j]),
        );
      }
    }
    // Under the sound protocol every training method is judged against the forget target.
    for (const r of rows) if (r.selection !== '') expect(r.selection).toBe('forget-target');
    expect(rows.find((r) => r.method === 'retrain')!.target_reached).toBe(true);
  });
});
