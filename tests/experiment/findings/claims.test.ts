import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/random.js';
import {
  bestBalance,
  entanglementRole,
  isItQuantum,
  memorisationVsDepth,
  tradeOffsVsDepth,
} from '../../../src/experiment/findings/claims.js';
import { Observations, type Measure, type Setting } from '../../../src/experiment/findings/observations.js';
import { gridOf, RANKED_METHODS } from '../../../src/experiment/findings/plan.js';
import { spearman, taskComplexity } from '../../../src/experiment/findings/task-complexity.js';

const SEEDS = [0, 1, 2, 3, 4, 5];
const grid = gridOf({ datasets: ['iris'], seeds: SEEDS, models: 16 });
const q = (layers: number, entangler = 'ring', dataset = 'iris'): Setting => ({
  dataset,
  kind: 'quantum',
  layers,
  entangler,
});
const twin = (dataset = 'iris'): Setting => ({ dataset, kind: 'classical', layers: null, entangler: null });

/**
 * Observations where `value(setting, seed)` gives each measure of the original model (subset) and every method's
 * class-scenario measures, with seed noise shared across settings (so that paired differences cancel it).
 */
function planted(value: (s: Setting, measure: Measure, method: string, seed: number) => number): Observations {
  const obs = new Observations();
  const settings = [...grid.depths.flatMap((l) => grid.entanglers.map((e) => q(l, e))), twin()];
  for (const s of settings) {
    for (const seed of SEEDS) {
      for (const measure of ['mia_auc_loss', 'forget_loss_gap', 'audit_score'] as const)
        obs.add(s, { scenario: 'subset', method: 'original', measure }, seed, value(s, measure, 'original', seed));
      for (const method of RANKED_METHODS) {
        for (const measure of ['audit_score', 'utility', 'js_test', 'tow'] as const) {
          obs.add(s, { scenario: 'class', method, measure }, seed, value(s, measure, method, seed));
          obs.add(s, { scenario: 'subset', method, measure }, seed, value(s, measure, method, seed));
        }
      }
    }
  }
  return obs;
}

/** Seed noise shared by every setting of a seed, plus a small independent jitter per setting. */
const noise = (seed: number, s: Setting, measure: string): number => {
  const rng = new Rng(seed, `${s.kind}/${s.layers}/${s.entangler}/${measure}`).stream('x');
  return 0.1 * Math.sin(seed * 7.3) + 0.002 * (rng.uniform() - 0.5);
};

describe('verdicts on constructed data', () => {
  it('memorisation vs depth: a planted rise is supported, none is inconclusive, a reversed one contradicted', () => {
    const slope = (k: number) =>
      planted((s, m, _method, seed) => {
        const depth = s.layers ?? 0;
        const sign = m === 'mia_auc_loss' ? 1 : -1;
        return 0.5 + noise(seed, s, m) + sign * k * depth * 0.05;
      });
    const up = memorisationVsDepth(slope(1), 'iris', grid);
    expect(up.tests).toHaveLength(3);
    expect(up.tests.every((t) => t.verdict === 'supported')).toBe(true);
    expect(up.verdict).toBe('supported');
    expect(up.tests[0].effect.mean).toBeCloseTo(0.25, 2);
    expect(up.tests[0].effect.level).toBeCloseTo(1 - 0.05 / 3, 12);

    const flat = memorisationVsDepth(slope(0), 'iris', grid);
    expect(flat.verdict).toBe('inconclusive');
    expect(flat.tests.every((t) => t.effect.low < 0 && t.effect.high > 0)).toBe(true);
    expect(flat.tests.every((t) => t.effect.detectable > 0 && Number.isFinite(t.effect.detectable))).toBe(true);

    expect(memorisationVsDepth(slope(-1), 'iris', grid).verdict).toBe('contradicted');
  });

  it('a directed claim with one test each way is inconclusive', () => {
    const obs = planted(
      (s, m, _method, seed) =>
        0.5 + noise(seed, s, m) + (m === 'mia_auc_loss' ? 0.05 : m === 'audit_score' ? 0.05 : 0) * (s.layers ?? 0),
    );
    const f = memorisationVsDepth(obs, 'iris', grid);
    expect(f.tests.map((t) => t.verdict)).toEqual(['supported', 'inconclusive', 'contradicted']);
    expect(f.verdict).toBe('inconclusive');
  });

  it('entanglement: a difference is supported; equality within the margin contradicts the claim', () => {
    const differs = entanglementRole(
      planted((s, m, _method, seed) => 0.5 + noise(seed, s, m) + (s.entangler === 'none' ? 0.2 : 0)),
      'iris',
      RANKED_METHODS,
      grid,
    );
    expect(differs.verdict).toBe('supported');
    expect(differs.tests.filter((t) => t.b === 'none').every((t) => t.verdict === 'supported')).toBe(true);
    expect(differs.tests.filter((t) => t.b !== 'none').every((t) => t.verdict === 'contradicted')).toBe(true);
    const same = entanglementRole(
      planted((s, m, _method, seed) => 0.5 + noise(seed, s, m)),
      'iris',
      RANKED_METHODS,
      grid,
    );
    expect(same.verdict).toBe('contradicted');
    expect(same.tests).toHaveLength(3 * (1 + RANKED_METHODS.length));
  });

  it('audit scores at the floor on both sides are inconclusive, not evidence of equality', () => {
    const floor = entanglementRole(
      planted((s, m, _method, seed) => (m === 'audit_score' ? 0.001 * (seed % 2) : 0.5 + noise(seed, s, m))),
      'iris',
      RANKED_METHODS,
      grid,
    );
    const audits = floor.tests.filter((t) => t.measure === 'audit_score');
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((t) => t.floored === true && t.verdict === 'inconclusive')).toBe(true);
    expect(floor.tests.filter((t) => t.measure === 'mia_auc_loss').every((t) => t.verdict === 'contradicted')).toBe(
      true,
    );
    expect(floor.verdict).toBe('inconclusive');
  });

  it('is it quantum: a twin that differs supports the claim; a noisy twin gives inconclusive', () => {
    const differs = isItQuantum(
      planted((s, m, _method, seed) => 0.5 + noise(seed, s, m) + (s.kind === 'classical' ? -0.3 : 0)),
      'iris',
      RANKED_METHODS,
      grid,
    );
    expect(differs.verdict).toBe('supported');
    const noisy = isItQuantum(
      planted(
        (s, m, _method, seed) => 0.5 + noise(seed, s, m) + (s.kind === 'classical' ? 0.4 * Math.cos(seed * 2.1) : 0),
      ),
      'iris',
      RANKED_METHODS,
      grid,
    );
    expect(noisy.verdict).toBe('inconclusive');
  });

  it('trade-offs: worse utility, forgetting and alignment with depth are supported', () => {
    const obs = planted(
      (s, m, _method, seed) => 0.5 + noise(seed, s, m) + (m === 'js_test' ? 0.02 : -0.03) * (s.layers ?? 0),
    );
    const f = tradeOffsVsDepth(obs, 'iris', grid);
    expect(f.tests.map((t) => t.verdict)).toEqual(['supported', 'supported', 'supported']);
    expect(f.verdict).toBe('supported');
  });

  it('best balance: named methods clearly on top are supported; clearly at the bottom contradicted', () => {
    const order = (top: readonly string[]) =>
      planted(
        (s, m, method, seed) =>
          0.5 +
          noise(seed, s, m) +
          (top.includes(method)
            ? 0.3 + 0.05 * top.indexOf(method)
            : 0.01 * (RANKED_METHODS as readonly string[]).indexOf(method)),
      );
    const good = bestBalance(order(['eu-k', 'lca', 'certified']), 'iris', grid);
    expect(good.ranks).toHaveLength(4 * RANKED_METHODS.length);
    expect(good.ranks.filter((r) => r.verdict !== null)).toHaveLength(12);
    expect(good.verdict).toBe('supported');
    const bad = bestBalance(order(['ga', 'scrub']), 'iris', grid);
    expect(bad.verdict).toBe('contradicted');
  });

  it('task complexity: one dataset says nothing; equal rankings contradict; reversed rankings support', () => {
    const two = (flip: boolean) => {
      const obs = new Observations();
      for (const dataset of ['iris', 'mnist']) {
        for (const seed of SEEDS) {
          RANKED_METHODS.forEach((method, i) => {
            const rank = flip && dataset === 'mnist' ? RANKED_METHODS.length - i : i;
            obs.add(
              q(grid.reference, 'ring', dataset),
              { scenario: 'class', method, measure: 'audit_score' },
              seed,
              rank * 0.1 + 0.001 * Math.sin(seed + i),
            );
          });
        }
      }
      return obs;
    };
    const one = taskComplexity(two(false), ['iris'], grid);
    expect(one.verdict).toBe('inconclusive');
    expect(one.note).toMatch(/only iris was run/);
    expect(taskComplexity(two(false), ['iris', 'mnist'], grid).verdict).toBe('contradicted');
    const flipped = taskComplexity(two(true), ['iris', 'mnist'], grid);
    expect(flipped.correlations![0].rho).toBeCloseTo(-1, 12);
    expect(flipped.verdict).toBe('supported');
  });

  it('spearman: monotone lists give ±1 and ties average', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('a seed with two values for one quantity is an error', () => {
    const obs = new Observations();
    obs.add(q(1), { scenario: 'subset', method: 'original', measure: 'tow' }, 0, 1);
    expect(() => obs.add(q(1), { scenario: 'subset', method: 'original', measure: 'tow' }, 0, 2)).toThrow(/two values/);
  });
});
