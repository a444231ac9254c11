import type { Command } from 'commander';
import { QunlearnError } from '../core/errors.js';
import { loadExperimentConfig, parseExperimentConfig, type ExperimentConfig } from '../experiment/config.js';
import { METHODS, REFERENCE_METHODS } from '../unlearn/registry.js';
import { checkScenarioFlags, checkSettingConflicts } from './flag-conflicts.js';
import { collectMethodSetting, parseInteger, parseIntegerList, parseList, parseNumber } from './parse.js';

/** Flags shared by `run`, `train` and `sweep`, as commander parses them. */
export interface ExperimentFlags {
  config?: string;
  dataset?: string;
  data?: string;
  dataDir?: string;
  perClass?: number;
  labelColumn?: string;
  model?: string;
  preset?: string;
  methods?: string[];
  set?: Record<string, Record<string, unknown>>;
  referenceMethods?: boolean;
  methodSelection?: string;
  teacherTrainOn?: string;
  scenarios?: string[];
  forgetFraction?: number;
  forgetClass?: number[];
  forgetIndices?: string;
  seeds?: number[];
  seed?: number;
  qubits?: number;
  layers?: number;
  entangler?: string;
  entanglingGate?: string;
  encoding?: string;
  reupload?: boolean;
  noise?: number;
  noiseMethod?: string;
  trajectories?: number;
  shots?: number;
  diff?: string;
  epochs?: number;
  patience?: number;
  batchSize?: number;
  lr?: number;
  testFraction?: number;
  validationFraction?: number;
  relearn?: boolean;
  calibratedAttack?: boolean;
  workers?: number;
  /** `qunlearn audit`: models per population and the original mode. */
  models?: number;
  original?: string;
  /** `qunlearn run --audit N`: the same, added to a study. */
  audit?: number;
  auditOriginal?: string;
  dtype?: string;
}

/** Data, model, circuit and training flags (what `train` needs). */
export function addModelFlags(command: Command): Command {
  return command
    .option('--config <file>', 'experiment configuration (JSON or YAML); flags override it')
    .option('--dataset <name>', 'iris | mnist | fashion-mnist | csv | idx (default iris)')
    .option('--data <file>', 'CSV file for --dataset csv')
    .option('--data-dir <dir>', 'folder with the four IDX files (fashion-mnist, idx)')
    .option('--per-class <n>', 'images per class for mnist / fashion-mnist / idx', parseInteger('--per-class', 1))
    .option('--label-column <name>', 'label column of a CSV file (default: the last)')
    .option('--model <name>', 'iris-shallow | iris-deep | cnn-hybrid | pca-hybrid, or any of them + "-classical"')
    .option(
      '--preset <name>',
      'sound (default: validation-based selection, held-out MIA) | paper (the reference protocol)',
    )
    .option('--qubits <n>', 'qubits of the circuit', parseInteger('--qubits', 1))
    .option('--layers <n>', 'variational layers', parseInteger('--layers', 0))
    .option('--entangler <name>', 'ring | linear | all-to-all | none')
    .option('--entangling-gate <name>', 'cz | cnot')
    .option('--encoding <name>', 'reference | rx | ry | rz')
    .option('--reupload', 'repeat the encoding before every layer (data re-uploading)')
    .option('--noise <p>', 'depolarizing probability on every wire after each block', parseNumber('--noise'))
    .option(
      '--noise-method <name>',
      'auto (default: exact below 10 qubits, Monte-Carlo trajectories from 10) | exact | trajectories',
    )
    .option(
      '--trajectories <n>',
      'Monte-Carlo trajectories per sample under trajectory noise (default 100)',
      parseInteger('--trajectories', 2),
    )
    .option('--shots <n>', 'finite shots per evaluation', parseInteger('--shots', 1))
    .option('--diff <name>', 'adjoint | parameter-shift')
    .option('--epochs <n>', 'teacher/oracle epochs', parseInteger('--epochs', 1))
    .option('--patience <n>', 'teacher/oracle early-stopping patience', parseInteger('--patience', 1))
    .option('--batch-size <n>', 'batch size', parseInteger('--batch-size', 1))
    .option('--lr <x>', 'learning rate', parseNumber('--lr'))
    .option('--test-fraction <f>', 'held-out test fraction (default 0.2)', parseNumber('--test-fraction'))
    .option(
      '--validation-fraction <f>',
      'validation fraction of the training rows (sound default 0.1)',
      parseNumber('--validation-fraction'),
    )
    .option(
      '--dtype <type>',
      'float32 | float64: element type of the classical layers (default float32 for cnn-hybrid, float64 otherwise; the circuit simulates in float64)',
    );
}

/**
 * Method, scenario, seed and evaluation flags (what `run` adds to the model flags). `qunlearn audit` leaves out the
 * seed list (it audits one data split, `--seed`) and the single-model evaluation settings.
 */
export function addStudyFlags(command: Command, options: { seeds?: boolean; evaluation?: boolean } = {}): Command {
  command
    .option('--methods <list>', "comma-separated method names, 'all' (default) or 'reference'", parseList('--methods'))
    .option(
      '--set <method.key=value>',
      'override a method setting, e.g. ga.epochs=10 (repeatable)',
      collectMethodSetting,
    )
    .option(
      '--reference-methods',
      "use the reference's method-level behaviour (CF-k ascent, Q-MUL sign, ...; on under --preset paper)",
    )
    .option('--no-reference-methods', 'the corrected methods even under --preset paper')
    .option(
      '--method-selection <policy>',
      'how unlearning runs choose their epoch: forget-target (sound default) | utility (paper default) | last',
    )
    .option(
      '--teacher-train-on <rows>',
      'train | subset-retain (the reference Iris scripts; default under --preset paper on Iris)',
    )
    .option('--scenarios <list>', 'subset,class (default) and/or indices', parseList('--scenarios'))
    .option(
      '--forget-fraction <f>',
      'fraction of the training set forgotten in the subset scenario (default 0.02)',
      parseNumber('--forget-fraction'),
    )
    .option(
      '--forget-class <list>',
      'classes forgotten in the class scenario (default 0)',
      parseIntegerList('--forget-class'),
    )
    .option('--forget-indices <file>', 'a deletion request: dataset row ids to forget (one per line, or a JSON array)');
  if (options.seeds !== false)
    command.option('--seeds <list>', 'seeds to run, e.g. 0,1,2 (default 0)', parseIntegerList('--seeds'));
  if (options.evaluation !== false) {
    command
      .option('--no-relearn', 'skip the relearn-time metric')
      .option('--no-calibrated-attack', 'skip the calibrated membership-inference attack');
  }
  return command;
}

/** `--methods all`, `reference` (the study's eleven and the two baselines) or a list of names. */
function methodList(names: string[]): string[] {
  if (names.length === 1 && names[0] === 'all') return METHODS.map((m) => m.name);
  if (names.length === 1 && names[0] === 'reference') return ['original', 'retrain', ...REFERENCE_METHODS];
  return names;
}

/** Builds the scenario list from `--scenarios` and the forget flags (`--forget-indices` alone means only that request). */
function scenarioList(flags: ExperimentFlags): ExperimentConfig['scenarios'] {
  checkScenarioFlags(flags);
  const kinds = flags.scenarios ?? (flags.forgetIndices !== undefined ? ['indices'] : undefined);
  if (kinds === undefined && flags.forgetFraction === undefined && flags.forgetClass === undefined) return undefined;
  return (kinds ?? ['subset', 'class']).map((kind) => {
    if (kind === 'subset')
      return {
        kind: 'subset' as const,
        ...(flags.forgetFraction !== undefined ? { fraction: flags.forgetFraction } : {}),
      };
    if (kind === 'class')
      return { kind: 'class' as const, ...(flags.forgetClass !== undefined ? { classes: flags.forgetClass } : {}) };
    if (kind === 'indices') {
      if (flags.forgetIndices === undefined)
        throw new QunlearnError(
          'usage',
          '--scenarios indices needs --forget-indices FILE (one dataset row id per line, or a JSON array)',
        );
      return { kind: 'indices' as const, file: flags.forgetIndices };
    }
    throw new QunlearnError('usage', `--scenarios: unknown scenario '${kind}'; known: subset, class, indices`);
  });
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The configuration the flags describe, layered over the config file (flags win, nested objects merge). */
export function configFromFlags(flags: ExperimentFlags): ExperimentConfig {
  const file: ExperimentConfig = flags.config !== undefined ? loadExperimentConfig(flags.config) : {};
  const fromFlags =
    defined({
      dataset: flags.dataset,
      data: defined({
        path: flags.data,
        dataDir: flags.dataDir,
        perClass: flags.perClass,
        labelColumn: flags.labelColumn,
      }),
      model: flags.model,
      preset: flags.preset,
      methods: flags.methods === undefined ? undefined : methodList(flags.methods),
      methodSettings: flags.set,
      referenceMethods: flags.referenceMethods,
      methodSelection: flags.methodSelection,
      teacherTrainOn: flags.teacherTrainOn,
      scenarios: scenarioList(flags),
      seeds: flags.seeds ?? (flags.seed === undefined ? undefined : [flags.seed]),
      circuit: defined({
        qubits: flags.qubits,
        layers: flags.layers,
        entangler: flags.entangler,
        entanglingGate: flags.entanglingGate,
        encoding: flags.encoding,
        reupload: flags.reupload,
        noise: flags.noise,
        noiseMethod: flags.noiseMethod,
        trajectories: flags.trajectories,
        shots: flags.shots,
        diff: flags.diff,
      }),
      training: defined({ epochs: flags.epochs, patience: flags.patience, batchSize: flags.batchSize, lr: flags.lr }),
      split: defined({ testFraction: flags.testFraction, validationFraction: flags.validationFraction }),
      evaluation: defined({ relearn: flags.relearn, calibratedAttack: flags.calibratedAttack }),
      audit: defined({ models: flags.models ?? flags.audit, original: flags.original ?? flags.auditOriginal }),
      workers: flags.workers,
      dtype: flags.dtype,
    }) ?? {};
  const merged: Record<string, unknown> = { ...file };
  for (const [k, v] of Object.entries(fromFlags)) {
    const base = merged[k];
    const bothObjects =
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      base !== null &&
      typeof base === 'object' &&
      !Array.isArray(base);
    merged[k] = bothObjects ? { ...base, ...v } : v;
  }
  const config = parseExperimentConfig(merged, flags.config ?? 'command line');
  checkSettingConflicts(config, flags, file, flags.config);
  return config;
}
