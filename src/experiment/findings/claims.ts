import { Rng } from '../../core/random.js';
import { pairedEffect, verdictOf, type PairedEffect, type Verdict } from '../../metrics/paired.js';
import { rankIntervals, type RankInterval } from '../../metrics/rank-intervals.js';
import type { Measure, Observations, Quantity, Setting } from './observations.js';
import { NAMED_BEST, RANKED_METHODS, REFERENCE_SETTING, type FindingsGrid } from './plan.js';

/**
 * The smallest effect that would matter, per measure: a two-sided claim ("plays a role", "comes from the quantum
 * layer") is contradicted only when its whole interval lies within ± this margin.
 */
export const MARGINS: Record<Measure, number> = {
  mia_auc_loss: 0.05,
  forget_loss_gap: 0.1,
  utility: 0.02,
  js_test: 0.01,
  tow: 0.02,
  audit_score: 0.05,
};

/**
 * The audit score is 0 for a model the audit tells apart from retraining on every example, whatever else differs:
 * where both sides sit below this on every seed, the measure cannot show a difference, so equality there is no
 * evidence (the comparison is inconclusive, never a contradiction).
 */
export const AUDIT_SCORE_FLOOR = 0.01;

/** One comparison behind a verdict: what is compared, the paired effect and its verdict. */
export interface Test {
  label: string;
  measure: Measure;
  /** What the claim predicts for `effect` (b − a): a sign, or any difference. */
  claimed: 'positive' | 'negative' | 'difference';
  a: string;
  b: string;
  effect: PairedEffect;
  verdict: Verdict;
  /** Both sides at the audit score's floor on every seed: the comparison cannot count for or against the claim. */
  floored?: true;
}

/** A method's rank by a measure over seeds, with its bootstrap interval. */
export interface RankTest {
  label: string;
  method: string;
  measure: Measure;
  scenario: Quantity['scenario'];
  rank: RankInterval;
  /** Only the methods the claim names get a verdict; the others are ranked for context. */
  verdict: Verdict | null;
}

/** One claim of the study, measured: its words, what was measured, the tests and the verdict computed from them. */
export interface Finding {
  id: string;
  title: string;
  /** The study's words. */
  claim: string;
  measurement: string;
  /** How the verdict follows from the tests. */
  rule: string;
  tests: Test[];
  ranks: RankTest[];
  /** Rank correlations between datasets (task complexity). */
  correlations?: { a: string; b: string; rho: number; low: number; high: number; verdict: Verdict }[];
  verdict: Verdict;
  /** Why the verdict is what it is when no test could be made (e.g. a dataset that was not run). */
  note?: string;
}

const quantum = (dataset: string, layers: number, entangler: string): Setting => ({
  dataset,
  kind: 'quantum',
  layers,
  entangler,
});
const twin = (dataset: string): Setting => ({ dataset, kind: 'classical', layers: null, entangler: null });

/** Per-seed mean of several series (only seeds present in all of them). */
function meanPerSeed(series: readonly Map<number, number>[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const [seed] of series[0] ?? []) {
    const values = series.map((m) => m.get(seed));
    if (values.every((v) => v !== undefined))
      out.set(seed, (values as number[]).reduce((a, b) => a + b, 0) / values.length);
  }
  return out;
}

/** Per-seed mean of a quantity over several settings. */
const averaged = (obs: Observations, settings: readonly Setting[], q: Quantity): Map<number, number> =>
  meanPerSeed(settings.map((s) => obs.get(s, q)));

/** Per-seed mean of a measure over methods. */
const overMethods = (
  obs: Observations,
  setting: Setting,
  scenario: Quantity['scenario'],
  methods: readonly string[],
  measure: Measure,
): Map<number, number> => meanPerSeed(methods.map((method) => obs.get(setting, { scenario, method, measure })));

/** How many comparisons a finding's verdict rests on: its tests, the rank intervals it judges, its correlations. */
export function comparisonsOf(finding: Finding): number {
  return (
    finding.tests.length + finding.ranks.filter((r) => r.verdict !== null).length + (finding.correlations?.length ?? 0)
  );
}

/**
 * A claim's verdict from its tests, each at the Bonferroni-adjusted level so that the claim's family of k tests has
 * 5 % error jointly. Directed claims (`all`): supported when at least one test supports it and none contradicts it,
 * contradicted in the mirror case, else inconclusive. Claims of a difference (`any`): supported when some test shows
 * a difference, contradicted when every test shows equivalence within its margin, else inconclusive.
 */
function claimVerdict(tests: readonly Test[], mode: 'all' | 'any'): Verdict {
  const verdicts = tests.map((t) => t.verdict);
  if (verdicts.length === 0) return 'inconclusive';
  if (mode === 'any') {
    if (verdicts.includes('supported')) return 'supported';
    return verdicts.every((v) => v === 'contradicted') ? 'contradicted' : 'inconclusive';
  }
  const supported = verdicts.includes('supported');
  const contradicted = verdicts.includes('contradicted');
  if (supported && !contradicted) return 'supported';
  if (contradicted && !supported) return 'contradicted';
  return 'inconclusive';
}

interface TestSpec {
  label: string;
  measure: Measure;
  claimed: Test['claimed'];
  a: [string, Map<number, number>];
  b: [string, Map<number, number>];
}

/** Runs a family of tests at the Bonferroni-adjusted level; tests without a shared seed are left out. */
function family(specs: readonly TestSpec[]): Test[] {
  const usable = specs.filter((s) => [...s.a[1].keys()].some((seed) => s.b[1].has(seed)));
  const level = 1 - 0.05 / Math.max(1, usable.length);
  return usable.map((s) => {
    const effect = pairedEffect(s.a[1], s.b[1], level);
    const floored =
      s.measure === 'audit_score' && [...s.a[1].values(), ...s.b[1].values()].every((v) => v < AUDIT_SCORE_FLOOR);
    const verdict = floored ? 'inconclusive' : verdictOf(effect, s.claimed, MARGINS[s.measure]);
    return {
      label: s.label,
      measure: s.measure,
      claimed: s.claimed,
      a: s.a[0],
      b: s.b[0],
      effect,
      verdict,
      ...(floored ? { floored: true as const } : {}),
    };
  });
}

const ends = (grid: FindingsGrid): [number, number] => [grid.depths[0], grid.depths[grid.depths.length - 1]];

/** Claim 1: memorisation grows with depth (shallow circuits memorise little). */
export function memorisationVsDepth(obs: Observations, dataset: string, grid: FindingsGrid): Finding {
  const [shallowest, deepest] = ends(grid);
  const [lo, hi] = [quantum(dataset, shallowest, 'ring'), quantum(dataset, deepest, 'ring')];
  const at = (s: Setting, measure: Measure): Map<number, number> =>
    obs.get(s, { scenario: 'subset', method: 'original', measure });
  const spec = (measure: Measure, claimed: Test['claimed'], label: string): TestSpec => ({
    label,
    measure,
    claimed,
    a: [`depth ${shallowest}`, at(lo, measure)],
    b: [`depth ${deepest}`, at(hi, measure)],
  });
  const tests = family([
    spec('mia_auc_loss', 'positive', 'membership attack on the forget rows of the original model rises with depth'),
    spec('forget_loss_gap', 'negative', "the original model's forget loss falls further below the oracle's with depth"),
    spec('audit_score', 'negative', 'not unlearning at all becomes easier to tell from retraining with depth'),
  ]);
  return {
    id: `memorisation-depth-${dataset}`,
    title: `Memorisation against circuit depth (${dataset})`,
    claim: 'Shallow circuits show "high intrinsic stability and minimal memorization".',
    measurement: `The original model (no unlearning) at depth ${shallowest} and ${deepest} (ring entanglement), random 20 % subset: the loss-based membership attack on the forget rows against held-out rows of the same classes, the forget-set loss minus the oracle's, and the audit's score of not unlearning.`,
    rule: 'Directed claim: supported when some measure moves the predicted way and none the other way (intervals Bonferroni-adjusted over the measures).',
    tests,
    ranks: [],
    verdict: claimVerdict(tests, 'all'),
  };
}

/** Claim 2: entanglement matters, for memorisation and for each method's audit score. */
export function entanglementRole(
  obs: Observations,
  dataset: string,
  methods: readonly string[],
  grid: FindingsGrid,
): Finding {
  const settings = (entangler: string): Setting[] => grid.depths.map((l) => quantum(dataset, l, entangler));
  const specs: TestSpec[] = [];
  for (const e of grid.entanglers.filter((x) => x !== 'ring')) {
    const q = { scenario: 'subset' as const, method: 'original', measure: 'mia_auc_loss' as const };
    specs.push({
      label: `memorisation (membership attack on the original model): ${e} vs ring`,
      measure: 'mia_auc_loss',
      claimed: 'difference',
      a: ['ring', averaged(obs, settings('ring'), q)],
      b: [e, averaged(obs, settings(e), q)],
    });
    for (const method of methods) {
      const qm = { scenario: 'class' as const, method, measure: 'audit_score' as const };
      specs.push({
        label: `${method} audit score (class): ${e} vs ring`,
        measure: 'audit_score',
        claimed: 'difference',
        a: ['ring', averaged(obs, settings('ring'), qm)],
        b: [e, averaged(obs, settings(e), qm)],
      });
    }
  }
  const tests = family(specs);
  return {
    id: `entanglement-${dataset}`,
    title: `Entanglement structure (${dataset})`,
    claim: 'The entanglement structure "plays a crucial role".',
    measurement: `Each entangler against the reference's ring, averaged over depths ${grid.depths.join(', ')} per seed: memorisation of the original model and every method's audit score on class forgetting.`,
    rule: `Claim of a difference: supported when some comparison differs from zero, contradicted when every comparison is within its smallest effect of interest, else inconclusive (intervals Bonferroni-adjusted over all comparisons; audit scores below ${AUDIT_SCORE_FLOOR} on both sides, where the audit tells every model apart from retraining, are inconclusive).`,
    tests,
    ranks: [],
    verdict: claimVerdict(tests, 'any'),
  };
}

/** Claim 4: deeper models trade utility, forgetting and alignment more strongly. */
export function tradeOffsVsDepth(obs: Observations, dataset: string, grid: FindingsGrid): Finding {
  const [shallowest, deepest] = ends(grid);
  const [lo, hi] = [quantum(dataset, shallowest, 'ring'), quantum(dataset, deepest, 'ring')];
  const spec = (measure: Measure, claimed: Test['claimed'], label: string): TestSpec => ({
    label,
    measure,
    claimed,
    a: [`depth ${shallowest}`, overMethods(obs, lo, 'class', RANKED_METHODS, measure)],
    b: [`depth ${deepest}`, overMethods(obs, hi, 'class', RANKED_METHODS, measure)],
  });
  const tests = family([
    spec('utility', 'negative', "utility (test accuracy / oracle's) falls with depth"),
    spec('audit_score', 'negative', 'forgetting (audit score) falls with depth'),
    spec('js_test', 'positive', 'distance to the oracle (JS on test rows) grows with depth'),
  ]);
  return {
    id: `tradeoffs-depth-${dataset}`,
    title: `Trade-offs against depth (${dataset})`,
    claim:
      'Deeper hybrid models show "stronger trade-offs between utility, forgetting strength and alignment with the retrain oracle".',
    measurement: `Averaged over ${RANKED_METHODS.join(', ')} per seed, class forgetting, depth ${shallowest} against ${deepest} (ring): utility, forgetting and alignment.`,
    rule: 'Directed claim: supported when some measure worsens with depth and none improves (intervals Bonferroni-adjusted over the measures).',
    tests,
    ranks: [],
    verdict: claimVerdict(tests, 'all'),
  };
}

/** Claim 5: EU-k, LCA and Certified rank at the top (by audit score and by Tug-of-War), with bootstrap rank intervals. */
export function bestBalance(obs: Observations, dataset: string, grid: FindingsGrid): Finding {
  const setting = quantum(dataset, grid.reference, REFERENCE_SETTING.entangler);
  const top = NAMED_BEST.length;
  const ranks: RankTest[] = [];
  for (const scenario of ['subset', 'class'] as const) {
    for (const measure of ['audit_score', 'tow'] as const) {
      const maps = RANKED_METHODS.map((m) => obs.get(setting, { scenario, method: m, measure }));
      const seeds = [...(maps[0]?.keys() ?? [])].filter((s) => maps.every((m) => m.has(s))).sort((a, b) => a - b);
      if (seeds.length < 2) continue;
      const scores = new Map(RANKED_METHODS.map((m, i) => [m, seeds.map((s) => maps[i].get(s)!)]));
      for (const rank of rankIntervals(scores, new Rng(0, `findings/${dataset}/${scenario}/${measure}`))) {
        const named = (NAMED_BEST as readonly string[]).includes(rank.name);
        const verdict: Verdict | null = !named
          ? null
          : rank.high <= top
            ? 'supported'
            : rank.low > top
              ? 'contradicted'
              : 'inconclusive';
        ranks.push({
          label: `${rank.name} by ${measure === 'tow' ? 'Tug-of-War' : 'audit score'} (${scenario})`,
          method: rank.name,
          measure,
          scenario,
          rank,
          verdict,
        });
      }
    }
  }
  const verdicts = ranks.flatMap((r) => (r.verdict === null ? [] : [r.verdict]));
  const verdict: Verdict =
    verdicts.length === 0
      ? 'inconclusive'
      : verdicts.every((v) => v === 'supported')
        ? 'supported'
        : verdicts.includes('contradicted')
          ? 'contradicted'
          : 'inconclusive';
  return {
    id: `best-balance-${dataset}`,
    title: `Which methods balance best (${dataset})`,
    claim: 'EU-k, LCA and Certified give "the best balance".',
    measurement: `At the reference setting (ring, depth ${grid.reference}), ${RANKED_METHODS.join(', ')} ranked per scenario by the audit score and by Tug-of-War; 95 % rank intervals from 2,000 bootstrap resamples of the seeds.`,
    rule: `Supported when every named method's rank interval lies within the top ${top}; contradicted when some named method's interval lies entirely below it; else inconclusive.`,
    tests: [],
    ranks,
    verdict,
  };
}

/** Claim 6: the effects come from the quantum layer (the classical twin of the same shape behaves differently). */
export function isItQuantum(
  obs: Observations,
  dataset: string,
  methods: readonly string[],
  grid: FindingsGrid,
): Finding {
  const specs: TestSpec[] = [];
  for (const layers of grid.depths) {
    for (const measure of ['mia_auc_loss', 'forget_loss_gap', 'audit_score'] as const) {
      const q = { scenario: 'subset' as const, method: 'original', measure };
      specs.push({
        label: `original model, ${measure}: quantum depth ${layers} vs classical twin`,
        measure,
        claimed: 'difference',
        a: ['classical twin', obs.get(twin(dataset), q)],
        b: [`quantum depth ${layers}`, obs.get(quantum(dataset, layers, 'ring'), q)],
      });
    }
  }
  for (const method of methods) {
    const q = { scenario: 'class' as const, method, measure: 'audit_score' as const };
    specs.push({
      label: `${method} audit score (class): quantum depth ${grid.reference} vs classical twin`,
      measure: 'audit_score',
      claimed: 'difference',
      a: ['classical twin', obs.get(twin(dataset), q)],
      b: ['quantum', obs.get(quantum(dataset, grid.reference, 'ring'), q)],
    });
  }
  const tests = family(specs);
  return {
    id: `quantum-${dataset}`,
    title: `Is it quantum? (${dataset})`,
    claim:
      'The effects on memorisation and unlearning come from the quantum layer (the study never compares with a classical model of the same shape).',
    measurement:
      "The quantum model (ring) at every depth against its classical twin (the circuit replaced by Linear + tanh of the same width): memorisation of the original model, and every method's audit score at the reference depth.",
    rule: `Claim of a difference: supported when some comparison differs from zero, contradicted when every comparison is within its smallest effect of interest, else inconclusive (intervals Bonferroni-adjusted over all comparisons; audit scores below ${AUDIT_SCORE_FLOOR} on both sides, where the audit tells every model apart from retraining, are inconclusive).`,
    tests,
    ranks: [],
    verdict: claimVerdict(tests, 'any'),
  };
}
