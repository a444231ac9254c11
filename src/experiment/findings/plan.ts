import { QunlearnError } from '../../core/errors.js';
import { isDatasetName, type DatasetName } from '../../data/dataset-names.js';
import { ENTANGLERS } from '../../quantum/spec.js';
import { MIN_AUDIT_MODELS } from '../audit/settings.js';
import type { ExperimentConfig } from '../config.js';
import { makeSweepSpec, type SweepSpec } from '../sweep/spec.js';

/** The depths the study's claims are about (layers of the variational circuit). */
export const FINDINGS_DEPTHS = [1, 2, 4, 6] as const;

/** The entanglement structures compared. */
export const FINDINGS_ENTANGLERS = ['ring', 'linear', 'all-to-all', 'none'] as const;

/** The reference setting (the study's circuit): ring entanglement at depth 2. */
export const REFERENCE_SETTING = { layers: 2, entangler: 'ring' } as const;

/** The baselines and the methods the claims name, plus GA and SCRUB (the audit list). */
export const FINDINGS_METHODS = ['original', 'retrain', 'eu-k', 'lca', 'certified', 'ga', 'scrub'] as const;

/** Methods ranked against each other (the baselines are the target and the floor, not contenders). */
export const RANKED_METHODS = ['eu-k', 'lca', 'certified', 'ga', 'scrub'] as const;

/** The methods the study says give "the best balance". */
export const NAMED_BEST = ['eu-k', 'lca', 'certified'] as const;

/** The datasets a findings plan can cover, with the quantum model of each (images: 8 qubits MNIST, 10 Fashion). */
export const FINDINGS_MODELS: Partial<Record<DatasetName, string>> = {
  iris: 'iris-shallow',
  mnist: 'cnn-hybrid',
  'fashion-mnist': 'cnn-hybrid',
};

/**
 * The subset scenario forgets 20 % of the training rows, not 2 %: a membership attack on 3 Iris rows says nothing,
 * and memorisation is what the depth claims are about. The class scenario forgets class 0.
 */
export const FINDINGS_SUBSET_FRACTION = 0.2;

/** What a findings plan covers. */
export interface FindingsSettings {
  datasets: DatasetName[];
  seeds: number[];
  /** Models per audit population. */
  models: number;
  /** Images per class for the image datasets (default: the study's, 200 MNIST, 800 Fashion). */
  perClass?: number;
  /** Circuit depths (default {@link FINDINGS_DEPTHS}); a smaller grid answers fewer questions, faster. */
  depths?: number[];
  /** Entanglers (default {@link FINDINGS_ENTANGLERS}); ring, the study's, must be among them. */
  entanglers?: string[];
}

/** The circuit grid of a plan: depths in increasing order, entanglers with ring first, and the reference depth. */
export interface FindingsGrid {
  depths: number[];
  entanglers: string[];
  /** The depth at which methods are ranked: the study's 2 when in the grid, else the shallowest. */
  reference: number;
}

/** The grid a plan's settings describe. */
export function gridOf(settings: FindingsSettings): FindingsGrid {
  const depths = [...(settings.depths ?? FINDINGS_DEPTHS)].sort((a, b) => a - b);
  const entanglers = ['ring', ...(settings.entanglers ?? FINDINGS_ENTANGLERS).filter((e) => e !== 'ring')];
  return {
    depths,
    entanglers,
    reference: depths.includes(REFERENCE_SETTING.layers) ? REFERENCE_SETTING.layers : depths[0],
  };
}

/** One sweep of the plan: a dataset, the quantum grid or the classical twin. */
export interface FindingsSweep {
  id: string;
  dataset: DatasetName;
  kind: 'quantum' | 'classical';
  spec: SweepSpec;
}

/** Checks a plan's settings: known datasets with a model, at least 2 distinct seeds, an audit size the audit accepts, a grid. */
export function checkFindingsSettings(settings: FindingsSettings): void {
  for (const d of settings.datasets) {
    if (!isDatasetName(d) || FINDINGS_MODELS[d] === undefined) {
      throw new QunlearnError(
        'config',
        `findings: dataset '${d}' has no findings plan; choose from ${Object.keys(FINDINGS_MODELS).join(', ')}`,
      );
    }
  }
  if (settings.datasets.length === 0)
    throw new QunlearnError('config', 'findings: no dataset; pass --datasets iris (and mnist, fashion-mnist)');
  if (new Set(settings.datasets).size !== settings.datasets.length)
    throw new QunlearnError('config', `findings: a dataset is listed twice (${settings.datasets.join(', ')})`);
  if (settings.seeds.length < 2)
    throw new QunlearnError(
      'config',
      'findings: paired comparisons need at least 2 seeds (the plan uses 5 by default)',
    );
  if (new Set(settings.seeds).size !== settings.seeds.length)
    throw new QunlearnError('config', `findings: a seed is listed twice (${settings.seeds.join(', ')})`);
  if (!Number.isInteger(settings.models) || settings.models < MIN_AUDIT_MODELS)
    throw new QunlearnError(
      'config',
      `findings: --models must be an integer of at least ${MIN_AUDIT_MODELS} (the audit's smallest population), got ${settings.models}`,
    );
  const depths = settings.depths ?? [...FINDINGS_DEPTHS];
  if (
    depths.length < 2 ||
    new Set(depths).size !== depths.length ||
    depths.some((d) => !Number.isInteger(d) || d < 1)
  ) {
    throw new QunlearnError(
      'config',
      `findings: --depths needs at least two distinct depths of 1 or more, got ${depths.join(', ')}`,
    );
  }
  const entanglers = settings.entanglers ?? [...FINDINGS_ENTANGLERS];
  if (!entanglers.includes('ring') || new Set(entanglers).size !== entanglers.length) {
    throw new QunlearnError(
      'config',
      `findings: --entanglers must list distinct entanglers including ring (the study's, against which the others are compared), got ${entanglers.join(', ')}`,
    );
  }
  for (const e of entanglers) {
    if (!(ENTANGLERS as readonly string[]).includes(e))
      throw new QunlearnError('config', `findings: unknown entangler '${e}'; choose from ${ENTANGLERS.join(', ')}`);
  }
}

/** The base configuration of every run of a dataset: the sound protocol, the plan's methods and scenarios, an audit. */
function baseConfig(settings: FindingsSettings, dataset: DatasetName, model: string): ExperimentConfig {
  return {
    dataset,
    model,
    ...(settings.perClass !== undefined && dataset !== 'iris' ? { data: { perClass: settings.perClass } } : {}),
    preset: 'sound',
    methods: [...FINDINGS_METHODS],
    scenarios: [{ kind: 'subset', fraction: FINDINGS_SUBSET_FRACTION }, { kind: 'class' }],
    evaluation: { relearn: false, calibratedAttack: false },
    audit: { models: settings.models },
  };
}

/**
 * The plan's sweeps, per dataset: the quantum model over depth × entanglement, and its classical twin (one
 * setting: it has no circuit). Every run of a seed shares that seed's split and forget rows, so comparisons pair.
 */
export function findingsSweeps(settings: FindingsSettings): FindingsSweep[] {
  checkFindingsSettings(settings);
  return settings.datasets.flatMap((dataset) => {
    const model = FINDINGS_MODELS[dataset]!;
    const grid = gridOf(settings);
    const quantum = makeSweepSpec(
      baseConfig(settings, dataset, model),
      [
        { path: 'circuit.layers', values: grid.depths },
        { path: 'circuit.entangler', values: grid.entanglers },
      ],
      settings.seeds,
      `findings (${dataset})`,
    );
    const classical = makeSweepSpec(
      baseConfig(settings, dataset, `${model}-classical`),
      [],
      settings.seeds,
      `findings (${dataset}, classical twin)`,
    );
    return [
      { id: `${dataset}-quantum`, dataset, kind: 'quantum' as const, spec: quantum },
      { id: `${dataset}-classical`, dataset, kind: 'classical' as const, spec: classical },
    ];
  });
}
