import {
  conv2d,
  conv2dReluPool,
  matmul,
  maxPool2d,
  mul,
  relu,
  Rng,
  sum,
  Tensor,
  type DType,
} from '../src/core/index.js';
import { time, timingRow, type BenchRow } from './harness.js';

function leaf(rng: Rng, shape: number[], dtype: DType): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(rng.fillUniform(dtype === 'float64' ? new Float64Array(n) : new Float32Array(n), -1, 1), shape, {
    requiresGrad: true,
  });
}

/**
 * The MNIST front-end's second convolution block (16 -> 32 channels, 3x3, 14x14, pool 2) on a batch of 64, forward
 * and backward with input gradients: the fused op on the SIMD kernels against conv2d → relu → maxPool2d (im2col + the
 * same GEMM kernel), the op the fusion replaces.
 */
function convBlock(dtype: DType): BenchRow[] {
  const rng = new Rng(0, 'bench/conv');
  const [x, w, b] = [leaf(rng, [64, 16, 14, 14], dtype), leaf(rng, [32, 16, 3, 3], dtype), leaf(rng, [32], dtype)];
  const cot = new Tensor(rng.fillUniform(new Float64Array(64 * 32 * 49), -1, 1), [64, 32, 7, 7]);
  const step = (op: () => Tensor) => (): void => {
    x.grad = w.grad = b.grad = null;
    sum(mul(op(), cot)).backward();
  };
  const flop = 3 * 2 * 64 * 32 * 196 * 144;
  const fused = time(
    step(() => conv2dReluPool(x, w, b, { padding: 1 })),
    { minRuns: 20, minTimeMs: 2000 },
  );
  const composed = time(
    step(() => maxPool2d(relu(conv2d(x, w, b, { padding: 1 })), 2)),
    { minRuns: 10, minTimeMs: 2000 },
  );
  const label = `conv 16->32 3x3 + relu + pool, 14x14, batch 64, ${dtype}, fwd+bwd`;
  return [
    timingRow(`${label}: fused (implicit GEMM)`, fused, 'ms', 1, {
      note: `${(flop / (fused.minMs * 1e6)).toFixed(1)} GFLOP/s`,
    }),
    timingRow(`${label}: conv2d -> relu -> maxPool2d`, composed, 'ms', 1, {
      note: `${(flop / (composed.minMs * 1e6)).toFixed(1)} GFLOP/s`,
    }),
  ];
}

function matmul256(dtype: DType): BenchRow[] {
  const rng = new Rng(0, 'bench/matmul');
  const [a, b] = [leaf(rng, [256, 256], dtype), leaf(rng, [256, 256], dtype)];
  const t = time(() => matmul(a, b), { minRuns: 20 });
  return [
    timingRow(`matmul 256x256x256, ${dtype}`, t, 'ms', 1, {
      note: `${((2 * 256 ** 3) / (t.minMs * 1e6)).toFixed(1)} GFLOP/s`,
    }),
  ];
}

/** Numeric-core benchmarks: the fused convolution block and dense products, in both precisions. */
export function benchCore(): BenchRow[] {
  return [...convBlock('float64'), ...convBlock('float32'), ...matmul256('float64'), ...matmul256('float32')];
}
