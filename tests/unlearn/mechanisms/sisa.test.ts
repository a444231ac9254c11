import { describe, expect, it } from 'vitest';
import { captureState } from '../../../src/models/state.js';
import { accuracyOf } from '../../../src/train/predict.js';
import { cumulativeSlices, placeRow } from '../../../src/unlearn/mechanisms/sisa/assignment.js';
import { batchSizeFor } from '../../../src/unlearn/mechanisms/batch-size.js';
import { SisaSystem, type SisaConfig } from '../../../src/unlearn/mechanisms/sisa/system.js';
import { retrainMechanism } from '../../../src/unlearn/mechanism-run.js';
import { getMethod, resolveMethodConfig } from '../../../src/unlearn/registry.js';
import { range } from '../../helpers/blobs.js';
import { fixtureContext, forgetClass, retainClass, trainReferences } from '../../helpers/unlearn-fixture.js';
import { blobData, mechanismEnvFor } from '../../helpers/mechanism-env.js';

const config: SisaConfig = { shards: 3, slices: 3, epochsPerSlice: 4, aggregation: 'mean' };
const train = range(0, 150);

/** Every tensor of a model as one flat list of numbers (bit-exact comparison with toEqual). */
const weights = (system: SisaSystem | SisaSystem['model']): number[] =>
  [...captureState('model' in system ? system.model : system).tensors.values()].flatMap((t) => Array.from(t.data));

describe('SISA placement', () => {
  it('depends only on the row id and the salt, and cumulates slices', () => {
    expect(placeRow(17, 5, 4, 99)).toEqual(placeRow(17, 5, 4, 99));
    const all = cumulativeSlices(train, 3, 3, 7);
    const fewer = cumulativeSlices(
      train.filter((r) => r !== 17),
      3,
      3,
      7,
    );
    const { shard } = placeRow(17, 3, 3, 7);
    all.forEach((stages, s) => {
      for (let k = 1; k < 3; k++) for (const r of stages[k - 1]) expect(stages[k]).toContain(r);
      if (s !== shard) expect(fewer[s]).toEqual(stages);
    });
    expect(all.reduce((n, s) => n + s[2].length, 0)).toBe(150);
  });
});

describe('SISA deletion', () => {
  for (const dropout of [false, true]) {
    it(`is bit-identical to a system trained from scratch without the rows, same seeds (dropout ${dropout})`, () => {
      const forget = Int32Array.of(3, 40, 41, 97);
      const env = () => mechanismEnvFor(5, blobData, { dropout });
      const deleted = SisaSystem.train(env(), train, config);
      const before = weights(deleted);
      const report = deleted.forget(forget);
      const scratch = SisaSystem.train(
        env(),
        train.filter((r) => !forget.includes(r)),
        config,
      );
      expect(weights(deleted)).toEqual(weights(scratch));
      expect(weights(deleted)).not.toEqual(before);
      expect(Array.from(deleted.rows())).toEqual(Array.from(scratch.rows()));
      expect(report.workRedone).toBeGreaterThan(0);
      expect(report.workRedone).toBeLessThan(1);
    });
  }

  it('retrains only the shard that held the row, from the slice that held it, and redoes at most 1/S of the work', () => {
    const system = SisaSystem.train(mechanismEnvFor(2), train, config);
    const state = system.save().state as { salt: number };
    const row = 60;
    const { shard, slice } = placeRow(row, 3, 3, state.salt);
    const untouched = captureState(system.model);
    const report = system.forget(Int32Array.of(row));
    expect(report.details.shardsRetrained).toEqual([shard]);
    expect(report.details.fromSlice).toEqual({ [shard]: slice });
    expect(report.workRedone).toBeLessThanOrEqual(1 / 3 + 1e-12);
    for (const [name, t] of captureState(system.model).tensors) {
      if (!name.startsWith(`sisa.shard-${shard}.`))
        expect(Array.from(t.data)).toEqual(Array.from(untouched.tensors.get(name)!.data));
    }
  });

  it('answers with an ensemble that is competent, saves and reloads exactly, and can vote', () => {
    const env = mechanismEnvFor(1);
    const system = SisaSystem.train(env, train, config);
    expect(accuracyOf(system.model, blobData, range(150, 180), 3)).toBeGreaterThan(0.9);
    const reloaded = SisaSystem.load(mechanismEnvFor(1), system.save(), config);
    expect(weights(reloaded)).toEqual(weights(system));
    const a = reloaded.forget(Int32Array.of(5, 6));
    const b = system.forget(Int32Array.of(5, 6));
    expect(weights(reloaded)).toEqual(weights(system));
    expect(a.workRedone).toBe(b.workRedone);
    const voting = SisaSystem.train(mechanismEnvFor(1), train, { ...config, aggregation: 'vote' });
    expect(accuracyOf(voting.model, blobData, range(150, 180), 3)).toBeGreaterThan(0.9);
  });
});

describe('batches of mechanisms', () => {
  it('never leave a single row in the last batch (batch normalisation cannot train on one row)', () => {
    expect(batchSizeFor(33, 32)).toBe(33);
    expect(batchSizeFor(65, 32)).toBe(33);
    expect(batchSizeFor(7, 2)).toBe(4);
    expect(batchSizeFor(40, 32)).toBe(32);
    expect(batchSizeFor(1, 32)).toBe(32);
    for (let n = 2; n < 200; n++) expect(n % batchSizeFor(n, 8)).not.toBe(1);
  });
});

describe('SISA as a method', () => {
  it("run's answer equals retraining of the same mechanism without the forget set, bit for bit (what an audit compares)", () => {
    const states = trainReferences();
    const method = getMethod('sisa');
    const config = resolveMethodConfig(method, 'tabular', { shards: 3, slices: 2, epochsPerSlice: 3 });
    const outcome = method.run(fixtureContext(states, forgetClass.subarray(0, 7), retainClass, { seed: 4 }), config);
    const retrained = retrainMechanism(
      method.mechanism!,
      fixtureContext(states, forgetClass.subarray(0, 7), retainClass, { seed: 4 }),
      config,
    );
    expect(weights(outcome.replacement!.model)).toEqual(weights(retrained));
    expect(outcome.mechanism!.deletion.workRedone).toBeGreaterThan(0);
    expect(outcome.seconds).toBeLessThan(outcome.mechanism!.trainingSeconds * 5);
  });
});
