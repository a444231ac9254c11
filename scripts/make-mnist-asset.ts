// Writes the playground's MNIST subset (playground/public/mnist-100.bin): 100 digits per class drawn exactly as
// `qunlearn run --dataset mnist --per-class 100` draws them for seed 0, so the page's MNIST runs match the CLI's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadMnist } from '../src/data/node/mnist.js';
import { decodeMnistSubset, encodeMnistSubset } from '../playground/src/mnist-asset.js';

const out = new URL('../playground/public/mnist-100.bin', import.meta.url);
const dataset = loadMnist({ perClass: 100, seed: 0 });
const bytes = encodeMnistSubset(dataset);
if (decodeMnistSubset(bytes).fingerprint !== dataset.fingerprint)
  throw new Error('the MNIST asset does not decode to the same data');
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, bytes);
console.log(
  `playground/public/mnist-100.bin: ${dataset.labels.length} digits, ${(bytes.length / 1024).toFixed(0)} KiB, fingerprint ${dataset.fingerprint.slice(0, 12)}`,
);
