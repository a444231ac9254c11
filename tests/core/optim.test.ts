import { describe, expect, it } from 'vitest';
import { Adam, clipGradNorm, pytorchDefaultInit, Rng, Sgd, tensor } from '../../src/core/index.js';

describe('Adam (PyTorch semantics)', () => {
  it('matches a step-by-step hand computation over three steps with weight decay', () => {
    const p = tensor([0.5, -1.5], undefined, { requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1, weightDecay: 0.01 });
    const grads = [
      [0.3, -0.2],
      [0.1, 0.4],
      [-0.5, 0.05],
    ];
    const w = [0.5, -1.5];
    const m = [0, 0];
    const v = [0, 0];
    grads.forEach((g, step) => {
      p.grad = Float64Array.from(g);
      opt.step();
      const t = step + 1;
      for (let i = 0; i < 2; i++) {
        const gi = g[i] + 0.01 * w[i];
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        const mHat = m[i] / (1 - 0.9 ** t);
        const vHat = v[i] / (1 - 0.999 ** t);
        w[i] -= (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
        expect(p.data[i]).toBeCloseTo(w[i], 12);
      }
    });
  });

  it('moves each coordinate by lr·sign(g) on the first step', () => {
    const p = tensor([1, 2, 3], undefined, { requiresGrad: true });
    p.grad = Float64Array.from([5, -1e-3, 2]);
    new Adam([p], { lr: 0.01 }).step();
    expect(p.data[0]).toBeCloseTo(0.99, 7);
    expect(p.data[1]).toBeCloseTo(2.01, 6); // ε = 1e-8 matters when |g| = 1e-3
    expect(p.data[2]).toBeCloseTo(2.99, 7);
  });

  it('skips frozen parameters and parameters without gradients', () => {
    const a = tensor([1], undefined, { requiresGrad: true });
    const b = tensor([1], undefined, { requiresGrad: true });
    a.grad = Float64Array.from([1]);
    b.grad = Float64Array.from([1]);
    b.requiresGrad = false;
    const opt = new Adam([a, b], { lr: 0.1 });
    opt.step();
    expect(a.data[0]).not.toBe(1);
    expect(b.data[0]).toBe(1);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

describe('SGD', () => {
  it('plain, momentum and Nesterov updates follow PyTorch', () => {
    const p = tensor([1], undefined, { requiresGrad: true });
    const opt = new Sgd([p], { lr: 0.1, momentum: 0.9 });
    p.grad = Float64Array.from([1]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.9, 12);
    p.grad = Float64Array.from([1]);
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.9 - 0.1 * 1.9, 12);
    const q = tensor([1], undefined, { requiresGrad: true });
    const nest = new Sgd([q], { lr: 0.1, momentum: 0.9, nesterov: true });
    q.grad = Float64Array.from([1]);
    nest.step();
    expect(q.data[0]).toBeCloseTo(1 - 0.1 * 1.9, 12);
  });
});

describe('clipGradNorm', () => {
  it('scales to the maximum norm and returns the original norm', () => {
    const a = tensor([0, 0], undefined, { requiresGrad: true });
    const b = tensor([0], undefined, { requiresGrad: true });
    a.grad = Float64Array.from([3, 0]);
    b.grad = Float64Array.from([4]);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 12);
    expect(Math.hypot(a.grad[0], a.grad[1], b.grad[0])).toBeCloseTo(1, 5);
    a.grad = Float64Array.from([0.1, 0]);
    b.grad = null;
    clipGradNorm([a, b], 1);
    expect(a.grad[0]).toBe(0.1);
  });
});

describe('PyTorch default initialisation', () => {
  it('draws weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), reproducibly', () => {
    const { weight, bias } = pytorchDefaultInit(new Rng(0, 'init'), [64, 144], 144, true);
    const bound = 1 / 12;
    expect(Math.max(...weight.data)).toBeLessThanOrEqual(bound);
    expect(Math.min(...weight.data)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...weight.data)).toBeGreaterThan(0.95 * bound);
    expect(bias!.shape).toEqual([64]);
    expect(weight.requiresGrad).toBe(true);
    const again = pytorchDefaultInit(new Rng(0, 'init'), [64, 144], 144, true);
    expect(Array.from(again.weight.data)).toEqual(Array.from(weight.data));
  });
});
