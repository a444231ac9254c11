import { featureSize, type Dataset } from '../data/dataset.js';
import { makeSplitPlan, type SplitPlan } from '../data/plan.js';
import { fitPca, transformPca, type Pca } from '../data/pca.js';
import type { DatasetName } from '../data/dataset-names.js';
import { fitMinMax, transformMinMax, type MinMaxScaler } from '../data/scaling.js';
import { parseModelName, resolveModelConfig, type ModelConfig } from '../models/presets.js';
import type { LabeledData } from '../train/labeled-data.js';
import type { ResolvedExperiment } from './config.js';

/** The fitted input transformations of a run, saved with its checkpoints so inputs can be rebuilt. */
export interface Preprocessing {
  pca?: Pca;
  scaler?: MinMaxScaler;
}

/** The data of one seed, ready for training: transformed features, the split plan and the model to build. */
export interface PreparedData {
  dataset: Dataset;
  /** Model inputs after PCA and scaling (row-aligned with the dataset). */
  inputs: LabeledData;
  classes: number;
  plan: SplitPlan;
  preprocessing: Preprocessing;
  model: ModelConfig;
}

/** What a checkpoint records about its data: enough to reload the dataset, redo the split and rebuild the inputs. */
export interface CheckpointData {
  dataset: DatasetName;
  options: ResolvedExperiment['data'];
  seed: number;
  split: ResolvedExperiment['split'];
  fingerprint: string;
  preprocessing: Preprocessing;
}

/** Applies fitted preprocessing (PCA, then scaling) to feature rows; returns the new rows and their shape. */
export function applyPreprocessing(
  preprocessing: Preprocessing,
  features: Float64Array,
  featureShape: readonly number[],
): { features: Float64Array; featureShape: number[] } {
  let x = features;
  let shape = [...featureShape];
  if (preprocessing.pca !== undefined) {
    x = transformPca(preprocessing.pca, x);
    shape = [preprocessing.pca.components.length];
  }
  if (preprocessing.scaler !== undefined) x = transformMinMax(preprocessing.scaler, x);
  return { features: x, featureShape: shape };
}

/**
 * Fits the input pipeline on the training rows (the `paper` preset fits the scaler on all rows, as the reference
 * did): PCA to `qubits` components for `pca-hybrid`, min-max to [−π, π] for every model that reads features as
 * angles, nothing for images entering the CNN (pixels are already in [0, 1]).
 */
export function fitPreprocessing(experiment: ResolvedExperiment, dataset: Dataset, train: Int32Array): Preprocessing {
  const { preset } = parseModelName(experiment.model);
  const preprocessing: Preprocessing = {};
  if (preset === 'cnn-hybrid') return preprocessing;
  let features = dataset.features;
  let width = featureSize(dataset.featureShape);
  if (preset === 'pca-hybrid') {
    const components = experiment.circuit.qubits ?? (experiment.kind === 'image' ? 8 : width);
    preprocessing.pca = fitPca(features, width, { components, rows: train });
    features = transformPca(preprocessing.pca, features);
    width = components;
  }
  preprocessing.scaler = fitMinMax(features, width, {
    rows: experiment.protocol.scalerFit === 'all' ? undefined : train,
  });
  return preprocessing;
}

/** The split plan of one seed of an experiment on a loaded dataset (splits and forget scenarios). */
export function splitPlanOf(experiment: ResolvedExperiment, dataset: Dataset, seed: number): SplitPlan {
  return makeSplitPlan(dataset, {
    testFraction: experiment.split.testFraction,
    validationFraction: experiment.split.validationFraction,
    scenarios: experiment.scenarios,
    seed,
  });
}

/** Prepares one seed of a loaded dataset: the split plan, the fitted input pipeline, the transformed inputs and the model config. */
export function prepareDataset(experiment: ResolvedExperiment, dataset: Dataset, seed: number): PreparedData {
  const plan = splitPlanOf(experiment, dataset, seed);
  const preprocessing = fitPreprocessing(experiment, dataset, plan.train);
  const { features, featureShape } = applyPreprocessing(preprocessing, dataset.features, dataset.featureShape);
  const classes = dataset.classNames.length;
  const model = resolveModelConfig({
    model: experiment.model,
    inputShape: featureShape,
    classes,
    circuit: experiment.circuit,
    dtype: experiment.dtype,
  });
  return { dataset, inputs: { features, featureShape, labels: dataset.labels }, classes, plan, preprocessing, model };
}

/** The data record stored with every checkpoint of a run. */
export function checkpointData(experiment: ResolvedExperiment, data: PreparedData, seed: number): CheckpointData {
  return {
    dataset: experiment.dataset,
    options: experiment.data,
    seed,
    split: experiment.split,
    fingerprint: data.dataset.fingerprint,
    preprocessing: data.preprocessing,
  };
}
