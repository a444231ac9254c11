/** The data layer's Node-only part: dataset loaders that read files (CSV, Iris, MNIST, IDX, Fashion-MNIST) and the loader registry. */
export { loadCsv } from './csv-file.js';
export { IRIS_PATH, loadIris } from './iris-file.js';
export { loadMnist, type MnistOptions } from './mnist.js';
export { IDX_FILES, loadIdx, parseIdx, readIdxFile, type IdxArray, type IdxOptions } from './idx.js';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist, type FashionMnistOptions } from './fashion.js';
export { loadDataset } from './registry.js';
