import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExperiment, runAudit, type AuditRow } from '../../src/experiment/index.js';
import { tempDir } from '../helpers/cli.js';

const row = (rows: readonly AuditRow[], method: string): AuditRow => rows.find((r) => r.method === method)!;

describe('auditing methods with a guarantee (Iris class forgetting, N = 8)', () => {
  const experiment = resolveExperiment({
    methods: ['original', 'retrain', 'sisa', 'certified-newton'],
    scenarios: ['class'],
    audit: { models: 8 },
  });
  const outcome = runAudit(experiment, { dir: join(tempDir(), 'audit'), workers: 1 });

  it('compares each guaranteed method with its own mechanism retrained without the forget set, and checks its claim', async () => {
    const { rows, failures } = await outcome;
    expect(failures).toEqual([]);
    const sisa = row(rows, 'sisa');
    expect(sisa).toMatchObject({ status: 'ok', reference: 'same mechanism', claimed_epsilon: 0 });
    expect(row(rows, 'certified-newton')).toMatchObject({ reference: 'same mechanism', claimed_epsilon: 1 });
    expect(row(rows, 'retrain')).toMatchObject({ reference: 'retrained', claimed_epsilon: 0 });
    expect(row(rows, 'original')).toMatchObject({ reference: 'retrained', claimed_epsilon: null, claim_refuted: null });
    for (const r of rows) {
      expect(r.epsilon_bound).toBeGreaterThanOrEqual(0);
      expect(r.epsilon_bound).toBeLessThanOrEqual(r.epsilon_resolution!);
    }
    // A population of the same mechanism: the certified head's accuracies are the head's, not the CNN-free model's.
    expect(sisa.retain_acc_retrained).toBeGreaterThan(0.5);
  });
});
