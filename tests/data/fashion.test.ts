import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist } from '../../src/data/node/index.js';
import { expectError } from './helpers.js';

const present = existsSync(FASHION_MNIST_DIR);

describe('loadFashionMnist', () => {
  it.skipIf(!present)(
    `gives N per class with shape [1, 28, 28] (skipped when ${FASHION_MNIST_DIR} is absent: apt-get install dataset-fashion-mnist)`,
    () => {
      const ds = loadFashionMnist({ perClass: 30, seed: 1 });
      expect(ds.name).toBe('fashion-mnist');
      expect(ds.featureShape).toEqual([1, 28, 28]);
      expect(ds.labels.length).toBe(300);
      expect(ds.features.length).toBe(300 * 784);
      expect(ds.classNames).toEqual(FASHION_MNIST_CLASSES);
      const counts = new Array<number>(10).fill(0);
      for (const y of ds.labels) counts[y]++;
      expect(counts).toEqual(new Array<number>(10).fill(30));
      expect(ds.features.reduce((m, x) => Math.min(m, x), Infinity)).toBe(0);
      expect(ds.features.reduce((m, x) => Math.max(m, x), -Infinity)).toBe(1);
      expect(loadFashionMnist({ perClass: 30, seed: 1 }).fingerprint).toBe(ds.fingerprint);
      expect(loadFashionMnist({ perClass: 30, seed: 2 }).fingerprint).not.toBe(ds.fingerprint);
    },
  );

  it('names the folder and gives the install hint when the files are missing', () => {
    expectError(
      () => loadFashionMnist({ dataDir: '/nonexistent/fashion' }),
      "'/nonexistent/fashion' does not exist",
      "install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data-dir with the four IDX files",
    );
  });
});
