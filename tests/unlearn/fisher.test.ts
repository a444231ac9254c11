import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from '../../src/core/ops/loss.js';
import { noGrad } from '../../src/core/tensor.js';
import type { BlockModel } from '../../src/models/block-model.js';
import type { ModelState } from '../../src/models/state.js';
import { gatherFeatures } from '../../src/train/labeled-data.js';
import { noiseDistribution, retainFisher } from '../../src/unlearn/methods/fisher-forgetting.js';
import { getMethod, resolveMethodConfig } from '../../src/unlearn/registry.js';
import { data, fixtureContext, forgetClass, retainClass, trainReferences } from '../helpers/unlearn-fixture.js';

let states: { teacher: ModelState; oracle: ModelState };
beforeAll(() => {
  states = trainReferences();
});

/** CE(x, y) of one row at the model's current weights, in evaluation mode. */
function rowLoss(model: BlockModel, row: number, y: number): number {
  model.eval();
  return noGrad(() => crossEntropy(model.forward(gatherFeatures(data, Int32Array.of(row))), Int32Array.of(y)).item());
}

describe('Fisher forgetting (Golatkar et al. 2020)', () => {
  const retain = retainClass.subarray(0, 6);
  // A random-subset problem: every forgotten row's class (0) is still in the retain set.
  const subsetForget = forgetClass.subarray(0, 4);
  const subsetRetain = Int32Array.from({ length: 6 }, (_v, i) => 12 + i);

  it("estimates the retain set's true diagonal Fisher: mean over rows of Σ_y p(y|x)·(∂CE(x, y)/∂θ)², checked by central differences", () => {
    const ctx = fixtureContext(states, forgetClass, retain);
    const params = ctx.model.parameters();
    const fisher = retainFisher(ctx, params, 100);
    const h = 1e-5;
    let compared = 0;
    for (const [k, p] of params.entries()) {
      for (let i = 0; i < p.size; i += 7) {
        let expected = 0;
        for (const r of retain) {
          for (let y = 0; y < 3; y++) {
            const prob = Math.exp(-rowLoss(ctx.model, r, y));
            const saved = p.data[i];
            p.data[i] = saved + h;
            const up = rowLoss(ctx.model, r, y);
            p.data[i] = saved - h;
            const down = rowLoss(ctx.model, r, y);
            p.data[i] = saved;
            expected += prob * ((up - down) / (2 * h)) ** 2;
          }
        }
        expected /= retain.length;
        expect(fisher[k][i]).toBeCloseTo(expected, 6);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('shapes the noise as published: α·min(1/(F+1e-8), clip), averaged over axis 1, output layer clipped at 1e2, 10x for the output layer and vectors', () => {
    const ctx = fixtureContext(states, subsetForget, subsetRetain);
    const config = resolveMethodConfig(getMethod('fisher-forgetting'), 'tabular', { alpha: 1e-3 }) as Parameters<
      typeof noiseDistribution
    >[3];
    const params = ctx.model.parameters();
    const fisher = retainFisher(ctx, params, 100);
    const { mean, std } = noiseDistribution(ctx, params, fisher, config);
    ctx.model.namedParameters().forEach(([name, p], k) => {
      const output = name.startsWith('head.2');
      const clip = output ? 1e2 : 1e3;
      const variance = (i: number): number => 1e-3 * Math.min(1 / (fisher[k][i] + 1e-8), clip);
      const scale = output || p.rank === 1 ? 10 : 1;
      for (let i = 0; i < p.size; i++) {
        let v = variance(i);
        if (p.rank === 2) {
          const [rows, cols] = p.shape;
          const row = Math.floor(i / cols);
          v = 0;
          for (let j = 0; j < cols; j++) v += variance(row * cols + j) / cols;
          expect(rows * cols).toBe(p.size);
        }
        expect(std[k][i]).toBeCloseTo(Math.sqrt(v * scale), 12);
        expect(mean[k][i]).toBe(p.data[i]);
      }
    });
  });

  it('in class forgetting centres the forgotten class output row at 0 with variance 1e-4 (times 10)', () => {
    const ctx = fixtureContext(states, forgetClass, retain);
    const config = resolveMethodConfig(getMethod('fisher-forgetting'), 'tabular') as Parameters<
      typeof noiseDistribution
    >[3];
    const params = ctx.model.parameters();
    const { mean, std } = noiseDistribution(ctx, params, retainFisher(ctx, params, 100), config);
    const [weightIndex, biasIndex] = [params.length - 2, params.length - 1];
    const width = params[weightIndex].shape[1];
    for (let i = 0; i < width; i++) {
      expect(mean[weightIndex][i]).toBe(0);
      expect(std[weightIndex][i]).toBeCloseTo(Math.sqrt(1e-3), 12);
    }
    expect(mean[biasIndex][0]).toBe(0);
    expect(mean[biasIndex][1]).toBe(params[biasIndex].data[1]);
  });

  it('draws θ = μ + σ·n with standard normal n: standardised changes have mean 0 and variance 1 over many seeds', () => {
    const config = resolveMethodConfig(getMethod('fisher-forgetting'), 'tabular', { alpha: 1e-3 });
    const reference = fixtureContext(states, subsetForget, subsetRetain);
    const params = reference.model.parameters();
    const { mean, std } = noiseDistribution(
      reference,
      params,
      retainFisher(reference, params, 100),
      config as Parameters<typeof noiseDistribution>[3],
    );
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (let seed = 0; seed < 40; seed++) {
      const ctx = fixtureContext(states, subsetForget, subsetRetain, { seed: 100 + seed });
      getMethod('fisher-forgetting').run(ctx, config);
      ctx.model.parameters().forEach((p, k) => {
        for (let i = 0; i < p.size; i++) {
          const z = (p.data[i] - mean[k][i]) / std[k][i];
          n++;
          sum += z;
          squares += z * z;
        }
      });
    }
    const m = sum / n;
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(squares / n - m * m - 1)).toBeLessThan(6 * Math.sqrt(2 / n));
  });
});

describe('EWC ascent (the reference "Fisher")', () => {
  it('applies the penalty as a proximal step, so its first step already holds back retain-important weights (unlike GA)', () => {
    const forget = forgetClass.subarray(0, 10);
    const ga = fixtureContext(states, forget, retainClass, { batchSize: 64 });
    getMethod('ga').run(ga, { epochs: 1, patience: 1 });
    const ewc = fixtureContext(states, forget, retainClass, { batchSize: 64 });
    const config = resolveMethodConfig(getMethod('fisher'), 'tabular', { epochs: 1, patience: 1 });
    const teacher = fixtureContext(states, forget, retainClass)
      .model.parameters()
      .map((p) => Float64Array.from(p.data));
    getMethod('fisher').run(ewc, config);
    const reference = fixtureContext(states, forget, retainClass, { batchSize: 64 });
    getMethod('fisher').run(reference, { ...config, penalty: 'gradient' });
    // The gradient form is exactly GA at step 1 (the reference's defect); the proximal form is not.
    reference.model
      .parameters()
      .forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(ga.model.parameters()[k].data)));
    let differs = 0;
    ewc.model.parameters().forEach((p, k) => {
      const g = ga.model.parameters()[k].data;
      for (let i = 0; i < p.size; i++) {
        // Proximal: θ = (θ_GA + ηλF·θ⁰)/(1 + ηλF) lies between GA's step and the anchor.
        const lo = Math.min(g[i], teacher[k][i]) - 1e-15;
        const hi = Math.max(g[i], teacher[k][i]) + 1e-15;
        expect(p.data[i]).toBeGreaterThanOrEqual(lo);
        expect(p.data[i]).toBeLessThanOrEqual(hi);
        if (p.data[i] !== g[i]) differs++;
      }
    });
    expect(differs).toBeGreaterThan(10);
  });
});
