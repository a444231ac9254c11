import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QunlearnError } from '../../src/core/errors.js';
import { resolveExperiment } from '../../src/experiment/config.js';
import { loadModelDir, modelDirFiles, readMechanismRecord } from '../../src/experiment/deletion/model-dir.js';
import { applyDeletionRequest, trainMechanismModel, verifyModelDir } from '../../src/experiment/deletion/workflow.js';
import { captureState } from '../../src/models/state.js';
import { SisaSystem, type SisaConfig } from '../../src/unlearn/mechanisms/sisa/system.js';
import { tempDir } from '../helpers/cli.js';

const sisaSettings: SisaConfig = { shards: 3, slices: 2, epochsPerSlice: 3, aggregation: 'mean' };

function train(method: string, settings: Record<string, unknown>): string {
  const dir = join(tempDir(), 'model');
  trainMechanismModel(
    resolveExperiment({
      dataset: 'iris',
      methods: [method],
      methodSettings: { [method]: settings },
      scenarios: ['subset'],
    }),
    dir,
  );
  return dir;
}

function request(dir: string, ids: number[] | string): string {
  const file = join(dir, '..', `request-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, typeof ids === 'string' ? ids : `${ids.join('\n')}\n`);
  return file;
}

/** Every file of a model directory, byte for byte. */
function snapshot(dir: string): string[] {
  return ['model.safetensors', 'model.json', 'mechanism.safetensors', 'mechanism.json', 'ledger.jsonl'].map((f) =>
    readFileSync(join(dir, f), 'latin1'),
  );
}

const trainRows = (dir: string): number[] => readMechanismRecord(dir).plan.train;
const weights = (model: Parameters<typeof captureState>[0]): number[] =>
  [...captureState(model).tensors.values()].flatMap((t) => Array.from(t.data));

describe('deletion requests against a saved SISA model', () => {
  it('applies sequential requests and ends bit-identical to a SISA system trained from scratch without the rows', () => {
    const dir = train('sisa', sisaSettings);
    const rows = trainRows(dir);
    const first = applyDeletionRequest(dir, request(dir, [rows[0], rows[5]]));
    const second = applyDeletionRequest(dir, request(dir, [rows[9]]));
    expect(first.ledger.seq).toBe(1);
    expect(second.ledger.seq).toBe(2);
    expect(second.ledger.previous).toBe(first.ledger.hash);
    expect(second.report.workRedone).toBeLessThanOrEqual(1 / 3 + 1e-12);
    expect(verifyModelDir(dir).problems).toEqual([]);
    const loaded = loadModelDir(dir);
    const remaining = Int32Array.from(rows.filter((r) => ![rows[0], rows[5], rows[9]].includes(r)));
    const scratch = SisaSystem.train(loaded.env, remaining, sisaSettings);
    expect(weights(loaded.trained.model)).toEqual(weights(scratch.model));
  });

  it('refuses bad requests with one clear error and changes nothing', () => {
    const dir = train('sisa', sisaSettings);
    const rows = trainRows(dir);
    applyDeletionRequest(dir, request(dir, [rows[2]]));
    const before = snapshot(dir);
    const { test } = readMechanismRecord(dir).plan;
    const bad: [string | number[], RegExp][] = [
      ['# nothing\n', /names no row ids/],
      [[rows[3], 150], /row 150 does not exist: the dataset has rows 0\.\.149/],
      [[rows[2]], /row \d+ was already deleted \(ledger record 1\)/],
      [[test[0]], /is a test row: the model never trained on it/],
      [[rows[4], rows[4]], /is repeated \(first on line 1\)/],
      ['3\nabc\n', /'abc' is not a row id/],
    ];
    for (const [ids, message] of bad) {
      expect(() => applyDeletionRequest(dir, request(dir, ids))).toThrow(message);
      expect(() => applyDeletionRequest(dir, request(dir, ids))).toThrow(QunlearnError);
    }
    expect(() => applyDeletionRequest(dir, join(dir, 'nope.txt'))).toThrow(
      /cannot read deletion request .*no such file/,
    );
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('the ledger', () => {
  it('detects an edited record, a dropped record, a dropped last record and a replaced model, and then refuses requests', () => {
    const dir = train('sisa', sisaSettings);
    const rows = trainRows(dir);
    applyDeletionRequest(dir, request(dir, [rows[1]]));
    applyDeletionRequest(dir, request(dir, [rows[2]]));
    const ledger = modelDirFiles.ledger(dir);
    const original = readFileSync(ledger, 'utf8');
    const lines = original.trim().split('\n');

    writeFileSync(ledger, `${[lines[0], lines[1].replace('"rows":1', '"rows":0'), lines[2]].join('\n')}\n`);
    expect(verifyModelDir(dir).problems.join(' | ')).toMatch(/line 2 \(record 1\) was edited/);
    expect(() => applyDeletionRequest(dir, request(dir, [rows[3]]))).toThrow(
      /does not verify .*was edited.*no request is applied/,
    );

    writeFileSync(ledger, `${[lines[0], lines[2]].join('\n')}\n`);
    expect(verifyModelDir(dir).problems.join(' | ')).toMatch(/sequence number 2, expected 1/);

    writeFileSync(ledger, `${[lines[0], lines[1]].join('\n')}\n`);
    expect(verifyModelDir(dir).problems.join(' | ')).toMatch(/the ledger has 2 records, the model's state records 3/);

    writeFileSync(ledger, original);
    expect(verifyModelDir(dir).problems).toEqual([]);
    const tensors = readFileSync(modelDirFiles.tensors(dir));
    tensors[tensors.length - 1] ^= 1;
    writeFileSync(modelDirFiles.tensors(dir), tensors);
    expect(verifyModelDir(dir).problems.join(' | ')).toMatch(/the model was replaced outside qunlearn forget/);
  });
});

describe('deletion requests against certified models', () => {
  it('certified-newton: public-split rows cannot be deleted; the budget runs out, the head retrains, and the ledger says so', () => {
    const dir = train('certified-newton', { publicFraction: 0.3, residualBudget: 0.02, featureEpochs: 5 });
    const state = readMechanismRecord(dir).state as { publicRows: number[]; rows: number[] };
    expect(() => applyDeletionRequest(dir, request(dir, [state.publicRows[0]]))).toThrow(
      /declared public split, which deletion requests may not touch/,
    );
    const deletable = state.rows.filter((r) => !state.publicRows.includes(r));
    const outcomes = [0, 1, 2, 3, 4].map((i) => applyDeletionRequest(dir, request(dir, [deletable[i]])));
    expect(outcomes.some((o) => o.report.retrained)).toBe(true);
    const retrained = outcomes.find((o) => o.report.retrained)!;
    expect(retrained.ledger.retrained).toBe(true);
    expect(retrained.ledger.guarantee).toMatchObject({ kind: 'certified', epsilon: 1 });
    expect((retrained.ledger.budget as { retrains: number }).retrains).toBe(1);
    expect(verifyModelDir(dir).problems).toEqual([]);
  });

  it('langevin: each request runs the K its bound asks for and records the ε achieved', () => {
    const dir = train('langevin', {});
    const rows = trainRows(dir);
    const outcome = applyDeletionRequest(dir, request(dir, [rows[7]]));
    expect(outcome.report.retrained).toBe(false);
    expect(outcome.report.details.unlearnSteps).toBeGreaterThan(0);
    expect((outcome.ledger.budget as { epsilon_achieved: number }).epsilon_achieved).toBeLessThanOrEqual(1);
    expect(outcome.accuracy.before.test).toBeGreaterThan(0);
  });
});
