import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, logisticDecision, logisticProbabilities } from '../../src/metrics/index.js';

/** The fitted objective written out independently, in terms of the raw features and the model's parameters. */
function objective(x: number[][], y: number[], w: number[], b: number, l2: number): number {
  const dims = w.length;
  const n = x.length;
  const mean = Array.from({ length: dims }, (_v, a) => x.reduce((s, r) => s + r[a], 0) / n);
  const sd = Array.from(
    { length: dims },
    (_v, a) => Math.sqrt(x.reduce((s, r) => s + (r[a] - mean[a]) ** 2, 0) / n) || 1,
  );
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z = b + w.reduce((s, wa, a) => s + (wa * (x[i][a] - mean[a])) / sd[a], 0);
    total += Math.log(1 + Math.exp(z)) - y[i] * z;
  }
  return total / n + 0.5 * l2 * w.reduce((s, wa) => s + wa * wa, 0);
}

describe('logistic regression (Newton/IRLS, L2, standardised features)', () => {
  it('without regularisation reproduces the class frequencies of a binary feature (closed form)', () => {
    // x = 0: 3 of 10 positive; x = 1: 7 of 10 positive. The MLE predicts exactly these frequencies.
    const x = new Float64Array(20);
    const y = new Int32Array(20);
    for (let i = 0; i < 10; i++) y[i] = i < 3 ? 1 : 0;
    for (let i = 10; i < 20; i++) {
      x[i] = 1;
      y[i] = i < 17 ? 1 : 0;
    }
    const model = fitLogisticRegression(x, 1, y, { l2: 0 });
    expect(model.converged).toBe(true);
    const p = logisticProbabilities(model, Float64Array.of(0, 1));
    expect(p[0]).toBeCloseTo(0.3, 10);
    expect(p[1]).toBeCloseTo(0.7, 10);
  });

  it('on separable data with L2 stays finite, classifies perfectly and zeroes the gradient of the objective', () => {
    const raw = [[-2], [-1], [1], [2]];
    const y = [0, 0, 1, 1];
    const l2 = 0.1;
    const model = fitLogisticRegression(Float64Array.from(raw.flat()), 1, Int32Array.from(y), { l2 });
    expect(model.converged).toBe(true);
    expect(Number.isFinite(model.weights[0])).toBe(true);
    expect(model.weights[0]).toBeGreaterThan(0);
    // The data are symmetric about 0 with balanced labels, so the intercept vanishes.
    expect(Math.abs(model.bias)).toBeLessThan(1e-10);
    const d = logisticDecision(model, Float64Array.from(raw.flat()));
    expect(Array.from(d).map((v) => (v > 0 ? 1 : 0))).toEqual(y);
    // Central differences of the independently written objective vanish at the fitted parameters.
    const h = 1e-6;
    const w = model.weights[0];
    const b = model.bias;
    const dw = (objective(raw, y, [w + h], b, l2) - objective(raw, y, [w - h], b, l2)) / (2 * h);
    const db = (objective(raw, y, [w], b + h, l2) - objective(raw, y, [w], b - h, l2)) / (2 * h);
    expect(Math.abs(dw)).toBeLessThan(1e-8);
    expect(Math.abs(db)).toBeLessThan(1e-8);
  });

  it('on a nearly separable 2-D case finds the stationary point of the objective', () => {
    const raw = [
      [0, 0],
      [1, 0.5],
      [2, 1],
      [3, 0.2],
      [1.5, 2],
      [2.5, 3],
      [4, 2.5],
      [0.5, 2.2],
      [3.5, 3.5],
      [1, 1.2],
    ];
    const y = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0];
    const l2 = 0.01;
    const model = fitLogisticRegression(Float64Array.from(raw.flat()), 2, Int32Array.from(y), { l2 });
    expect(model.converged).toBe(true);
    const w = Array.from(model.weights);
    const h = 1e-6;
    for (let a = 0; a < 2; a++) {
      const up = w.map((v, k) => (k === a ? v + h : v));
      const down = w.map((v, k) => (k === a ? v - h : v));
      expect(
        Math.abs((objective(raw, y, up, model.bias, l2) - objective(raw, y, down, model.bias, l2)) / (2 * h)),
      ).toBeLessThan(1e-8);
    }
    const db = (objective(raw, y, w, model.bias + h, l2) - objective(raw, y, w, model.bias - h, l2)) / (2 * h);
    expect(Math.abs(db)).toBeLessThan(1e-8);
  });

  it('shares weight equally between duplicated features and ignores a constant one', () => {
    const x: number[] = [];
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const v = [-1.5, 0.3, -0.2, 1.1, 2.0, 0.4, 0.1, -0.9];
    for (const t of v) x.push(t, t, 7);
    const model = fitLogisticRegression(Float64Array.from(x), 3, Int32Array.from(y));
    expect(model.converged).toBe(true);
    expect(model.weights[0]).toBeCloseTo(model.weights[1], 10);
    expect(model.weights[2]).toBeCloseTo(0, 10);
  });

  it('on two separable points: L2 gives the fixed point w = σ(−w)/λ, no L2 lets the weight run off', () => {
    // Standardised x = ±1, labels 0/1: the objective is ln(1 + e^{−w}) + (λ/2)w², stationary where λw = σ(−w).
    const l2 = 0.1;
    const model = fitLogisticRegression(Float64Array.of(-1, 1), 1, Int32Array.of(0, 1), { l2 });
    const w = model.weights[0];
    expect(w).toBeCloseTo(1 / (1 + Math.exp(w)) / l2, 12);
    const free = fitLogisticRegression(Float64Array.of(-1, 1), 1, Int32Array.of(0, 1), { l2: 0 });
    expect(free.weights[0]).toBeGreaterThan(20);
  });

  it('validates its inputs', () => {
    expect(() => fitLogisticRegression(Float64Array.of(1, 2), 1, Int32Array.of(1, 1))).toThrow(
      'fitLogisticRegression: labels must contain both 0 and 1, got 2 ones out of 2',
    );
    expect(() => fitLogisticRegression(Float64Array.of(1, 2), 1, Int32Array.of(0, 2))).toThrow(
      'fitLogisticRegression: labels[1] = 2 is not 0 or 1',
    );
    expect(() => fitLogisticRegression(Float64Array.of(1, 2, 3), 2, Int32Array.of(0, 1))).toThrow(
      'fitLogisticRegression: features has 3 values, not a non-empty whole number of rows of 2',
    );
  });
});
