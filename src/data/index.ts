/** The data layer: dataset loaders, validation, PCA and scaling, stratified splits and forget scenarios. */
export { createDataset, featureSize, fingerprintData, selectRows, type Dataset, type DatasetParts } from './dataset.js';
export { validateDataset } from './validation.js';
export { loadCsv, parseCsv, type CsvOptions } from './csv.js';
export { IRIS_PATH, loadIris } from './iris.js';
export { loadMnist, type MnistOptions } from './mnist.js';
export { IDX_FILES, loadIdx, parseIdx, readIdxFile, type IdxArray, type IdxOptions } from './idx.js';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist, type FashionMnistOptions } from './fashion.js';
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
export { checkSplitPlan, makeSplitPlan, splitPlanFromJson, splitPlanToJson, type SplitPlan, type SplitPlanJson, type SplitPlanOptions } from './plan.js';
export { DATASET_NAMES, describeDatasets, isDatasetName, loadDataset, type DatasetName, type DatasetOptionsByName } from './registry.js';
