import type { DType } from '../core/dtype.js';
import { QunlearnError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import { DEFAULT_TRAJECTORIES, resolveCircuitSpec, resolveNoiseMethod, type CircuitSpec } from '../quantum/spec.js';
import { BlockModel, type Block } from './block-model.js';
import { BatchNorm1d } from './layers/batchnorm1d.js';
import { Conv2d } from './layers/conv2d.js';
import { Linear } from './layers/linear.js';
import { Dropout, ELU, Flatten, MaxPool2d, ReLU, Tanh } from './layers/parameter-free.js';
import { QuantumLayer } from './layers/quantum-layer.js';
import { Sequential } from './layers/sequential.js';

/** The reference's architectures. Each also exists as a classical twin (name + `-classical`). */
export const PRESET_NAMES = ['iris-shallow', 'iris-deep', 'cnn-hybrid', 'pca-hybrid'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A fully resolved model description: enough to rebuild the architecture (stored in checkpoints). */
export interface ModelConfig {
  preset: PresetName;
  /** Replace the quantum layer by a classical layer of the same width (Linear(n, n) + tanh, outputs in (−1, 1) like ⟨Z⟩). */
  classical: boolean;
  /** Shape of one input sample: [features] for tabular data, [channels, height, width] for images. */
  inputShape: number[];
  classes: number;
  circuit: CircuitSpec;
  /** Element type of the classical layers' parameters and activations (absent: float64). The quantum layer simulates in float64. */
  dtype?: DType;
}

/** Every accepted `--model` value. */
export function modelNames(): string[] {
  return PRESET_NAMES.flatMap((p) => [p, `${p}-classical`]);
}

/** Splits `iris-shallow-classical` into its preset and the twin flag; unknown names list the known ones. */
export function parseModelName(name: string): { preset: PresetName; classical: boolean } {
  const classical = name.endsWith('-classical');
  const preset = classical ? name.slice(0, -'-classical'.length) : name;
  if (!(PRESET_NAMES as readonly string[]).includes(preset)) {
    throw new QunlearnError('config', `unknown model '${name}'; known models: ${modelNames().join(', ')}`);
  }
  return { preset: preset as PresetName, classical };
}

const DEFAULT_LAYERS: Record<PresetName, number> = {
  'iris-shallow': 2,
  'iris-deep': 6,
  'cnn-hybrid': 2,
  'pca-hybrid': 2,
};

/**
 * Resolves a model: the preset's circuit defaults (layers; qubits = number of features for the feature-as-angle
 * presets, 8 for the CNN), then the user's circuit overrides, checked against the data's shape.
 */
export function resolveModelConfig(options: {
  model: string;
  inputShape: readonly number[];
  classes: number;
  circuit?: Partial<CircuitSpec>;
  dtype?: DType;
}): ModelConfig {
  const { preset, classical } = parseModelName(options.model);
  const shape = [...options.inputShape];
  const overrides = options.circuit ?? {};
  if (!Number.isInteger(options.classes) || options.classes < 2) {
    throw new QunlearnError('config', `model '${options.model}': needs at least 2 classes, got ${options.classes}`);
  }
  if (preset === 'cnn-hybrid') {
    if (shape.length !== 3 || shape[1] < 4 || shape[2] < 4) {
      throw new QunlearnError(
        'config',
        `model 'cnn-hybrid' needs image inputs [channels, height, width] of at least 4x4, got [${shape.join(', ')}]; use iris-shallow, iris-deep or pca-hybrid for tabular data`,
      );
    }
  } else {
    if (shape.length !== 1) {
      throw new QunlearnError(
        'config',
        `model '${preset}' feeds each feature to one qubit and needs flat features, got inputs of shape [${shape.join(', ')}]; use cnn-hybrid for images, or pca-hybrid with PCA features`,
      );
    }
    if (overrides.qubits !== undefined && overrides.qubits !== shape[0]) {
      throw new QunlearnError(
        'config',
        `model '${preset}' feeds each of the ${shape[0]} features to one qubit, so qubits must be ${shape[0]}, got ${overrides.qubits}; use pca-hybrid to choose the number of qubits freely`,
      );
    }
  }
  const circuit = resolveCircuitSpec({
    qubits: preset === 'cnn-hybrid' ? 8 : shape[0],
    layers: DEFAULT_LAYERS[preset],
    ...overrides,
  });
  const dtype = options.dtype === 'float32' ? { dtype: options.dtype } : {};
  return { preset, classical, inputShape: shape, classes: options.classes, circuit, ...dtype };
}

/** The width-n core: the quantum layer, or its classical twin. Its block is named after what it is. */
function core(config: ModelConfig, rng: Rng): Block {
  const n = config.circuit.qubits;
  if (config.classical) {
    return {
      name: 'twin',
      kind: 'layer',
      module: new Sequential([new Linear(n, n, rng.stream('twin'), config.dtype), new Tanh()]),
    };
  }
  return { name: 'quantum', kind: 'layer', module: new QuantumLayer(config.circuit, rng.stream('quantum')) };
}

const op = (name: string, module: Block['module']): Block => ({ name, kind: 'op', module });
const layer = (name: string, module: Block['module']): Block => ({ name, kind: 'layer', module });

/**
 * Builds a model exactly as the reference does (layer sizes, activations, dropout order), with every block's
 * initialisation drawn from its own named stream of `rng`.
 */
export function buildModel(config: ModelConfig, rng: Rng): BlockModel {
  const n = config.circuit.qubits;
  const C = config.classes;
  const dtype = config.dtype ?? 'float64';
  const init = (name: string): Rng => rng.stream(`init/${name}`);
  const linear = (name: string, inF: number, outF: number): Block =>
    layer(name, new Linear(inF, outF, init(name), dtype));
  switch (config.preset) {
    case 'iris-shallow':
      return new BlockModel(
        [core(config, init('core')), linear('head.0', n, 16), op('relu', new ReLU()), linear('head.1', 16, C)],
        dtype,
      );
    case 'iris-deep':
      // The reference's docstring puts dropout before the last ELU; its code, which we follow, applies dropout(elu(fc3(x))).
      return new BlockModel(
        [
          core(config, init('core')),
          linear('head.0', n, 32),
          { name: 'norm.0', kind: 'norm', module: new BatchNorm1d(32) },
          op('elu.0', new ELU()),
          linear('head.1', 32, 32),
          { name: 'norm.1', kind: 'norm', module: new BatchNorm1d(32) },
          op('elu.1', new ELU()),
          linear('head.2', 32, 16),
          op('elu.2', new ELU()),
          op('dropout', new Dropout(0.2, rng.stream('dropout'))),
          linear('head.3', 16, C),
        ],
        dtype,
      );
    case 'cnn-hybrid': {
      const [channels, height, width] = config.inputShape;
      const flat = 32 * Math.floor(Math.floor(height / 2) / 2) * Math.floor(Math.floor(width / 2) / 2);
      const frontend = new Sequential([
        new Conv2d(channels, 16, 3, { padding: 1 }, init('frontend.0'), dtype),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, { padding: 1 }, init('frontend.3'), dtype),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
      ]);
      return new BlockModel(
        [
          layer('frontend', frontend),
          linear('angles', flat, n),
          op('to-angles', new Tanh(Math.PI)),
          core(config, init('core')),
          linear('head.0', n, 32),
          op('relu', new ReLU()),
          linear('head.1', 32, C),
        ],
        dtype,
      );
    }
    case 'pca-hybrid':
      return new BlockModel(
        [core(config, init('core')), linear('head.0', n, 32), op('relu', new ReLU()), linear('head.1', 32, C)],
        dtype,
      );
  }
}

/** A one-line description of a model for logs and reports. */
export function describeModel(config: ModelConfig): string {
  const c = config.circuit;
  const core = config.classical
    ? `classical twin Linear(${c.qubits},${c.qubits})+tanh`
    : `${c.qubits} qubits x ${c.layers} layers, ${c.encoding} encoding${c.reupload ? ' (re-uploaded)' : ''}, ${c.entangler} ${c.entanglingGate.toUpperCase()}${c.noise > 0 ? `, depolarizing p=${c.noise}${resolveNoiseMethod(c) === 'trajectories' ? ` (${c.trajectories ?? DEFAULT_TRAJECTORIES} trajectories)` : ''}` : ''}${c.shots ? `, ${c.shots} shots` : ''}`;
  return `${config.preset}${config.classical ? '-classical' : ''} (${core}), ${config.classes} classes${config.dtype === 'float32' ? ', float32' : ''}`;
}
