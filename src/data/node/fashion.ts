import type { Dataset } from '../dataset.js';
import { loadIdxFolder } from './idx.js';

/** Options of the `fashion-mnist` loader. */
export interface FashionMnistOptions {
  /** Images per class from the pooled 70,000 (default 800, as in the reference). */
  perClass?: number;
  /** Seed of the class-balanced sampling (default 0). */
  seed?: number;
  /** Folder with the four IDX files; default {@link FASHION_MNIST_DIR}. */
  dataDir?: string;
}

/** Where Debian's `dataset-fashion-mnist` package installs the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Fashion-MNIST's ten classes, by label value. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Class-balanced Fashion-MNIST (train and test pooled, as the reference does), shape [1, 28, 28], pixels in [0, 1]. */
export function loadFashionMnist(options: FashionMnistOptions = {}): Dataset {
  return loadIdxFolder(
    {
      dataDir: options.dataDir ?? FASHION_MNIST_DIR,
      perClass: options.perClass ?? 800,
      seed: options.seed ?? 0,
      classNames: FASHION_MNIST_CLASSES,
      name: 'fashion-mnist',
    },
    'fashion-mnist',
    "install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir with the four IDX files",
  );
}
