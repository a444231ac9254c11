import { QunlearnError } from '../core/errors.js';
import type { ExperimentConfig } from '../experiment/config.js';
import { flagName } from './parse.js';

/**
 * Settings that contradict each other or would be silently ignored are errors naming both sides, never dropped:
 * `--data mine.csv` without `--dataset csv`, `--forget-class` without a class scenario, `--noise` on a classical
 * twin, `--shots` with `--diff adjoint`. Each side is named as the user gave it: a flag, a key of the config file,
 * or a default.
 */

/** The dataset loaders that read each data option. */
const DATA_OPTIONS: { key: keyof NonNullable<ExperimentConfig['data']>; flag: string; datasets: string[] }[] = [
  { key: 'path', flag: '--data', datasets: ['csv'] },
  { key: 'labelColumn', flag: '--label-column', datasets: ['csv'] },
  { key: 'perClass', flag: '--per-class', datasets: ['mnist', 'fashion-mnist', 'idx'] },
  { key: 'dataDir', flag: '--data-dir', datasets: ['fashion-mnist', 'idx'] },
];

/** Circuit settings a classical twin has no use for (it keeps only the width, `qubits`). */
const CIRCUIT_ONLY = [
  'layers',
  'encoding',
  'reupload',
  'entangler',
  'entanglingGate',
  'noise',
  'shots',
  'diff',
] as const;

/** The scenario flags as commander parses them (a part of the experiment flags). */
interface ScenarioFlags {
  scenarios?: string[];
  forgetFraction?: number;
  forgetClass?: number[];
  forgetIndices?: string;
}

/** Names a setting the way the user gave it. */
type Namer = (path: string, flag: string, value: unknown) => string;

/** `flags`: the flags commander parsed (option property → value). */
function namer(flags: object, file: ExperimentConfig, fileName: string | undefined, defaults: string): Namer {
  return (path, flag, value) => {
    const prop = flag.replace(/^--/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    if ((flags as Record<string, unknown>)[prop] !== undefined) return `${flag} ${String(value)}`;
    const inFile = path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        file,
      );
    if (inFile !== undefined && fileName !== undefined) return `'${path}: ${JSON.stringify(value)}' in ${fileName}`;
    return `${defaults} ${path} ${String(value)}`;
  };
}

/**
 * Checks the scenario flags before they are turned into scenarios: each forget option needs its scenario kind,
 * and `--forget-indices` alone (which runs only the request) leaves no room for the options of other kinds.
 */
export function checkScenarioFlags(flags: ScenarioFlags): void {
  const options: { given: unknown; flag: string; kind: string }[] = [
    { given: flags.forgetFraction, flag: '--forget-fraction', kind: 'subset' },
    { given: flags.forgetClass, flag: '--forget-class', kind: 'class' },
    { given: flags.forgetIndices, flag: '--forget-indices', kind: 'indices' },
  ];
  for (const o of options) {
    if (o.given === undefined) continue;
    if (flags.scenarios !== undefined && !flags.scenarios.includes(o.kind)) {
      throw new QunlearnError(
        'usage',
        `${o.flag} sets up the ${o.kind} scenario, but --scenarios ${flags.scenarios.join(',')} does not run it; add ${o.kind} to --scenarios (e.g. --scenarios ${[...flags.scenarios, o.kind].join(',')}) or drop ${o.flag}`,
      );
    }
    if (flags.scenarios === undefined && flags.forgetIndices !== undefined && o.kind !== 'indices') {
      throw new QunlearnError(
        'usage',
        `${o.flag} sets up the ${o.kind} scenario, but --forget-indices without --scenarios runs only the deletion request; pass --scenarios ${o.kind},indices to run both, or drop ${o.flag}`,
      );
    }
  }
}

/**
 * Checks a configuration (the config file with the flags over it) for settings that contradict or would be ignored.
 * `defaults` names where unset values come from in messages (e.g. "the checkpoint's").
 */
export function checkSettingConflicts(
  config: ExperimentConfig,
  flags: object,
  file: ExperimentConfig,
  fileName: string | undefined,
  defaults = 'the default',
): void {
  const name = namer(flags, file, fileName, defaults);
  const dataset = config.dataset ?? 'iris';
  const datasetName = name('dataset', '--dataset', dataset);
  for (const o of DATA_OPTIONS) {
    const value = config.data?.[o.key];
    if (value === undefined || o.datasets.includes(dataset)) continue;
    throw new QunlearnError(
      'usage',
      `${name(`data.${o.key}`, o.flag, value)} is only read by --dataset ${o.datasets.join(' or ')}, not by ${datasetName}; ${o.key === 'path' ? 'add --dataset csv' : `drop ${o.flag}`}`,
    );
  }
  const model = config.model;
  if (model?.endsWith('-classical')) {
    for (const key of CIRCUIT_ONLY) {
      const value = config.circuit?.[key];
      if (value === undefined) continue;
      throw new QunlearnError(
        'usage',
        `${name(`circuit.${key}`, flagName(key), value)} has no effect on ${name('model', '--model', model)}: a classical twin has no quantum circuit (only --qubits, its width, applies); drop ${flagName(key)} or use the quantum model ${model.slice(0, -'-classical'.length)}`,
      );
    }
  }
  const shots = config.circuit?.shots;
  const diff = config.circuit?.diff;
  if (shots !== undefined && shots !== null && diff === 'adjoint') {
    throw new QunlearnError(
      'usage',
      `${name('circuit.shots', '--shots', shots)} estimates ⟨Z⟩ from samples, which needs parameter-shift gradients, but ${name('circuit.diff', '--diff', diff)} asks for adjoint ones; drop --diff adjoint (shots use parameter-shift) or drop --shots`,
    );
  }
}
