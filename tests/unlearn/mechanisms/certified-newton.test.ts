import { describe, expect, it } from 'vitest';
import { predictProbabilities } from '../../../src/train/predict.js';
import { accuracyOf } from '../../../src/train/predict.js';
import {
  CertifiedHead,
  perturbationSigma,
  type CertifiedNewtonConfig,
} from '../../../src/unlearn/mechanisms/head/certified-newton.js';
import {
  minimisePerturbed,
  norm,
  perturbedGradientNorm,
  rowLogits,
  softmaxInPlace,
} from '../../../src/unlearn/mechanisms/head/softmax-head.js';
import { range } from '../../helpers/blobs.js';
import { blobData, mechanismEnvFor } from '../../helpers/mechanism-env.js';

const config: CertifiedNewtonConfig = {
  epsilon: 1,
  delta: 1e-5,
  lambda: 0.05,
  residualBudget: 2,
  features: 'penultimate',
  publicFraction: 0,
  featureEpochs: 5,
};
const train = range(0, 150);

function distance(a: Float64Array, b: Float64Array): number {
  return norm(a.map((v, i) => v - b[i]));
}

describe('certified-newton', () => {
  it('the accumulated bound never falls below the true gradient norm, and each step moves towards the retrained minimiser', () => {
    const head = CertifiedHead.train(mechanismEnvFor(1), train, config);
    const requests = [[4], [17, 18], [60], [90, 91, 92, 93], [5], [120, 121]];
    for (const request of requests) {
      const before = head.snapshot();
      const report = head.forget(Int32Array.from(request));
      expect(report.retrained).toBe(false);
      const after = head.snapshot();
      const remaining = head.rows();
      const actual = perturbedGradientNorm(after.W, after.data, remaining, after.lambda, after.b);
      expect(actual).toBeGreaterThan(0);
      expect(after.bound).toBeGreaterThanOrEqual(actual);
      const exact = minimisePerturbed(after.data, remaining, after.lambda, after.b).W;
      expect(distance(after.W, exact)).toBeLessThan(distance(before.W, exact));
    }
  });

  it('answers with the head it certifies: the model computes softmax(W x̃)', () => {
    const head = CertifiedHead.train(mechanismEnvFor(2), train, config);
    const { W, data } = head.snapshot();
    const probs = predictProbabilities(head.model, blobData, Int32Array.of(0, 77, 170));
    [0, 77, 170].forEach((id, r) => {
      const z = new Float64Array(3);
      rowLogits(W, data, id, z);
      softmaxInPlace(z);
      for (let c = 0; c < 3; c++) expect(probs[r * 3 + c]).toBeCloseTo(z[c], 12);
    });
    expect(accuracyOf(head.model, blobData, range(150, 180), 3)).toBeGreaterThan(0.3);
  });

  it('retrains with fresh noise once the budget runs out, and says so', () => {
    const head = CertifiedHead.train(mechanismEnvFor(3), train, { ...config, residualBudget: 1e-3 });
    const b0 = head.snapshot().b;
    const report = head.forget(Int32Array.of(10));
    expect(report.retrained).toBe(true);
    expect(report.budget.retrains).toBe(1);
    const after = head.snapshot();
    expect(after.b).not.toEqual(b0);
    expect(after.bound).toBeLessThan(1e-3);
    expect(perturbedGradientNorm(after.W, after.data, head.rows(), after.lambda, after.b)).toBeLessThanOrEqual(
      after.bound + 1e-15,
    );
  });

  it('draws its noise at σ = √(2 ln(1.5/δ))·ε′/ε and saves and reloads exactly', () => {
    expect(perturbationSigma({ epsilon: 2, delta: 1e-5, residualBudget: 0.5 })).toBeCloseTo(
      (Math.sqrt(2 * Math.log(1.5e5)) * 0.5) / 2,
      12,
    );
    const env = mechanismEnvFor(4);
    const head = CertifiedHead.train(env, train, config);
    const copy = CertifiedHead.load(mechanismEnvFor(4), head.save(), config);
    head.forget(Int32Array.of(33));
    copy.forget(Int32Array.of(33));
    expect(Array.from(copy.snapshot().W)).toEqual(Array.from(head.snapshot().W));
    expect(copy.budget()).toEqual(head.budget());
  });

  it('trains its feature map on a public split only, and keeps it out of deletable rows', () => {
    const head = CertifiedHead.train(mechanismEnvFor(5), train, { ...config, publicFraction: 0.3 }, range(0, 100));
    expect(head.publicRows.length).toBe(30);
    for (const r of head.publicRows) expect(r).toBeLessThan(100);
    expect(head.guarantee()).toMatchObject({ kind: 'certified', epsilon: 1, delta: 1e-5 });
    expect(accuracyOf(head.model, blobData, range(150, 180), 3)).toBeGreaterThan(0.8);
  });
});
