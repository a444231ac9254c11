import {
  conv2d, crossEntropy, flatten, linear, matmul, maxPool2d, pytorchDefaultInit, relu, Rng, Tensor,
} from '../src/core/index.js';
import { time, type BenchRow } from './harness.js';

/** The reference's MNIST CNN front-end (conv 3x3x16, pool, conv 3x3x32, pool, linear 1568->8), forward + backward. */
function mnistFrontEnd(): BenchRow[] {
  const rng = new Rng(0, 'bench/core');
  const batch = 64;
  const x = new Tensor(rng.fillUniform(new Float64Array(batch * 28 * 28)), [batch, 1, 28, 28]);
  const c1 = pytorchDefaultInit(rng, [16, 1, 3, 3], 9, true);
  const c2 = pytorchDefaultInit(rng, [32, 16, 3, 3], 144, true);
  const fc = pytorchDefaultInit(rng, [8, 1568], 1568, true);
  const labels = Array.from({ length: batch }, (_v, i) => i % 8);
  const params = [c1.weight, c1.bias!, c2.weight, c2.bias!, fc.weight, fc.bias!];
  const step = (): void => {
    for (const p of params) p.grad = null;
    const h1 = maxPool2d(relu(conv2d(x, c1.weight, c1.bias, { padding: 1 })), 2);
    const h2 = maxPool2d(relu(conv2d(h1, c2.weight, c2.bias, { padding: 1 })), 2);
    crossEntropy(linear(flatten(h2), fc.weight, fc.bias), labels).backward();
  };
  const t = time(step, { minRuns: 15, minTimeMs: 3000 });
  // Multiply-adds: conv1 64·16·784·9, conv2 64·32·196·144, linear 64·1568·8; backward ≈ 2x forward (conv1 has no input gradient).
  const fwd = 2 * (64 * 16 * 784 * 9 + 64 * 32 * 196 * 144 + 64 * 1568 * 8);
  const bwd = 2 * (64 * 16 * 784 * 9 + 2 * 64 * 32 * 196 * 144 + 2 * 64 * 1568 * 8);
  return [
    { name: 'MNIST front-end fwd+bwd, batch 64', value: t.medianMs, unit: 'ms/batch', target: '<= 100 ms', note: `min ${t.minMs.toFixed(1)} ms over ${t.runs} runs` },
    { name: 'MNIST front-end throughput', value: (fwd + bwd) / (t.medianMs * 1e6), unit: 'GFLOP/s' },
  ];
}

function matmul256(): BenchRow[] {
  const rng = new Rng(0, 'bench/matmul');
  const a = new Tensor(rng.fillUniform(new Float64Array(256 * 256)), [256, 256]);
  const b = new Tensor(rng.fillUniform(new Float64Array(256 * 256)), [256, 256]);
  const t = time(() => matmul(a, b), { minRuns: 20 });
  return [
    { name: 'matmul 256x256x256 (float64)', value: t.medianMs, unit: 'ms' },
    { name: 'matmul 256x256x256 throughput', value: (2 * 256 ** 3) / (t.medianMs * 1e6), unit: 'GFLOP/s' },
  ];
}

/** Numeric-core benchmarks. */
export function benchCore(): BenchRow[] {
  return [...mnistFrontEnd(), ...matmul256()];
}
