import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import type { Scenario } from '../../src/data/scenarios.js';
import { evaluationSets, outputsOf, privacyOf } from '../../src/experiment/evaluate.js';
import { miaAucs } from '../../src/metrics/mia-report.js';
import { trainClassifier } from '../../src/train/classifier.js';
import { blobs, range, smallModel } from '../helpers/blobs.js';

/** 300 rows per class (row r has class r mod 3): a third of each class is test data, the rest training data. */
const data = blobs(300, 4, 1.2);
const all = range(0, 900);
const isTest = (r: number): boolean => Math.floor(r / 3) % 3 === 0;
const test = all.filter(isTest);
const train = all.filter((r) => !isTest(r));
const forget = train.filter((r) => data.labels[r] === 0);
const retain = train.filter((r) => data.labels[r] !== 0);
const scenario = { name: 'class-0', kind: 'class', forget, retain } as unknown as Scenario;
const settings = {
  relearn: false,
  relearnMaxSteps: 0,
  calibratedAttack: true,
  referenceMia: false,
  lr: 1e-2,
  batchSize: 32,
};

describe('membership inference in a class scenario', () => {
  it('compares the forgotten class with held-out rows of the same class, so a model that never saw it scores about 0.5', () => {
    const oracle = smallModel(new Rng(0, 'oracle'));
    trainClassifier(oracle, data, {
      trainRows: retain,
      selectRows: null,
      classes: 3,
      epochs: 15,
      patience: 15,
      batchSize: 32,
      lr: 1e-2,
      rng: new Rng(0, 'shuffle'),
    });
    const sets = evaluationSets(data, scenario, test, new Rng(0, 'membership'));
    expect(Array.from(sets.membership.nonMembers, (p) => data.labels[test[p]]).every((c) => c === 0)).toBe(true);
    expect(sets.membership.nonMembers.length).toBe(100);
    expect(Array.from(sets.membership.targetNonMembers, (p) => data.labels[test[p]]).every((c) => c === 0)).toBe(true);
    const outputs = outputsOf(oracle, data, sets);
    const privacy = privacyOf(outputs, sets, 3, settings, new Rng(0, 'privacy'), () => ({ steps: 0, censored: false }));
    // 200 members vs 100 non-members: the AUC's standard error under the null is about 0.035.
    for (const auc of Object.values(privacy.mia)) expect(Math.abs(auc - 0.5)).toBeLessThan(0.12);
    expect(Math.abs(privacy.calibrated!.mia_cal_logistic_auc - 0.5)).toBeLessThan(0.15);
    // What the old choice of non-members (the whole test set, every class) measured instead: how well the model knows
    // class 0 against the other classes (the loss attack sees a class it never learned, not membership).
    const wholeTest = miaAucs(
      { probs: outputs.forget, labels: sets.labels.forget },
      { probs: outputs.test, labels: sets.labels.test },
      3,
    );
    expect(wholeTest.loss).toBeLessThan(0.3);
  });
});
