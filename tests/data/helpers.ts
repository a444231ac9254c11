import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { createDataset, type Dataset } from '../../src/data/index.js';

/** A temp folder removed after the test file; `write` puts a file in it and returns its path. */
export function tempFolder(prefix: string): {
  dir: string;
  write: (name: string, content: string | Uint8Array) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), `qunlearn-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** Asserts that `fn` throws an error whose message contains every fragment. */
export function expectError(fn: () => unknown, ...fragments: string[]): void {
  let message: string | null = null;
  try {
    fn();
  } catch (e) {
    message = (e as Error).message;
    expect((e as Error).name).toBe('QunlearnError');
  }
  expect(message, 'expected an error').not.toBeNull();
  for (const f of fragments) expect(message).toContain(f);
}

/** A small labelled dataset with the given class counts; feature j of row i is i + j / 10. */
export function toyDataset(counts: number[], numFeatures = 2): Dataset {
  const labels = Int32Array.from(counts.flatMap((c, y) => Array<number>(c).fill(y)));
  const features = Float64Array.from(
    { length: labels.length * numFeatures },
    (_, k) => Math.floor(k / numFeatures) + (k % numFeatures) / 10,
  );
  return createDataset({
    name: 'toy',
    features,
    featureShape: [numFeatures],
    labels,
    classNames: counts.map((_, y) => `c${y}`),
    source: 'memory',
  });
}
