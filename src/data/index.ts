/** The data layer (browser-safe part): datasets from text or arrays, validation, PCA and scaling, stratified splits and forget scenarios; the file loaders are in ./node/. */
export { createDataset, featureSize, fingerprintData, selectRows, type Dataset, type DatasetParts } from './dataset.js';
export { validateDataset } from './validation.js';
export { fileStem, parseCsv, type CsvOptions } from './csv.js';
export { IRIS_CSV, parseIris } from './iris.js';
export { samplePerClass } from './sampling.js';
export { classMatchedPositions, stratifiedHalves } from './matched.js';
export { fitMinMax, scalePixels, transformMinMax, type MinMaxOptions, type MinMaxScaler } from './scaling.js';
export { jacobiEigen, topEigen, type Eigen } from './eigen.js';
export { fitPca, inverseTransformPca, transformPca, type Pca, type PcaOptions } from './pca.js';
export { approximateMode, stratifiedHoldout, type Holdout, type HoldoutOptions } from './split.js';
export { parseForgetIds, requestDigest, type ForgetId } from './forget-ids.js';
export {
  buildScenario,
  checkRequestIds,
  resolveScenarioRequest,
  type ResolvedScenarioRequest,
  type Scenario,
  type ScenarioContext,
  type ScenarioRequest,
} from './scenarios.js';
export {
  checkSplitPlan,
  makeSplitPlan,
  splitPlanFromJson,
  splitPlanToJson,
  type SplitPlan,
  type SplitPlanJson,
  type SplitPlanOptions,
} from './plan.js';
export {
  DATASET_NAMES,
  describeDatasets,
  isDatasetName,
  type DatasetName,
  type DatasetOptionsByName,
} from './dataset-names.js';
