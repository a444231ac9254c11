import { QunlearnError, ShapeError } from '../core/errors.js';
import { perExampleEpsilon } from './epsilon-estimator.js';
import { auditScore, forgettingQuality } from './forgetting-quality.js';
import { populationAttack, type PopulationAttackResult } from './population-attack.js';
import { checkRate } from './validate.js';

/** What an audit keeps of one model: φ of every forget example (in the scenario's order) and three accuracies. */
export interface AuditedModel {
  phi: ArrayLike<number>;
  retainAcc: number;
  forgetAcc: number;
  testAcc: number;
}

/** Mean accuracies of a population. */
export interface PopulationAccuracies {
  retainAcc: number;
  forgetAcc: number;
  testAcc: number;
}

/** Everything the audit says about one population against another (at N models each). */
export interface PopulationComparison {
  /** Models per population. */
  models: number;
  /** Per-example ε, in the forget set's order. */
  epsilons: Float64Array;
  forgettingQuality: number;
  /** F × retain-accuracy ratio × test-accuracy ratio (NaN when the retrained population has zero accuracy). */
  score: number;
  unlearned: PopulationAccuracies;
  retrained: PopulationAccuracies;
  attack: PopulationAttackResult;
}

function meanAccuracies(models: readonly AuditedModel[]): PopulationAccuracies {
  const mean = (key: keyof PopulationAccuracies): number => models.reduce((s, m) => s + m[key], 0) / models.length;
  return { retainAcc: mean('retainAcc'), forgetAcc: mean('forgetAcc'), testAcc: mean('testAcc') };
}

function checkPopulation(name: string, models: readonly AuditedModel[], examples: number): void {
  models.forEach((m, i) => {
    if (m.phi.length !== examples)
      throw new ShapeError(
        `comparePopulations: ${name}[${i}] has φ for ${m.phi.length} examples, expected ${examples}`,
      );
    for (const key of ['retainAcc', 'forgetAcc', 'testAcc'] as const)
      checkRate('comparePopulations', `${name}[${i}].${key}`, m[key]);
  });
}

/**
 * Compares a population of unlearned models with one of retrained models (the same number of each, at least 3):
 * per-example ε with the competition's estimator, forgetting quality F, the final score with the utility ratios,
 * and the leave-one-out likelihood-ratio attack.
 */
export function comparePopulations(
  unlearned: readonly AuditedModel[],
  retrained: readonly AuditedModel[],
): PopulationComparison {
  if (unlearned.length !== retrained.length) {
    throw new QunlearnError(
      'value',
      `comparePopulations: the populations must be the same size, got ${unlearned.length} unlearned and ${retrained.length} retrained models`,
    );
  }
  const n = unlearned.length;
  if (n < 3) throw new QunlearnError('value', `comparePopulations: each population needs at least 3 models, got ${n}`);
  const examples = unlearned[0].phi.length;
  if (examples === 0)
    throw new ShapeError('comparePopulations: no forget example; each model needs φ for at least one example');
  checkPopulation('unlearned', unlearned, examples);
  checkPopulation('retrained', retrained, examples);
  const epsilons = new Float64Array(examples);
  const u = new Float64Array(n);
  const r = new Float64Array(n);
  for (let j = 0; j < examples; j++) {
    for (let i = 0; i < n; i++) {
      u[i] = unlearned[i].phi[j];
      r[i] = retrained[i].phi[j];
    }
    epsilons[j] = perExampleEpsilon(u, r);
  }
  const quality = forgettingQuality(epsilons, n);
  const accU = meanAccuracies(unlearned);
  const accR = meanAccuracies(retrained);
  return {
    models: n,
    epsilons,
    forgettingQuality: quality,
    score: auditScore(quality, accU, accR),
    unlearned: accU,
    retrained: accR,
    attack: populationAttack(
      unlearned.map((m) => m.phi),
      retrained.map((m) => m.phi),
    ),
  };
}

/**
 * The chance level at this N: the first half of the retrained pool against the second (disjoint seeds, so the two
 * are draws of the same distribution), scored like a method. With an odd pool the last model is left out; each half
 * has ⌊N/2⌋ models, so the ε buckets are those of ⌊N/2⌋.
 */
export function chanceLevel(retrained: readonly AuditedModel[]): PopulationComparison {
  const half = Math.floor(retrained.length / 2);
  if (half < 3)
    throw new QunlearnError(
      'value',
      `chanceLevel: the retrained pool needs at least 6 models to split into two halves of 3, got ${retrained.length}`,
    );
  return comparePopulations(retrained.slice(0, half), retrained.slice(half, 2 * half));
}

/** Indices of the `k` examples with the largest ε (ties: the earlier example first). */
export function mostExposed(epsilons: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: epsilons.length }, (_, j) => j)
    .sort((a, b) => epsilons[b] - epsilons[a] || a - b)
    .slice(0, k);
}
