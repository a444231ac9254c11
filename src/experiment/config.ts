import { z } from 'zod';
import type { DType } from '../core/dtype.js';
import { QunlearnError } from '../core/errors.js';
import { DATASET_NAMES, isDatasetName, type DatasetName } from '../data/registry.js';
import type { ScenarioRequest } from '../data/scenarios.js';
import { parseModelName } from '../models/presets.js';
import { DIFF_METHODS, ENCODINGS, ENTANGLERS, ENTANGLING_GATES, NOISE_METHODS, type CircuitSpec } from '../quantum/spec.js';
import { getMethod, METHODS, resolveMethodConfig } from '../unlearn/registry.js';
import { readStructuredFile } from './structured-file.js';
import {
  dataKind, defaultModel, defaultQubits, PER_CLASS_DEFAULTS, PROTOCOL_SETTINGS, PROTOCOLS, TRAINING_DEFAULTS,
  type DataKind, type Protocol, type ProtocolSettings,
} from './presets.js';

const scenarioSchema = z.union([
  z.enum(['subset', 'class']),
  z.object({ kind: z.literal('subset'), name: z.string().min(1).optional(), fraction: z.number().gt(0).lt(1).optional() }).strict(),
  z.object({ kind: z.literal('class'), name: z.string().min(1).optional(), classes: z.array(z.number().int().nonnegative()).min(1).optional() }).strict(),
  z.object({ kind: z.literal('indices'), name: z.string().min(1).optional(), file: z.string().min(1) }).strict(),
]);

/** The experiment configuration a user writes (a JSON/YAML file, or built from command-line flags). Every key is optional. */
export const experimentConfigSchema = z
  .object({
    dataset: z.string(),
    data: z
      .object({ path: z.string(), dataDir: z.string(), perClass: z.number().int().positive(), labelColumn: z.string() })
      .partial()
      .strict(),
    model: z.string(),
    preset: z.enum(PROTOCOLS),
    methods: z.array(z.string()).min(1),
    methodSettings: z.record(z.string(), z.record(z.string(), z.unknown())),
    referenceMethods: z.boolean(),
    scenarios: z.array(scenarioSchema).min(1),
    seeds: z.array(z.number().int().nonnegative()).min(1),
    circuit: z
      .object({
        qubits: z.number().int().positive(),
        layers: z.number().int().nonnegative(),
        encoding: z.enum(ENCODINGS as [string, ...string[]]),
        reupload: z.boolean(),
        entangler: z.enum(ENTANGLERS as [string, ...string[]]),
        entanglingGate: z.enum(ENTANGLING_GATES as [string, ...string[]]),
        noise: z.number().min(0).max(1),
        shots: z.number().int().positive().nullable(),
        diff: z.enum(DIFF_METHODS as [string, ...string[]]),
        noiseMethod: z.enum(NOISE_METHODS as [string, ...string[]]),
        trajectories: z.number().int().min(2),
      })
      .partial()
      .strict(),
    training: z
      .object({ epochs: z.number().int().positive(), patience: z.number().int().positive(), batchSize: z.number().int().positive(), lr: z.number().positive() })
      .partial()
      .strict(),
    split: z.object({ testFraction: z.number().gt(0).lt(1), validationFraction: z.number().min(0).lt(1) }).partial().strict(),
    /** `subset-retain` trains the teacher on the retain set of the first subset scenario, as the reference's Iris scripts do. */
    teacherTrainOn: z.enum(['train', 'subset-retain']),
    evaluation: z
      .object({ relearn: z.boolean(), relearnMaxSteps: z.number().int().positive(), calibratedAttack: z.boolean() })
      .partial()
      .strict(),
    /** Worker threads for independent runs (an execution setting: it never changes results). */
    workers: z.number().int().positive(),
    /** Element type of the classical layers (the quantum layer always simulates in float64). */
    dtype: z.enum(['float32', 'float64']),
  })
  .partial()
  .strict();

/** A user's (partial) experiment configuration. */
export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;

/** Everything a run needs, with every default filled in: saved as `run.json` and enough to repeat the run. */
export interface ResolvedExperiment {
  dataset: DatasetName;
  data: { path?: string; dataDir?: string; perClass?: number; labelColumn?: string };
  kind: DataKind;
  model: string;
  preset: Protocol;
  protocol: ProtocolSettings;
  methods: { name: string; config: Record<string, unknown> }[];
  referenceMethods: boolean;
  scenarios: ScenarioRequest[];
  seeds: number[];
  circuit: Partial<CircuitSpec>;
  training: { epochs: number; patience: number; batchSize: number; lr: number };
  split: { testFraction: number; validationFraction: number };
  teacherTrainOn: 'train' | 'subset-retain';
  evaluation: { relearn: boolean; relearnMaxSteps: number; calibratedAttack: boolean };
  dtype: DType;
}

/** Turns zod issues into one message naming each offending key. */
function describeIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((i) => {
    const key = i.path.length > 0 ? i.path.join('.') : '(top level)';
    if (i.code === 'unrecognized_keys') {
      const where = i.path.length > 0 ? ` in '${key}'` : '';
      return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}${where}`;
    }
    return `'${key}': ${i.message}`;
  });
  return `${source}: invalid configuration: ${lines.join('; ')}`;
}

/** Validates a configuration object; unknown keys and bad values are one error that names them. */
export function parseExperimentConfig(value: unknown, source = 'config'): ExperimentConfig {
  const parsed = experimentConfigSchema.safeParse(value);
  if (!parsed.success) throw new QunlearnError('config', describeIssues(source, parsed.error.issues));
  return parsed.data;
}

/** Reads a JSON or YAML configuration file (by extension) and validates it. */
export function loadExperimentConfig(path: string): ExperimentConfig {
  return parseExperimentConfig(readStructuredFile(path, 'config file'), path);
}

function toScenario(s: z.infer<typeof scenarioSchema>): ScenarioRequest {
  return typeof s === 'string' ? { kind: s } : s;
}

/**
 * Fills every default: the protocol's settings, the reference's per-dataset hyperparameters and model, each
 * method's defaults for the data kind (plus the reference behaviour when `referenceMethods`), and checks names.
 */
export function resolveExperiment(config: ExperimentConfig): ResolvedExperiment {
  const datasetName = config.dataset ?? 'iris';
  if (!isDatasetName(datasetName)) {
    throw new QunlearnError('config', `unknown dataset '${datasetName}'; known datasets: ${DATASET_NAMES.join(', ')}`);
  }
  const preset = config.preset ?? 'sound';
  const kind = dataKind(datasetName);
  const protocol = PROTOCOL_SETTINGS[preset];
  const model = config.model ?? defaultModel(preset, kind);
  parseModelName(model);
  const referenceMethods = config.referenceMethods ?? false;
  const methodNames = config.methods ?? METHODS.map((m) => m.name);
  if (new Set(methodNames).size !== methodNames.length) throw new QunlearnError('config', `methods: a method is listed twice (${methodNames.join(', ')})`);
  for (const name of Object.keys(config.methodSettings ?? {})) {
    if (!methodNames.includes(name)) {
      getMethod(name);
      throw new QunlearnError('config', `methodSettings: '${name}' has settings but is not in the methods to run`);
    }
  }
  const methods = methodNames.map((name) => ({
    name,
    config: resolveMethodConfig(getMethod(name), kind, config.methodSettings?.[name] ?? {}, referenceMethods),
  }));
  const perClass = config.data?.perClass ?? PER_CLASS_DEFAULTS[datasetName];
  const qubits = defaultQubits(datasetName);
  const scenarios = (config.scenarios ?? ['subset', 'class']).map(toScenario);
  const teacherTrainOn = config.teacherTrainOn ?? 'train';
  const validationFraction = config.split?.validationFraction ?? protocol.validationFraction;
  if (protocol.selection === 'validation' && validationFraction === 0) {
    throw new QunlearnError('config', `split.validationFraction: the ${preset} preset selects epochs on a validation split, so it must be above 0 (or use the paper preset, which selects on the test set)`);
  }
  if (teacherTrainOn === 'subset-retain' && !scenarios.some((s) => s.kind === 'subset')) {
    throw new QunlearnError('config', "teacherTrainOn: 'subset-retain' needs a subset scenario");
  }
  return {
    dataset: datasetName,
    data: { ...config.data, ...(perClass !== undefined && kind === 'image' ? { perClass } : {}) },
    kind,
    model,
    preset,
    protocol,
    methods,
    referenceMethods,
    scenarios,
    seeds: config.seeds ?? [0],
    circuit: { ...(qubits !== undefined && model.startsWith('cnn-hybrid') ? { qubits } : {}), ...(config.circuit as Partial<CircuitSpec>) },
    training: { ...TRAINING_DEFAULTS[kind], ...config.training },
    split: { testFraction: config.split?.testFraction ?? 0.2, validationFraction },
    teacherTrainOn,
    evaluation: { relearn: true, relearnMaxSteps: 100, calibratedAttack: true, ...config.evaluation },
    dtype: config.dtype ?? 'float64',
  };
}
