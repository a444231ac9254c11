import { describe, expect, it } from 'vitest';
import { loadIris } from '../../src/data/node/index.js';

describe('loadIris', () => {
  const iris = loadIris();

  it('has 150 rows of 4 features, 50 per class, in sklearn class order', () => {
    expect(iris.name).toBe('iris');
    expect(iris.labels.length).toBe(150);
    expect(iris.featureShape).toEqual([4]);
    expect(iris.features.length).toBe(600);
    expect(iris.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    const counts = [0, 0, 0];
    for (const y of iris.labels) counts[y]++;
    expect(counts).toEqual([50, 50, 50]);
    expect(iris.source.endsWith('data/iris.csv')).toBe(true);
  });

  it('holds the known rows of scikit-learn load_iris', () => {
    const row = (i: number) => Array.from(iris.features.subarray(4 * i, 4 * i + 4));
    expect(row(0)).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(row(50)).toEqual([7.0, 3.2, 4.7, 1.4]);
    expect(row(149)).toEqual([5.9, 3.0, 5.1, 1.8]);
    expect([iris.labels[0], iris.labels[49], iris.labels[50], iris.labels[100], iris.labels[149]]).toEqual([
      0, 0, 1, 2, 2,
    ]);
  });

  it('has a stable fingerprint', () => {
    expect(iris.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(loadIris().fingerprint).toBe(iris.fingerprint);
  });
});
