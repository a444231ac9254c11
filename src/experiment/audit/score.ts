import type { Scenario } from '../../data/scenarios.js';
import {
  chanceLevel,
  comparePopulations,
  mostExposed,
  type AuditedModel,
  type PopulationComparison,
} from '../../metrics/population-audit.js';
import { checkClaim } from '../../metrics/epsilon-lower-bound.js';
import { NO_GUARANTEE, type Guarantee } from '../../unlearn/guarantee.js';
import { getMethod } from '../../unlearn/registry.js';
import type { ResolvedExperiment } from '../config.js';
import type { PreparedData } from '../prepare.js';
import { auditFiles } from './layout.js';
import type { AuditRow } from './rows.js';
import { isFailed, readModelRecord, type RetrainedRecord, type UnlearnedRecord } from './records.js';

export { rankAuditRows, type AuditRow, type ExposedExample } from './rows.js';

/** How many forget examples the report shows the φ distributions of. */
export const EXPOSED_EXAMPLES = 3;

/** The columns of audit.csv: everything but the arrays. */
export const AUDIT_CSV_EXCLUDED = new Set(['epsilons', 'exposed']);

const median = (values: Float64Array): number => {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

/** The claim check of a method against its reference population (see `checkClaim`). */
function claimColumns(
  unlearned: readonly AuditedModel[],
  reference: readonly AuditedModel[],
  guarantee: Guarantee,
): Partial<AuditRow> {
  const claimed = guarantee.kind === 'certified' ? guarantee.epsilon : guarantee.kind === 'exact' ? 0 : null;
  const delta = guarantee.kind === 'certified' ? guarantee.delta : CHECK_DELTA;
  const check = checkClaim(
    unlearned.map((m) => m.phi),
    reference.map((m) => m.phi),
    claimed ?? Infinity,
    delta,
  );
  return {
    epsilon_bound: check.bound,
    epsilon_resolution: check.resolution,
    claimed_epsilon: claimed,
    claim_refuted: claimed === null ? null : check.refuted,
  };
}

/** δ of the ε bound for methods that claim nothing (the estimator's δ). */
const CHECK_DELTA = 1e-5;

/** The statistics columns of a row, from a comparison of two populations. */
function statistics(
  c: PopulationComparison,
  scenario: Scenario,
  labels: Int32Array,
  unlearned: readonly AuditedModel[],
  retrained: readonly AuditedModel[],
): Partial<AuditRow> {
  const eps = c.epsilons;
  return {
    forgetting_quality: c.forgettingQuality,
    score: Number.isNaN(c.score) ? null : c.score,
    epsilon_median: median(eps),
    epsilon_mean: eps.reduce((s, e) => s + e, 0) / eps.length,
    epsilon_max: Math.max(...eps),
    retain_acc: c.unlearned.retainAcc,
    forget_acc: c.unlearned.forgetAcc,
    test_acc: c.unlearned.testAcc,
    retain_acc_retrained: c.retrained.retainAcc,
    forget_acc_retrained: c.retrained.forgetAcc,
    test_acc_retrained: c.retrained.testAcc,
    attack_auc: c.attack.auc,
    attack_balanced_accuracy: c.attack.balancedAccuracy,
    attack_tpr_at_1_fpr: c.attack.tprAt1Fpr,
    attack_tpr_at_5_fpr: c.attack.tprAt5Fpr,
    epsilons: Array.from(eps),
    exposed: mostExposed(eps, EXPOSED_EXAMPLES).map((j) => ({
      example: j,
      row: scenario.forget[j],
      label: labels[scenario.forget[j]],
      epsilon: eps[j],
      phi_unlearned: unlearned.map((m) => m.phi[j]),
      phi_retrained: retrained.map((m) => m.phi[j]),
    })),
  };
}

const modelIndices = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A short account of missing models, e.g. `models 3, 7 missing (their jobs failed)`. */
function missingMessage(what: string, missing: readonly number[], reason?: string): string {
  const listed =
    missing.length > 5 ? `${missing.slice(0, 5).join(', ')}, … (${missing.length} in all)` : missing.join(', ');
  return `${what} ${missing.length === 1 ? 'model' : 'models'} ${listed} ${reason ?? 'missing (their jobs failed or have not run)'}`;
}

/**
 * Scores an audit from its model records on disk: per scenario, every method's unlearned population against the
 * retrained one, and the chance level. Rows whose populations are incomplete (a failed job, a method that failed on
 * some model) are `failed` with the reason; the others are scored. Reads each unlearned record once.
 */
export function scoreAudit(dir: string, experiment: ResolvedExperiment, data: PreparedData): AuditRow[] {
  const settings = experiment.audit!;
  const n = settings.models;
  const unlearnedRecords = modelIndices(n).map((i) => readModelRecord<UnlearnedRecord>(auditFiles.unlearned(dir, i)));
  const rows: AuditRow[] = [];
  for (const scenario of data.plan.scenarios) {
    const base = {
      seed: settings.seed,
      dataset: experiment.dataset,
      model: experiment.model,
      preset: experiment.preset,
      scenario: scenario.name,
      scenario_kind: scenario.kind,
      original: settings.original,
      n_forget: scenario.forget.length,
    };
    const retrainedRecords = modelIndices(n).map((i) =>
      readModelRecord<RetrainedRecord>(auditFiles.retrained(dir, scenario.name, i)),
    );
    const missingRetrained = modelIndices(n).filter((i) => retrainedRecords[i] === null);
    const retrained = retrainedRecords.filter((r): r is RetrainedRecord => r !== null);
    const chanceRow = {
      ...base,
      method: 'chance',
      method_label: 'Chance level (retrained vs retrained)',
      role: 'chance' as const,
      models: Math.floor(n / 2),
    };
    if (missingRetrained.length > 0) {
      const error = missingMessage('retrained', missingRetrained);
      rows.push({ ...chanceRow, status: 'failed', error });
      for (const spec of experiment.methods)
        rows.push({
          ...base,
          method: spec.name,
          method_label: getMethod(spec.name).label,
          role: 'method',
          models: n,
          status: 'failed',
          error,
        });
      continue;
    }
    const labels = data.inputs.labels;
    const halves = chanceLevel(retrained);
    const [firstHalf, secondHalf] = [
      retrained.slice(0, halves.models),
      retrained.slice(halves.models, 2 * halves.models),
    ];
    rows.push({
      ...chanceRow,
      status: 'ok',
      ...statistics(halves, scenario, labels, firstHalf, secondHalf),
      ...claimColumns(firstHalf, secondHalf, NO_GUARANTEE),
    });
    for (const spec of experiment.methods) {
      const methodRow = {
        ...base,
        method: spec.name,
        method_label: getMethod(spec.name).label,
        role: 'method' as const,
        models: n,
      };
      const records = unlearnedRecords.map((r) => r?.scenarios[scenario.name]?.[spec.name] ?? null);
      const missing = modelIndices(n).filter((i) => records[i] === null);
      const failed = modelIndices(n).filter((i) => records[i] !== null && isFailed(records[i]!));
      if (missing.length > 0 || failed.length > 0) {
        const first = failed.length > 0 ? records[failed[0]] : null;
        const error =
          missing.length > 0
            ? missingMessage('unlearned', missing)
            : missingMessage(
                'unlearned',
                failed,
                `failed (model ${failed[0]}: ${first !== null && isFailed(first) ? first.error : ''})`,
              );
        rows.push({ ...methodRow, status: 'failed', error });
        continue;
      }
      const unlearned = records as AuditedModel[];
      const method = getMethod(spec.name);
      const guarantee = method.guarantee(spec.config);
      let reference: readonly AuditedModel[] = retrained;
      if (method.mechanism !== undefined) {
        const same = unlearnedRecords.map((r) => r?.sameMechanism?.[scenario.name]?.[spec.name] ?? null);
        const bad = modelIndices(n).filter((i) => same[i] === null || isFailed(same[i]!));
        if (bad.length > 0) {
          const first = same[bad[0]];
          rows.push({
            ...methodRow,
            status: 'failed',
            error: missingMessage(
              'same-mechanism retrained',
              bad,
              first !== null && isFailed(first) ? `failed (${first.error})` : undefined,
            ),
          });
          continue;
        }
        reference = same as AuditedModel[];
      }
      rows.push({
        ...methodRow,
        status: 'ok',
        reference: reference === retrained ? 'retrained' : 'same mechanism',
        ...statistics(comparePopulations(unlearned, reference), scenario, labels, unlearned, reference),
        ...claimColumns(unlearned, reference, guarantee),
      });
    }
  }
  return rows;
}
