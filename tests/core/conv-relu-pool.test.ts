import { afterEach, describe, expect, it } from 'vitest';
import { arenaMemory } from '../../src/core/kernels/arena.js';
import { setGemmBackend } from '../../src/core/kernels/gemm.js';
import {
  conv2d,
  conv2dReluPool,
  gradcheck,
  maxPool2d,
  mul,
  relu,
  Rng,
  ShapeError,
  sum,
  Tensor,
  type DType,
} from '../../src/core/index.js';

afterEach(() => setGemmBackend('auto'));

interface Case {
  batch: number;
  inC: number;
  outC: number;
  height: number;
  width: number;
  kernel: number;
  padding: number;
  pool: number;
}

function leaf(rng: Rng, shape: number[], dtype: DType): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(rng.fillUniform(dtype === 'float64' ? new Float64Array(n) : new Float32Array(n), -1, 1), shape, {
    requiresGrad: true,
  });
}

/** Values and gradients (x, weight, bias) of `op` contracted with a fixed cotangent. */
function valuesAndGradients(
  op: (x: Tensor, w: Tensor, b: Tensor) => Tensor,
  c: Case,
  dtype: DType,
  seed: number,
): number[][] {
  const rng = new Rng(seed);
  const x = leaf(rng, [c.batch, c.inC, c.height, c.width], dtype);
  const w = leaf(rng, [c.outC, c.inC, c.kernel, c.kernel], dtype);
  const b = leaf(rng, [c.outC], dtype);
  const y = op(x, w, b);
  const cot = new Tensor(
    rng.fillUniform(dtype === 'float64' ? new Float64Array(y.size) : new Float32Array(y.size), -1, 1),
    y.shape,
  );
  sum(mul(y, cot)).backward();
  return [Array.from(y.data), Array.from(x.grad!), Array.from(w.grad!), Array.from(b.grad!)];
}

const CASES: Case[] = [
  { batch: 3, inC: 1, outC: 16, height: 28, width: 28, kernel: 3, padding: 1, pool: 2 },
  { batch: 2, inC: 16, outC: 32, height: 14, width: 14, kernel: 3, padding: 1, pool: 2 },
  { batch: 2, inC: 3, outC: 5, height: 9, width: 7, kernel: 3, padding: 0, pool: 2 },
  { batch: 2, inC: 2, outC: 6, height: 8, width: 11, kernel: 5, padding: 2, pool: 3 },
  { batch: 1, inC: 3, outC: 4, height: 6, width: 6, kernel: 3, padding: 2, pool: 1 },
  { batch: 2, inC: 5, outC: 9, height: 7, width: 5, kernel: 1, padding: 0, pool: 2 },
];

describe('conv2dReluPool (the fused CNN block)', () => {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    it(`${dtype}: values and weight gradients (and in float64 the bias gradient) are bitwise those of conv2d → relu → maxPool2d on the JavaScript kernels; the rest agrees to rounding`, () => {
      CASES.forEach((c, i) => {
        const fused = valuesAndGradients(
          (x, w, b) => {
            const y = conv2dReluPool(x, w, b, { padding: c.padding, pool: c.pool });
            expect(y.op).toBe('conv2dReluPool');
            return y;
          },
          c,
          dtype,
          i,
        );
        setGemmBackend('js');
        const reference = valuesAndGradients(
          (x, w, b) => maxPool2d(relu(conv2d(x, w, b, { padding: c.padding })), c.pool),
          c,
          dtype,
          i,
        );
        setGemmBackend('auto');
        expect(fused[0]).toEqual(reference[0]);
        expect(fused[2]).toEqual(reference[2]);
        // The bias gradient comes from the weight gradient's product (a row of ones): in float64 the same sums in the
        // same order; in float32 summed in single precision where the reference op sums in double.
        if (dtype === 'float64') expect(fused[3]).toEqual(reference[3]);
        else
          reference[3].forEach((v, j) =>
            expect(Math.abs(fused[3][j] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))),
          );
        // The input gradient sums over (output channel, tap) in one chain instead of per tap: rounding differs.
        const scale = Math.max(...reference[1].map(Math.abs));
        const tolerance = (dtype === 'float64' ? 1e-13 : 1e-5) * Math.max(1, scale);
        reference[1].forEach((v, j) => expect(Math.abs(fused[1][j] - v)).toBeLessThan(tolerance));
      });
    });
  }

  it('gradients match finite differences in float64', () => {
    const rng = new Rng(4);
    // Values kept away from ties and from 0 so that the argmax and ReLU are stable under the ±eps perturbation.
    const x = leaf(rng, [2, 3, 6, 6], 'float64');
    const w = leaf(rng, [4, 3, 3, 3], 'float64');
    const b = leaf(rng, [4], 'float64');
    const report = gradcheck((xx, ww, bb) => conv2dReluPool(xx, ww, bb, { padding: 1, pool: 2 }), [x, w, b]);
    expect(report.checked).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  });

  it('gives the bias gradient when the weight is frozen (no weight product to sum it in), bitwise in float64', () => {
    const c = CASES[1];
    const run = (op: (x: Tensor, w: Tensor, b: Tensor) => Tensor): number[] => {
      const rng = new Rng(12);
      const x = leaf(rng, [c.batch, c.inC, c.height, c.width], 'float64');
      const w = new Tensor(leaf(rng, [c.outC, c.inC, c.kernel, c.kernel], 'float64').data, [
        c.outC,
        c.inC,
        c.kernel,
        c.kernel,
      ]);
      const b = leaf(rng, [c.outC], 'float64');
      sum(
        mul(
          op(x, w, b),
          new Tensor(rng.fillUniform(new Float64Array(c.batch * c.outC * 49), -1, 1), [c.batch, c.outC, 7, 7]),
        ),
      ).backward();
      return Array.from(b.grad!);
    };
    const fused = run((x, w, b) => conv2dReluPool(x, w, b, { padding: 1 }));
    setGemmBackend('js');
    expect(fused).toEqual(run((x, w, b) => maxPool2d(relu(conv2d(x, w, b, { padding: 1 })), 2)));
  });

  it("reuses the kernels' arena: repeating a step of the same sizes grows no memory", () => {
    const rng = new Rng(8);
    const step = (): void => {
      const x = leaf(rng, [8, 4, 12, 12], 'float64');
      const w = leaf(rng, [8, 4, 3, 3], 'float64');
      const b = leaf(rng, [8], 'float64');
      sum(conv2dReluPool(x, w, b, { padding: 1 })).backward();
    };
    step();
    const bytes = arenaMemory()!.buffer.byteLength;
    for (let i = 0; i < 3; i++) step();
    expect(arenaMemory()!.buffer.byteLength).toBe(bytes);
  });

  it('falls back to the composition of the three ops where the SIMD kernels are not used', () => {
    setGemmBackend('js');
    const rng = new Rng(2);
    const y = conv2dReluPool(
      leaf(rng, [1, 2, 6, 6], 'float64'),
      leaf(rng, [3, 2, 3, 3], 'float64'),
      leaf(rng, [3], 'float64'),
      { padding: 1 },
    );
    expect(y.op).toBe('maxPool2d');
    expect(y.shape).toEqual([1, 3, 3, 3]);
  });

  it('rejects bad shapes and settings with messages naming them', () => {
    const rng = new Rng(3);
    const x = leaf(rng, [1, 2, 6, 6], 'float64');
    const w = leaf(rng, [3, 2, 3, 3], 'float64');
    const b = leaf(rng, [3], 'float64');
    expect(() => conv2dReluPool(leaf(rng, [2, 6, 6], 'float64'), w, b)).toThrow(ShapeError);
    expect(() => conv2dReluPool(x, leaf(rng, [3, 1, 3, 3], 'float64'), b)).toThrow(
      /input has 2 channels but weight \[3, 1, 3, 3\] expects 1/,
    );
    expect(() => conv2dReluPool(x, w, leaf(rng, [4], 'float64'))).toThrow(/bias must have shape \[3\]/);
    expect(() => conv2dReluPool(x, w, b, { padding: 3 })).toThrow(
      /padding must be an integer from 0 to kernel - 1 = 2, got 3/,
    );
    expect(() => conv2dReluPool(x, w, b, { pool: 0 })).toThrow(/pool must be an integer from 1 to 15, got 0/);
    expect(() => conv2dReluPool(x, w, b, { pool: 7 })).toThrow(/leaves no output for input 6x6/);
  });
});
