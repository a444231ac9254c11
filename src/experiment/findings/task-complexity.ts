import { Rng } from '../../core/random.js';
import { ranks } from '../../metrics/rank-intervals.js';
import type { Verdict } from '../../metrics/paired.js';
import type { Finding } from './claims.js';
import type { Observations } from './observations.js';
import { RANKED_METHODS, REFERENCE_SETTING, type FindingsGrid } from './plan.js';

/** Rank correlation above which two datasets' method rankings count as the same (the claim then fails). */
export const SAME_RANKING = 0.8;

/** Spearman's rank correlation of two equally long lists. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/** Per method, its audit scores (class forgetting, reference setting) over the seeds every method has. */
function scores(obs: Observations, dataset: string, reference: number): number[][] | null {
  const setting = { dataset, kind: 'quantum' as const, layers: reference, entangler: REFERENCE_SETTING.entangler };
  const maps = RANKED_METHODS.map((m) => obs.get(setting, { scenario: 'class', method: m, measure: 'audit_score' }));
  const seeds = [...(maps[0]?.keys() ?? [])].filter((s) => maps.every((m) => m.has(s)));
  return seeds.length < 2 ? null : maps.map((m) => seeds.map((s) => m.get(s)!));
}

/**
 * Claim 3: task complexity changes which methods work. Per pair of datasets, Spearman's correlation of the methods'
 * mean audit scores (class forgetting, reference setting), with a 95 % interval from 2,000 bootstrap resamples of the
 * seeds (each dataset's seeds resampled on their own). Supported when the interval lies below 0.8 (the rankings
 * differ), contradicted when it lies above, else inconclusive; with one dataset nothing can be said.
 */
export function taskComplexity(obs: Observations, datasets: readonly string[], grid: FindingsGrid): Finding {
  const base = {
    id: 'task-complexity',
    title: 'Task complexity',
    claim: 'Task complexity changes which methods work.',
    measurement: `Spearman's correlation between datasets of the methods' mean audit scores (${RANKED_METHODS.join(', ')}; class forgetting, ring, depth ${grid.reference}), 95 % bootstrap interval over seeds.`,
    rule: `Supported when every pair's interval lies below ${SAME_RANKING} (the rankings differ), contradicted when some pair's lies above it, else inconclusive.`,
    tests: [],
    ranks: [],
  };
  const present = datasets
    .map((d) => ({ d, s: scores(obs, d, grid.reference) }))
    .filter((x): x is { d: string; s: number[][] } => x.s !== null);
  if (present.length < 2) {
    return {
      ...base,
      verdict: 'inconclusive',
      note: `only ${present.map((x) => x.d).join(', ') || 'no dataset'} was run; run the plan with --datasets iris,mnist (and fashion-mnist when its data is installed) to test this claim`,
    };
  }
  const pairs: NonNullable<Finding['correlations']> = [];
  const rng = new Rng(0, 'findings/task-complexity');
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const [a, b] = [present[i], present[j]];
      const means = (s: number[][], picks?: number[]): number[] =>
        s.map(
          (row) => (picks ?? row.map((_v, k) => k)).reduce((t, k) => t + row[k], 0) / (picks?.length ?? row.length),
        );
      const draw = rng.stream(`${a.d}/${b.d}`);
      const boot: number[] = [];
      for (let r = 0; r < 2000; r++) {
        const pa = a.s[0].map(() => draw.int(a.s[0].length));
        const pb = b.s[0].map(() => draw.int(b.s[0].length));
        boot.push(spearman(means(a.s, pa), means(b.s, pb)));
      }
      boot.sort((x, y) => x - y);
      const low = boot[Math.floor(0.025 * (boot.length - 1))];
      const high = boot[Math.ceil(0.975 * (boot.length - 1))];
      const verdict: Verdict = high < SAME_RANKING ? 'supported' : low > SAME_RANKING ? 'contradicted' : 'inconclusive';
      pairs.push({ a: a.d, b: b.d, rho: spearman(means(a.s), means(b.s)), low, high, verdict });
    }
  }
  const verdicts = pairs.map((p) => p.verdict);
  const verdict: Verdict = verdicts.every((v) => v === 'supported')
    ? 'supported'
    : verdicts.includes('contradicted')
      ? 'contradicted'
      : 'inconclusive';
  return { ...base, correlations: pairs, verdict };
}
