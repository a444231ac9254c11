import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from '../../src/core/ops/loss.js';
import { Adam } from '../../src/core/optim/adam.js';
import { Rng } from '../../src/core/random.js';
import { noGrad, Tensor } from '../../src/core/tensor.js';
import type { BlockModel } from '../../src/models/block-model.js';
import type { ModelState } from '../../src/models/state.js';
import { gatherFeatures, gatherLabels } from '../../src/train/labeled-data.js';
import { lossOf, predictProbabilities } from '../../src/train/predict.js';
import { klToUniform } from '../../src/unlearn/losses.js';
import { adversarialInputs } from '../../src/unlearn/methods/adv-uniform.js';
import { complementSet } from '../../src/unlearn/methods/lca.js';
import { similarLabelMap } from '../../src/unlearn/methods/qmul.js';
import { saliencyMask } from '../../src/unlearn/methods/salun.js';
import { scrubObjectives, type ScrubConfig } from '../../src/unlearn/methods/scrub.js';
import { unionRows } from '../../src/unlearn/relabel.js';
import { getMethod, resolveMethodConfig } from '../../src/unlearn/registry.js';
import { smallModel } from '../helpers/blobs.js';
import { data, fixtureContext, forgetClass, retainClass, trainReferences } from '../helpers/unlearn-fixture.js';

let states: { teacher: ModelState; oracle: ModelState };
beforeAll(() => {
  states = trainReferences();
});

const params = (m: BlockModel): Float64Array[] => m.parameters().map((p) => Float64Array.from(p.data));

/** Gradient of a loss over the model's parameters, in train mode (the mode methods step in). */
function gradient(model: BlockModel, loss: () => ReturnType<typeof crossEntropy>): Float64Array[] {
  for (const p of model.parameters()) p.grad = null;
  model.train();
  loss().backward();
  const g = model.parameters().map((p) => Float64Array.from(p.grad ?? new Float64Array(p.size)));
  for (const p of model.parameters()) p.grad = null;
  return g;
}

const ce = (model: BlockModel, rows: Int32Array) => () =>
  crossEntropy(model.forward(gatherFeatures(data, rows)), gatherLabels(data, rows));

/** Mean KL(p ‖ q) over rows of two probability arrays with 3 classes. */
function meanKl(p: Float64Array, q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * (Math.log(Math.max(p[i], 1e-12)) - Math.log(Math.max(q[i], 1e-12)));
  return s / (p.length / 3);
}

describe('what defines each method, checked against an independent computation', () => {
  it('GA raises the loss on the forget set', () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const before = lossOf(ctx.model, data, forgetClass, 3);
    getMethod('ga').run(ctx, { epochs: 3, patience: 3 });
    expect(lossOf(ctx.model, data, forgetClass, 3)).toBeGreaterThan(before + 0.5);
  });

  it("NegGrad+'s step follows the weighted sum of the retain gradient and minus α times the forget gradient", () => {
    const forget = forgetClass.subarray(0, 20);
    const ctx = fixtureContext(states, forget, retainClass, { batchSize: 256, pairing: 'zip' });
    const teacher = fixtureContext(states, forget, retainClass).model;
    const alpha = 0.4;
    const gr = gradient(teacher, ce(teacher, retainClass));
    const gf = gradient(teacher, ce(teacher, forget));
    const before = params(ctx.model);
    getMethod('neggrad-plus').run(ctx, { epochs: 1, patience: 1, alpha });
    let checked = 0;
    let alphaMatters = 0;
    ctx.model.parameters().forEach((p, k) => {
      for (let i = 0; i < p.size; i++) {
        const combined = gr[k][i] - alpha * gf[k][i];
        if (Math.abs(combined) < 1e-6) continue;
        // Adam's first step is −lr·g/(|g| + ε): the sign of the combined gradient, at the size of the learning rate.
        expect(p.data[i] - before[k][i]).toBeCloseTo((-1e-2 * combined) / (Math.abs(combined) + 1e-8), 9);
        checked++;
        if (Math.sign(combined) !== Math.sign(gr[k][i] - gf[k][i])) alphaMatters++;
      }
    });
    expect(checked).toBeGreaterThan(100);
    expect(alphaMatters).toBeGreaterThan(0);
  });

  it("SCRUB's max step raises the KL to the teacher on forget rows and its min step lowers it on retain rows", () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const config = { ...resolveMethodConfig(getMethod('scrub'), 'tabular'), gamma: 0 } as ScrubConfig;
    // Away from the teacher first: at the teacher itself the KL is at its minimum and both gradients vanish.
    getMethod('ft').run(ctx, { epochs: 3, patience: 3 });
    const { kl, max, min } = scrubObjectives(ctx, config);
    const optimizer = new Adam(ctx.model.parameters(), { lr: 1e-3 });
    const step = (loss: ReturnType<typeof kl>): void => {
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    };
    const klOf = (rows: Int32Array): number => noGrad(() => kl(rows).item());
    const forgetBefore = klOf(forgetClass);
    expect(forgetBefore).toBeGreaterThan(0);
    step(max(forgetClass));
    expect(klOf(forgetClass)).toBeGreaterThan(forgetBefore);
    const retainBefore = klOf(retainClass);
    step(min(retainClass));
    expect(klOf(retainClass)).toBeLessThan(retainBefore);
  });

  it('SCRUB+R returns the rewound state and reports it as the selected epoch', () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const outcome = getMethod('scrub-r').run(
      ctx,
      resolveMethodConfig(getMethod('scrub-r'), 'tabular', { epochs: 6, patience: 6 }),
    );
    const { rewindEpoch, forgetErrors, rewindTargetError } = outcome.details as {
      rewindEpoch: number;
      forgetErrors: number[];
      rewindTargetError: number;
    };
    expect(rewindTargetError).toBe(1);
    expect(outcome.training!.selectedEpoch).toBe(rewindEpoch);
    const probs = predictProbabilities(ctx.model, data, forgetClass);
    let wrong = 0;
    for (let i = 0; i < forgetClass.length; i++) {
      const row = probs.subarray(3 * i, 3 * i + 3);
      if (row.indexOf(Math.max(...row)) !== data.labels[forgetClass[i]]) wrong++;
    }
    expect(wrong / forgetClass.length).toBeCloseTo(forgetErrors[rewindEpoch - 1], 12);
  });

  it('SCRUB+R without validation rows does not rewind under rewind=auto, says so, and refuses rewind=true', () => {
    const ctx = { ...fixtureContext(states, forgetClass, retainClass), validation: null };
    const auto = getMethod('scrub-r').run(
      ctx,
      resolveMethodConfig(getMethod('scrub-r'), 'tabular', { epochs: 2, patience: 2 }),
    );
    expect(auto.details).toEqual({ rewind: 'off: no validation rows (paper preset)' });
    const forced = { ...fixtureContext(states, forgetClass, retainClass), validation: null };
    expect(() =>
      getMethod('scrub-r').run(forced, resolveMethodConfig(getMethod('scrub-r'), 'tabular', { rewind: true })),
    ).toThrow(/rewind=true needs validation rows/);
  });

  it("SalUn's mask has exactly the configured density even when most gradients tie at zero, and only masked weights move", () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const last = ctx.model.parameters().at(-2)!;
    last.data.fill(0);
    const all = ctx.model.parameters();
    const mask = saliencyMask(ctx, all, 0.5);
    const total = all.reduce((n, p) => n + p.size, 0);
    const kept = mask.reduce((n, m) => n + m.reduce((a, b) => a + b, 0), 0);
    expect(kept).toBe(Math.round(0.5 * total));
    const zeroGradients = gradient(ctx.model, ce(ctx.model, forgetClass)).reduce(
      (n, g) => n + g.filter((v) => v === 0).length,
      0,
    );
    expect(zeroGradients).toBeGreaterThan(total / 2);

    const run = fixtureContext(states, forgetClass, retainClass);
    const twin = fixtureContext(states, forgetClass, retainClass);
    const masks = saliencyMask(twin, twin.model.parameters(), 0.3);
    const before = params(run.model);
    getMethod('salun').run(run, { epochs: 2, patience: 2, keep: 0.3 });
    let moved = 0;
    run.model.parameters().forEach((p, k) => {
      for (let i = 0; i < p.size; i++) {
        if (masks[k][i] === 0) expect(p.data[i]).toBe(before[k][i]);
        else if (p.data[i] !== before[k][i]) moved++;
      }
    });
    expect(moved).toBeGreaterThan(0.9 * Math.round(0.3 * total));
  });

  it("BadTeacher's student moves towards the incompetent teacher on forget rows", () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const incompetent = ctx.freshModel('incompetent-teacher');
    const target = predictProbabilities(incompetent, data, forgetClass);
    const before = meanKl(target, predictProbabilities(ctx.model, data, forgetClass));
    getMethod('bad-teacher').run(ctx, resolveMethodConfig(getMethod('bad-teacher'), 'tabular', { epochs: 4 }));
    expect(meanKl(target, predictProbabilities(ctx.model, data, forgetClass))).toBeLessThan(0.5 * before);
  });

  it('EU-k (sound) leaves every group but the re-initialised last one bit-identical', () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const before = ctx.model.namedParameters().map(([n, p]) => [n, Float64Array.from(p.data)] as const);
    getMethod('eu-k').run(ctx, resolveMethodConfig(getMethod('eu-k'), 'tabular', { epochs: 2 }));
    for (const [name, p] of ctx.model.namedParameters()) {
      const old = before.find(([n]) => n === name)![1];
      if (name.startsWith('head.2')) expect(Array.from(p.data)).not.toEqual(Array.from(old));
      else expect(Array.from(p.data)).toEqual(Array.from(old));
    }
  });

  it('Q-MUL maps each class to the class whose mean teacher logits are most cosine-similar; an absent class maps to the first other', () => {
    const ctx = fixtureContext(states, forgetClass, retainClass);
    const rows = unionRows(retainClass, forgetClass);
    const logits = noGrad(() => {
      ctx.original.eval();
      return ctx.original.forward(gatherFeatures(data, rows)).data;
    });
    const centroid = (c: number): number[] => {
      const members = Array.from(rows.keys()).filter((i) => data.labels[rows[i]] === c);
      return [0, 1, 2].map((d) => members.reduce((s, i) => s + logits[3 * i + d], 0) / members.length);
    };
    const cos = (a: number[], b: number[]): number =>
      a.reduce((s, v, i) => s + v * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    const expected = [0, 1, 2].map(
      (c) =>
        [0, 1, 2]
          .filter((d) => d !== c)
          .sort((d, e) => cos(centroid(c), centroid(e)) - cos(centroid(c), centroid(d)))[0],
    );
    expect(Array.from(similarLabelMap(ctx, rows))).toEqual(expected);
    expect(similarLabelMap(ctx, retainClass)[0]).toBe(1);
  });

  it("LCA's complement set holds every forget row once with each wrong label and never its own", () => {
    const { rows, labels } = complementSet(data.labels, forgetClass.subarray(0, 7), 3);
    expect(rows.length).toBe(14);
    for (const r of forgetClass.subarray(0, 7)) {
      const given = Array.from(labels.filter((_l, i) => rows[i] === r)).sort();
      expect(given).toEqual([0, 1, 2].filter((c) => c !== data.labels[r]));
    }
  });

  it('ADV-UNIFORM steps each input by ε·sign of ∇ KL(p ‖ U) computed in evaluation mode (no batch-norm update, no dropout)', () => {
    const model = smallModel(new Rng(3, 'adv'), { norm: true, dropout: true });
    const ctx = { ...fixtureContext(states, forgetClass, retainClass), model };
    const rows = forgetClass.subarray(0, 6);
    const running = () => model.namedBuffers().map(([, b]) => Array.from(b.data));
    const statsBefore = running();
    const adv = adversarialInputs(ctx, rows, 0.1, false);
    expect(running()).toEqual(statsBefore);
    expect(Array.from(adversarialInputs(ctx, rows, 0.1, false).data)).toEqual(Array.from(adv.data));
    const x = gatherFeatures(data, rows);
    model.eval();
    const klAt = (values: Float64Array): number =>
      noGrad(() => klToUniform(model.forward(new Tensor(values, x.shape))).item());
    for (let i = 0; i < x.size; i++) {
      const up = Float64Array.from(x.data);
      const down = Float64Array.from(x.data);
      up[i] += 1e-5;
      down[i] -= 1e-5;
      const slope = (klAt(up) - klAt(down)) / 2e-5;
      if (Math.abs(slope) < 1e-6) continue;
      expect(adv.data[i] - x.data[i]).toBeCloseTo(0.1 * Math.sign(slope), 12);
    }
    model.train();
    adversarialInputs(ctx, rows, 0.1, true);
    expect(running()).not.toEqual(statsBefore);
  });
});
