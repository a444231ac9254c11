import type { DatasetName } from '../data/dataset-names.js';
import type { SelectionMetric } from '../train/predict.js';
import type { SelectionPolicyName } from '../train/selection.js';

/**
 * The two protocols. `sound` (default) fixes the reference's defects: model selection on a validation split,
 * scaler fitted on training rows, paired loops that visit all data, membership inference against held-out
 * data. `paper` reproduces the reference's protocol so that results line up with its tables: selection on the
 * test set, scaler fitted on all data, zip-truncated paired loops, no validation split.
 */
export const PROTOCOLS = ['sound', 'paper'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Tabular data feeds features to qubits as angles; image data goes through the CNN front-end. */
export type DataKind = 'tabular' | 'image';

/** Which kind of data a loader produces. */
export function dataKind(dataset: DatasetName): DataKind {
  return dataset === 'iris' || dataset === 'csv' ? 'tabular' : 'image';
}

/** The reference's training hyperparameters per data kind (section 1 of the reference-study spec). */
export const TRAINING_DEFAULTS: Record<DataKind, { epochs: number; patience: number; batchSize: number; lr: number }> =
  {
    tabular: { epochs: 100, patience: 15, batchSize: 32, lr: 1e-2 },
    image: { epochs: 60, patience: 8, batchSize: 64, lr: 1e-3 },
  };

/** Samples per class of the image datasets in the published results (MNIST 200, Fashion-MNIST 800). */
export const PER_CLASS_DEFAULTS: Partial<Record<DatasetName, number>> = { mnist: 200, 'fashion-mnist': 800, idx: 200 };

/** Default model per protocol and data kind: the published Iris results come from the deep model. */
export function defaultModel(protocol: Protocol, kind: DataKind): string {
  if (kind === 'image') return 'cnn-hybrid';
  return protocol === 'paper' ? 'iris-deep' : 'iris-shallow';
}

/** The reference uses 10 qubits for Fashion-MNIST and 8 for MNIST. */
export function defaultQubits(dataset: DatasetName): number | undefined {
  return dataset === 'fashion-mnist' ? 10 : undefined;
}

/** Protocol settings that are not hyperparameters. */
export interface ProtocolSettings {
  /** Rows that select the best epoch of every training run. */
  selection: 'validation' | 'test';
  /**
   * What selects it. The reference keeps the best test accuracy; on small validation splits (12 rows on Iris)
   * accuracy moves in coarse steps and stops training early on a plateau, so `sound` uses the validation loss
   * (measured on Iris over seeds 0-5: mean test accuracy 0.89 with loss vs 0.83 with accuracy, iris-shallow).
   */
  selectMetric: SelectionMetric;
  validationFraction: number;
  /** Rows the min-max scaler is fitted on. */
  scalerFit: 'train' | 'all';
  pairing: 'cycle' | 'zip';
  /**
   * How unlearning runs choose their epoch. `forget-target` (sound): the forget set must reach the level of data
   * the model never saw, then the best retained utility; `utility` (the reference): the best utility alone, which
   * keeps the first epoch of any method whose forgetting costs utility.
   */
  methodSelection: SelectionPolicyName;
  /** Whether the reference's method-level behaviour is on by default (`paper`: the whole reference protocol). */
  referenceMethods: boolean;
}

/** What each protocol implies. */
export const PROTOCOL_SETTINGS: Record<Protocol, ProtocolSettings> = {
  sound: {
    selection: 'validation',
    selectMetric: 'loss',
    validationFraction: 0.1,
    scalerFit: 'train',
    pairing: 'cycle',
    methodSelection: 'forget-target',
    referenceMethods: false,
  },
  paper: {
    selection: 'test',
    selectMetric: 'accuracy',
    validationFraction: 0,
    scalerFit: 'all',
    pairing: 'zip',
    methodSelection: 'utility',
    referenceMethods: true,
  },
};

/**
 * Where the teacher trains by default: the reference's Iris scripts train it on the subset scenario's retain set
 * D_r^A (defect 2), which `paper` reproduces when the run has a subset scenario; everything else uses the full
 * training set.
 */
export function defaultTeacherTrainOn(
  protocol: Protocol,
  dataset: DatasetName,
  hasSubsetScenario: boolean,
): 'train' | 'subset-retain' {
  return protocol === 'paper' && dataset === 'iris' && hasSubsetScenario ? 'subset-retain' : 'train';
}
