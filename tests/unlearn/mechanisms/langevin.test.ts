import { describe, expect, it } from 'vitest';
import { accuracyOf } from '../../../src/train/predict.js';
import {
  bestEpsilon,
  initialRdp,
  rdpToDp,
  roundsRdp,
  smallestK,
  type LangevinConstants,
} from '../../../src/unlearn/mechanisms/langevin/accountant.js';
import { LangevinAll } from '../../../src/unlearn/mechanisms/langevin/langevin-all.js';
import {
  headConstants,
  LangevinHead,
  type LangevinConfig,
} from '../../../src/unlearn/mechanisms/langevin/langevin-head.js';
import { range } from '../../helpers/blobs.js';
import { blobData, mechanismEnvFor } from '../../helpers/mechanism-env.js';

/**
 * The authors' MNIST run (Graph-COM/Langevin_unlearning, MNIST_LMC_paint_utility_s.log): n = 11982, λn = m = 0.011982,
 * η = 1/L = 5.13609126969634, M = 1, σ = 0.1, δ = 1/n. Their script tries K = 1, 11, 21, … and prints the first K
 * that meets ε, with the minimising α.
 */
const paper: LangevinConstants = { m: 0.011982, eta: 5.13609126969634, sigma: 0.1, M: 1 };
const paperDelta = 8.345852111500584e-5;
const paperK: [S: number, epsilon: number, K: number][] = [
  [10, 0.5, 671],
  [50, 0.5, 1951],
  [50, 1, 751],
  [50, 2, 261],
  [100, 0.5, 2461],
  [100, 1, 1031],
  [100, 2, 421],
  [500, 0.5, 3601],
  [500, 1, 1641],
  [500, 2, 761],
  [1000, 0.5, 4091],
  [1000, 1, 1901],
  [1000, 2, 901],
];

describe('Langevin accountant', () => {
  for (const [S, epsilon, theirs] of paperK) {
    it(`reproduces the paper's worked example: S = ${S}, ε = ${epsilon} needs K = ${theirs} on their grid of 1, 11, 21, …`, () => {
      const found = smallestK([], { S, n: 11982 }, paper, paperDelta, epsilon, 1e6)!;
      expect(found.K).toBeLessThanOrEqual(theirs);
      expect(found.K).toBeGreaterThan(theirs - 10);
      expect(found.epsilon).toBeLessThanOrEqual(epsilon);
      expect(bestEpsilon([{ S, n: 11982, K: found.K - 1 }], paper, paperDelta).epsilon).toBeGreaterThan(epsilon);
    });
  }

  it("finds the paper's minimising orders α (S = 1: α = 201.966; S = 10, ε = 1: α = 21.0967; at K = 0)", () => {
    expect(bestEpsilon([{ S: 1, n: 11982, K: 0 }], paper, paperDelta).alpha).toBeCloseTo(201.9664809214845, 2);
    expect(bestEpsilon([{ S: 10, n: 11982, K: 0 }], paper, paperDelta).alpha).toBeCloseTo(21.096690231822382, 3);
  });

  it('converts RDP to (ε, δ) as ε_RDP + ln(1/δ)/(α − 1), by hand', () => {
    expect(rdpToDp(0.5, 2, 1e-5)).toBeCloseTo(0.5 + 11.512925464970229, 12);
    expect(rdpToDp(0.3, 11, 1e-5)).toBeCloseTo(0.3 + Math.log(1e5) / 10, 12);
  });

  it('minimises over α to the closed form aα + b/(α − 1) → a + 2√(ab) at α = 1 + √(b/a) (K = 0)', () => {
    const c: LangevinConstants = { m: 0.05, eta: 1.8, sigma: 0.1, M: 2 };
    const a = initialRdp(1, 3, 500, c);
    const b = Math.log(1e5);
    const best = bestEpsilon([{ S: 3, n: 500, K: 0 }], c, 1e-5);
    expect(best.epsilon).toBeCloseTo(a + 2 * Math.sqrt(a * b), 9);
    expect(best.alpha).toBeCloseTo(1 + Math.sqrt(b / a), 3);
  });

  it('composes sequential requests by the weak triangle inequality', () => {
    const c: LangevinConstants = { m: 0.05, eta: 1.8, sigma: 0.1, M: 2 };
    const rounds = [
      { S: 2, n: 300, K: 40 },
      { S: 1, n: 298, K: 25 },
    ];
    const alpha = 5;
    const first = Math.exp((-40 * 0.05 * 1.8) / (2 * alpha)) * initialRdp(2 * alpha, 2, 300, c);
    const expected =
      Math.exp((-25 * 0.05 * 1.8) / alpha) *
      (((alpha - 0.5) / (alpha - 1)) * first + initialRdp(2 * alpha - 1, 1, 298, c));
    expect(roundsRdp(alpha, rounds, c)).toBeCloseTo(expected, 12);
    expect(smallestK(rounds, { S: 1, n: 297 }, c, 1e-5, 1, 1e6)!.K).toBeGreaterThan(
      smallestK([], { S: 1, n: 297 }, c, 1e-5, 1, 1e6)!.K,
    );
  });
});

const config: LangevinConfig = {
  epsilon: 1,
  delta: 1e-5,
  lambda: 0.05,
  sigma: 0.1,
  steps: 1500,
  features: 'penultimate',
  publicFraction: 0,
  featureEpochs: 5,
};
const train = range(0, 150);

describe('Langevin head', () => {
  it('learns a useful head, unlearns with the smallest K meeting ε, and reports what it achieved', () => {
    const head = LangevinHead.train(mechanismEnvFor(1), train, config);
    expect(accuracyOf(head.model, blobData, range(150, 180), 3)).toBeGreaterThan(0.8);
    const report = head.forget(Int32Array.of(3));
    const expected = smallestK([], { S: 1, n: 150 }, headConstants(config), 1e-5, 1, 1500)!;
    expect(report.retrained).toBe(false);
    expect(report.details.unlearnSteps).toBe(expected.K);
    expect(report.budget.epsilon_achieved).toBeLessThanOrEqual(1);
    expect(head.rows()).not.toContain(3);
    expect(head.guarantee()).toMatchObject({ kind: 'certified', epsilon: 1, delta: 1e-5 });
  });

  it('retrains when more unlearning steps than learning steps would be needed', () => {
    const head = LangevinHead.train(mechanismEnvFor(2), train, config);
    const report = head.forget(range(0, 60));
    expect(report.retrained).toBe(true);
    expect(report.budget.requests_since_training).toBe(0);
  });

  it('saves and reloads exactly, and a reloaded head unlearns identically', () => {
    const head = LangevinHead.train(mechanismEnvFor(3), train, config);
    const copy = LangevinHead.load(mechanismEnvFor(3), head.save(), config);
    head.forget(Int32Array.of(7));
    copy.forget(Int32Array.of(7));
    expect(Array.from(copy.weights())).toEqual(Array.from(head.weights()));
  });
});

describe('Langevin on all parameters', () => {
  it('runs the same mechanism on the whole model and declares no guarantee', () => {
    const all = LangevinAll.train(mechanismEnvFor(4), train, {
      epsilon: 1,
      delta: 1e-5,
      lambda: 0.01,
      sigma: 0.01,
      steps: 60,
      stepSize: 0.2,
      clip: 1,
      radius: 100,
    });
    expect(accuracyOf(all.model, blobData, range(150, 180), 3)).toBeGreaterThan(0.8);
    const report = all.forget(Int32Array.of(1));
    expect(all.guarantee().kind).toBe('none');
    expect(report.retrained || (report.details.unlearnSteps as number) > 0).toBe(true);
  });
});
