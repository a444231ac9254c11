import type { Command } from 'commander';
import { QunlearnError } from '../core/errors.js';
import {
  loadSweepFile,
  makeSweepSpec,
  overrideSpec,
  type AxisInput,
  type SweepSpec,
} from '../experiment/sweep/spec.js';
import { configFromFlags, type ExperimentFlags } from './experiment-flags.js';
import { checkDistinct, parseBoolean, parseInteger, parseIntegerList, parseList, parseNumber } from './parse.js';

/** A run flag that names one value in `qunlearn run` and takes a comma-separated list (an axis) in `qunlearn sweep`. */
interface AxisFlag {
  /** The property commander gives it (as in `ExperimentFlags`). */
  prop: keyof ExperimentFlags & string;
  flag: string;
  /** The configuration path it sets; the forget fraction instead rewrites the scenario list. */
  path: string;
  parse: (item: string) => unknown;
  help: string;
}

const text = (item: string): string => item;

/** Every run flag that may take a list here, with the run's own parser for each item. */
const AXIS_FLAGS: AxisFlag[] = [
  {
    prop: 'dataset',
    flag: '--dataset',
    path: 'dataset',
    parse: text,
    help: 'iris | mnist | fashion-mnist | csv | idx',
  },
  { prop: 'data', flag: '--data', path: 'data.path', parse: text, help: 'CSV file(s) for --dataset csv' },
  { prop: 'dataDir', flag: '--data-dir', path: 'data.dataDir', parse: text, help: 'folder(s) with IDX files' },
  {
    prop: 'perClass',
    flag: '--per-class',
    path: 'data.perClass',
    parse: parseInteger('--per-class', 1),
    help: 'images per class',
  },
  {
    prop: 'labelColumn',
    flag: '--label-column',
    path: 'data.labelColumn',
    parse: text,
    help: 'label column of a CSV file',
  },
  {
    prop: 'model',
    flag: '--model',
    path: 'model',
    parse: text,
    help: 'iris-shallow | iris-deep | cnn-hybrid | pca-hybrid, each also + "-classical"',
  },
  { prop: 'preset', flag: '--preset', path: 'preset', parse: text, help: 'sound | paper' },
  {
    prop: 'qubits',
    flag: '--qubits',
    path: 'circuit.qubits',
    parse: parseInteger('--qubits', 1),
    help: 'qubits of the circuit',
  },
  {
    prop: 'layers',
    flag: '--layers',
    path: 'circuit.layers',
    parse: parseInteger('--layers', 0),
    help: 'variational layers (circuit depth)',
  },
  {
    prop: 'entangler',
    flag: '--entangler',
    path: 'circuit.entangler',
    parse: text,
    help: 'ring | linear | all-to-all | none',
  },
  { prop: 'entanglingGate', flag: '--entangling-gate', path: 'circuit.entanglingGate', parse: text, help: 'cz | cnot' },
  { prop: 'encoding', flag: '--encoding', path: 'circuit.encoding', parse: text, help: 'reference | rx | ry | rz' },
  {
    prop: 'reupload',
    flag: '--reupload',
    path: 'circuit.reupload',
    parse: parseBoolean('--reupload'),
    help: 'data re-uploading (alone: true; or a list such as false,true)',
  },
  {
    prop: 'noise',
    flag: '--noise',
    path: 'circuit.noise',
    parse: parseNumber('--noise'),
    help: 'depolarizing probability',
  },
  {
    prop: 'shots',
    flag: '--shots',
    path: 'circuit.shots',
    parse: parseInteger('--shots', 1),
    help: 'finite shots per evaluation',
  },
  { prop: 'diff', flag: '--diff', path: 'circuit.diff', parse: text, help: 'adjoint | parameter-shift' },
  {
    prop: 'epochs',
    flag: '--epochs',
    path: 'training.epochs',
    parse: parseInteger('--epochs', 1),
    help: 'teacher/oracle epochs',
  },
  {
    prop: 'patience',
    flag: '--patience',
    path: 'training.patience',
    parse: parseInteger('--patience', 1),
    help: 'early-stopping patience',
  },
  {
    prop: 'batchSize',
    flag: '--batch-size',
    path: 'training.batchSize',
    parse: parseInteger('--batch-size', 1),
    help: 'batch size',
  },
  { prop: 'lr', flag: '--lr', path: 'training.lr', parse: parseNumber('--lr'), help: 'learning rate' },
  {
    prop: 'testFraction',
    flag: '--test-fraction',
    path: 'split.testFraction',
    parse: parseNumber('--test-fraction'),
    help: 'held-out test fraction',
  },
  {
    prop: 'validationFraction',
    flag: '--validation-fraction',
    path: 'split.validationFraction',
    parse: parseNumber('--validation-fraction'),
    help: 'validation fraction',
  },
  {
    prop: 'forgetFraction',
    flag: '--forget-fraction',
    path: 'scenarios',
    parse: parseNumber('--forget-fraction'),
    help: 'forgotten fraction in the subset scenario',
  },
];

/** `--datasets` and `--models` read better for lists; they are the same flags as `--dataset` and `--model`. */
const PLURALS: Record<string, string> = { datasets: 'dataset', models: 'model' };

/** What commander hands the sweep command: axis flags as lists, `--set` values as lists, the rest as in `run`. */
export type SweepFlags = Omit<ExperimentFlags, 'set'> & {
  sweep?: string;
  set?: Record<string, Record<string, unknown[]>>;
  datasets?: unknown[];
  models?: unknown[];
} & Record<string, unknown>;

/** Parses `method.key=v1,v2,...` (each value read as JSON when possible), collecting into one object per method. */
function collectSetList(
  value: string,
  previous: Record<string, Record<string, unknown[]>> = {},
): Record<string, Record<string, unknown[]>> {
  const match = /^([a-z0-9-]+)\.([A-Za-z0-9]+)=(.+)$/.exec(value);
  if (match === null)
    throw new QunlearnError(
      'usage',
      `--set: expected method.key=value or method.key=v1,v2 (e.g. ga.epochs=5,10), got '${value}'`,
    );
  const [, method, key, raw] = match;
  const flag = `--set ${method}.${key}`;
  const values = checkDistinct(
    flag,
    parseList(flag)(raw).map((item) => {
      try {
        return JSON.parse(item) as unknown;
      } catch {
        return item;
      }
    }),
  );
  if (previous[method] !== undefined && key in previous[method])
    throw new QunlearnError(
      'usage',
      `--set ${method}.${key} is given twice; give each setting once (a list sweeps it: ${method}.${key}=a,b)`,
    );
  return { ...previous, [method]: { ...previous[method], [key]: values } };
}

/** Adds the experiment flags of `run` to the sweep command, every single-valued one taking a list. */
export function addSweepExperimentFlags(command: Command): Command {
  command.option('--config <file>', 'base experiment configuration (JSON or YAML); flags override it');
  command.option(
    '--sweep <file>',
    'a sweep file (JSON or YAML): { base: <experiment config>, axes: { "circuit.layers": [1, 2] }, seeds: [0, 1] }; flags override it',
  );
  for (const f of AXIS_FLAGS) {
    const many = (value: string): unknown[] => checkDistinct(f.flag, parseList(f.flag)(value).map(f.parse));
    if (f.prop === 'reupload')
      command.option(`${f.flag} [list]`, f.help, (v: string | undefined) => (v === undefined ? [true] : many(v)));
    else command.option(`${f.flag} <list>`, f.help, many);
  }
  command.option('--datasets <list>', 'the same as --dataset', parseList('--datasets'));
  command.option('--models <list>', 'the same as --model', parseList('--models'));
  return command
    .option(
      '--methods <list>',
      "comma-separated method names (every run runs all of them), 'all' (default) or 'reference'",
      parseList('--methods'),
    )
    .option(
      '--set <method.key=values>',
      'a method setting, e.g. ga.epochs=10; a list (ga.epochs=5,10,20) sweeps it (repeatable)',
      collectSetList,
    )
    .option('--reference-methods', "use the reference's method-level behaviour")
    .option('--scenarios <list>', 'subset,class (default) and/or indices', parseList('--scenarios'))
    .option(
      '--forget-class <list>',
      'classes forgotten in the class scenario (default 0)',
      parseIntegerList('--forget-class'),
    )
    .option('--forget-indices <file>', 'a deletion request: dataset row ids to forget')
    .option('--seeds <list>', 'seeds, e.g. 0,1,2 (default 0); each seed is its own run', parseIntegerList('--seeds'))
    .option('--no-relearn', 'skip the relearn-time metric')
    .option('--no-calibrated-attack', 'skip the calibrated membership-inference attack');
}

/** The command-line flags of the experiment (not the execution flags). */
export const EXPERIMENT_FLAG_NAMES: ReadonlySet<string> = new Set([
  ...AXIS_FLAGS.map((f) => f.prop),
  ...Object.keys(PLURALS),
  'config',
  'sweep',
  'methods',
  'set',
  'referenceMethods',
  'scenarios',
  'forgetClass',
  'forgetIndices',
  'seeds',
  'relearn',
  'calibratedAttack',
]);

/**
 * The sweep the flags describe. Each axis flag with one value is a base setting, with several an axis (in the
 * order of the flag table: data, model, circuit, training, split); `--set m.k=a,b` sweeps a method setting. With
 * `--sweep FILE`, flags override the file's settings and axes.
 */
export function specFromFlags(flags: SweepFlags): SweepSpec {
  if (flags.sweep !== undefined && flags.config !== undefined) {
    throw new QunlearnError(
      'usage',
      '--config and --sweep both give a base configuration; put the base into the sweep file (its `base` key)',
    );
  }
  const lists: Record<string, unknown[]> = {};
  for (const f of AXIS_FLAGS) if (flags[f.prop] !== undefined) lists[f.prop] = flags[f.prop] as unknown[];
  for (const [plural, singular] of Object.entries(PLURALS)) {
    if (flags[plural] === undefined) continue;
    if (lists[singular] !== undefined)
      throw new QunlearnError('usage', `--${plural} and --${singular} are the same flag; give one`);
    lists[singular] = flags[plural] as unknown[];
  }
  const single: ExperimentFlags = {
    config: flags.config,
    methods: flags.methods,
    referenceMethods: flags.referenceMethods,
    scenarios: flags.scenarios,
    forgetClass: flags.forgetClass,
    forgetIndices: flags.forgetIndices,
    seeds: flags.seeds,
    relearn: flags.relearn,
    calibratedAttack: flags.calibratedAttack,
  };
  const axes: AxisInput[] = [];
  for (const f of AXIS_FLAGS) {
    const values = lists[f.prop];
    if (values === undefined) continue;
    if (values.length === 1) (single as Record<string, unknown>)[f.prop] = values[0];
    else if (f.prop !== 'forgetFraction') axes.push({ path: f.path, values });
  }
  const settings: Record<string, Record<string, unknown>> = {};
  for (const [method, keys] of Object.entries(flags.set ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (values.length === 1) settings[method] = { ...settings[method], [key]: values[0] };
      else axes.push({ path: `methodSettings.${method}.${key}`, values });
    }
  }
  if (Object.keys(settings).length > 0) single.set = settings;
  const base = configFromFlags(single);
  const fractions = lists.forgetFraction;
  if (fractions !== undefined && fractions.length > 1) {
    const values = fractions.map(
      (fraction) => configFromFlags({ ...single, config: undefined, forgetFraction: fraction as number }).scenarios,
    );
    axes.push({ path: 'scenarios', values, labels: fractions as number[], key: 'forget_fraction' });
  }
  if (flags.sweep === undefined) return makeSweepSpec(base, axes, base.seeds ?? [0], 'command line');
  return overrideSpec(loadSweepFile(flags.sweep), { base, axes, seeds: flags.seeds }, 'command line');
}
