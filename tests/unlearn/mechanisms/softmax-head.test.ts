import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/random.js';
import { SOFTMAX_HESSIAN_LIPSCHITZ } from '../../../src/unlearn/mechanisms/head/certified-newton.js';
import {
  choleskySolve,
  minimisePerturbed,
  norm,
  perturbedGradientNorm,
  perturbedHessian,
  perturbedObjective,
  softmaxInPlace,
} from '../../../src/unlearn/mechanisms/head/softmax-head.js';
import { randomHeadData } from '../../helpers/head-data.js';

const data = randomHeadData(40, 4, 3, 1);
const rows = Int32Array.from({ length: 40 }, (_, i) => i);
const rng = new Rng(3, 'w');
const W = rng.fillNormal(new Float64Array(12)) as Float64Array;
const b = rng.fillNormal(new Float64Array(12), 0, 0.3) as Float64Array;
const lambda = 0.01;

describe('softmax head numerics', () => {
  it('the gradient matches central finite differences of the perturbed objective', () => {
    const g = new Float64Array(12);
    perturbedObjective(W, data, rows, lambda, b, g);
    for (let i = 0; i < 12; i++) {
      const h = 1e-6;
      const up = W.slice();
      const down = W.slice();
      up[i] += h;
      down[i] -= h;
      const numeric =
        (perturbedObjective(up, data, rows, lambda, b) - perturbedObjective(down, data, rows, lambda, b)) / (2 * h);
      expect(g[i]).toBeCloseTo(numeric, 6);
    }
  });

  it('the Hessian matches finite differences of the gradient and is symmetric', () => {
    const H = perturbedHessian(W, data, rows, lambda);
    for (let i = 0; i < 12; i++) {
      const h = 1e-5;
      const up = W.slice();
      const down = W.slice();
      up[i] += h;
      down[i] -= h;
      const gu = new Float64Array(12);
      const gd = new Float64Array(12);
      perturbedObjective(up, data, rows, lambda, b, gu);
      perturbedObjective(down, data, rows, lambda, b, gd);
      for (let k = 0; k < 12; k++) {
        expect(H[k * 12 + i]).toBeCloseTo((gu[k] - gd[k]) / (2 * h), 6);
        expect(H[k * 12 + i]).toBe(H[i * 12 + k]);
      }
    }
  });

  it('Cholesky solves a positive-definite system', () => {
    const H = perturbedHessian(W, data, rows, lambda);
    const s = choleskySolve(H, b);
    for (let i = 0; i < 12; i++) {
      let hs = 0;
      for (let k = 0; k < 12; k++) hs += H[i * 12 + k] * s[k];
      expect(hs).toBeCloseTo(b[i], 10);
    }
    expect(() => choleskySolve(new Float64Array([1, 2, 2, 1]), new Float64Array(2))).toThrow(/not positive definite/);
  });

  it('Newton minimisation reaches a zero gradient of the perturbed objective', () => {
    const { W: opt, gradientNorm } = minimisePerturbed(data, rows, lambda, b);
    expect(gradientNorm).toBeLessThan(1e-9);
    expect(perturbedGradientNorm(opt, data, rows, lambda, b)).toBe(gradientNorm);
  });

  it('γ = 1/√2 bounds the directional derivative of A(z) = diag(p) − ppᵀ in spectral norm', () => {
    const r = new Rng(8, 'gamma');
    let worst = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const C = 2 + r.int(6);
      const z = Array.from({ length: C }, () => 4 * r.normal());
      const u = Array.from({ length: C }, () => r.normal());
      const v = Array.from({ length: C }, () => r.normal());
      const nu = Math.hypot(...u);
      const nv = Math.hypot(...v);
      const quad = (t: number): number => {
        const p = Float64Array.from(z, (zi, i) => zi + (t * u[i]) / nu);
        softmaxInPlace(p);
        let mean = 0;
        let sq = 0;
        for (let i = 0; i < C; i++) {
          mean += (p[i] * v[i]) / nv;
          sq += (p[i] * v[i] * v[i]) / (nv * nv);
        }
        return sq - mean * mean;
      };
      worst = Math.max(worst, Math.abs((quad(1e-5) - quad(-1e-5)) / 2e-5));
    }
    expect(worst).toBeLessThanOrEqual(SOFTMAX_HESSIAN_LIPSCHITZ);
    expect(worst).toBeGreaterThan(0.1);
    expect(norm([3, 4])).toBe(5);
  });
});
