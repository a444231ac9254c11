import { z } from 'zod';
import type { DType } from '../core/dtype.js';
import { QunlearnError } from '../core/errors.js';
import { DATASET_NAMES, isDatasetName, type DatasetName } from '../data/dataset-names.js';
import type { ScenarioRequest } from '../data/scenarios.js';
import { parseModelName } from '../models/presets.js';
import {
  DIFF_METHODS,
  ENCODINGS,
  ENTANGLERS,
  ENTANGLING_GATES,
  NOISE_METHODS,
  type CircuitSpec,
} from '../quantum/spec.js';
import { SELECTION_POLICIES, type SelectionPolicyName } from '../train/selection.js';
import { getMethod, METHODS, resolveMethodConfig } from '../unlearn/registry.js';
import { DEFAULT_TARGET_TOLERANCE, type TargetTolerance } from '../unlearn/selection.js';
import { MIN_AUDIT_MODELS, ORIGINAL_MODES, resolveAudit, type AuditSettings } from './audit/settings.js';
import { readDeletionRequest } from './deletion-request.js';
import { readStructuredFile } from './structured-file.js';
import {
  dataKind,
  defaultModel,
  defaultQubits,
  defaultTeacherTrainOn,
  PER_CLASS_DEFAULTS,
  PROTOCOL_SETTINGS,
  PROTOCOLS,
  TRAINING_DEFAULTS,
  type DataKind,
  type Protocol,
  type ProtocolSettings,
} from './presets.js';

const scenarioSchema = z.union([
  z.enum(['subset', 'class']),
  z
    .object({
      kind: z.literal('subset'),
      name: z.string().min(1).optional(),
      fraction: z.number().gt(0).lt(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('class'),
      name: z.string().min(1).optional(),
      classes: z.array(z.number().int().nonnegative()).min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('indices'),
      name: z.string().min(1).optional(),
      file: z.string().min(1).optional(),
      ids: z.array(z.number().int().nonnegative()).min(1).optional(),
    })
    .strict(),
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
    /** How unlearning runs choose their epoch (default: `forget-target` under sound, `utility` under paper). */
    methodSelection: z.enum(SELECTION_POLICIES),
    /** When the forget target counts as reached (docs/protocol.md). */
    targetTolerance: z
      .object({
        standardErrors: z.number().positive(),
        lossFloor: z.number().nonnegative(),
        accuracy: z.number().min(0).max(1),
      })
      .partial()
      .strict(),
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
      .object({
        epochs: z.number().int().positive(),
        patience: z.number().int().positive(),
        batchSize: z.number().int().positive(),
        lr: z.number().positive(),
      })
      .partial()
      .strict(),
    split: z
      .object({ testFraction: z.number().gt(0).lt(1), validationFraction: z.number().min(0).lt(1) })
      .partial()
      .strict(),
    /** `subset-retain` trains the teacher on the retain set of the first subset scenario, as the reference's Iris scripts do. */
    teacherTrainOn: z.enum(['train', 'subset-retain']),
    evaluation: z
      .object({ relearn: z.boolean(), relearnMaxSteps: z.number().int().positive(), calibratedAttack: z.boolean() })
      .partial()
      .strict(),
    /** Audit against populations of retrained models (docs/audit.md): N models per population and the original mode. */
    audit: z
      .object({ models: z.number().int().min(MIN_AUDIT_MODELS), original: z.enum(ORIGINAL_MODES) })
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
  methodSelection: SelectionPolicyName;
  targetTolerance: TargetTolerance;
  scenarios: ScenarioRequest[];
  seeds: number[];
  circuit: Partial<CircuitSpec>;
  training: { epochs: number; patience: number; batchSize: number; lr: number };
  split: { testFraction: number; validationFraction: number };
  teacherTrainOn: 'train' | 'subset-retain';
  evaluation: { relearn: boolean; relearnMaxSteps: number; calibratedAttack: boolean };
  /** Present when the run (or a standalone audit) audits its methods against populations of retrained models. */
  audit?: AuditSettings;
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
  if (typeof s === 'string') return { kind: s };
  return s.kind === 'indices' ? readDeletionRequest(s) : s;
}

/**
 * Checks, before anything trains, that every method's selection policy and rewind can be honoured: `forget-target`
 * and SCRUB+R's explicit rewind judge the forget set against validation rows, never the test set.
 */
function checkSelection(
  preset: Protocol,
  selectsOn: 'validation' | 'test',
  validationFraction: number,
  fallback: SelectionPolicyName,
  methods: readonly { name: string; config: Record<string, unknown> }[],
): void {
  for (const m of methods) {
    if (!('epochs' in m.config)) continue;
    const policy = (m.config.selection as SelectionPolicyName | undefined) ?? fallback;
    if (policy === 'forget-target' && selectsOn === 'test') {
      const where =
        m.config.selection === undefined ? '--method-selection forget-target' : `${m.name}.selection=forget-target`;
      throw new QunlearnError(
        'config',
        `${where}: the forget target is judged on validation rows, and the ${preset} preset selects on the test set; use the sound preset, or the 'utility' or 'last' selection`,
      );
    }
    if (m.config.rewind === true && validationFraction === 0) {
      throw new QunlearnError(
        'config',
        `${m.name}.rewind=true: the rewind target needs validation rows and this run has none; add --validation-fraction, or set ${m.name}.rewind=auto`,
      );
    }
  }
}

/**
 * The classical layers' element type when the configuration names none: float32 for the CNN hybrid, whose accuracy
 * over full MNIST trainings matches float64 within seed noise at about half the time (README, "Speed"); float64
 * elsewhere, where the circuit dominates and single precision buys nothing.
 */
export function defaultDtype(model: string): DType {
  return parseModelName(model).preset === 'cnn-hybrid' ? 'float32' : 'float64';
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
  const referenceMethods = config.referenceMethods ?? protocol.referenceMethods;
  const methodSelection = config.methodSelection ?? protocol.methodSelection;
  const methodNames = config.methods ?? METHODS.map((m) => m.name);
  if (new Set(methodNames).size !== methodNames.length)
    throw new QunlearnError('config', `methods: a method is listed twice (${methodNames.join(', ')})`);
  if (new Set(config.seeds).size !== (config.seeds?.length ?? 0))
    throw new QunlearnError(
      'config',
      `seeds: a seed is listed twice (${config.seeds?.join(', ')}); each seed runs once`,
    );
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
  const teacherTrainOn =
    config.teacherTrainOn ??
    defaultTeacherTrainOn(
      preset,
      datasetName,
      scenarios.some((s) => s.kind === 'subset'),
    );
  const validationFraction = config.split?.validationFraction ?? protocol.validationFraction;
  if (protocol.selection === 'validation' && validationFraction === 0) {
    throw new QunlearnError(
      'config',
      `split.validationFraction: the ${preset} preset selects epochs on a validation split, so it must be above 0 (or use the paper preset, which selects on the test set)`,
    );
  }
  if (teacherTrainOn === 'subset-retain' && !scenarios.some((s) => s.kind === 'subset')) {
    throw new QunlearnError('config', "teacherTrainOn: 'subset-retain' needs a subset scenario");
  }
  checkSelection(preset, protocol.selection, validationFraction, methodSelection, methods);
  const seeds = config.seeds ?? [0];
  return {
    dataset: datasetName,
    data: { ...config.data, ...(perClass !== undefined && kind === 'image' ? { perClass } : {}) },
    kind,
    model,
    preset,
    protocol,
    methods,
    referenceMethods,
    methodSelection,
    targetTolerance: { ...DEFAULT_TARGET_TOLERANCE, ...config.targetTolerance },
    scenarios,
    seeds,
    circuit: {
      ...(qubits !== undefined && model.startsWith('cnn-hybrid') ? { qubits } : {}),
      ...(config.circuit as Partial<CircuitSpec>),
    },
    training: { ...TRAINING_DEFAULTS[kind], ...config.training },
    split: { testFraction: config.split?.testFraction ?? 0.2, validationFraction },
    teacherTrainOn,
    evaluation: { relearn: true, relearnMaxSteps: 100, calibratedAttack: true, ...config.evaluation },
    ...(config.audit === undefined ? {} : { audit: resolveAudit(config.audit, kind, seeds) }),
    dtype: config.dtype ?? defaultDtype(model),
  };
}
