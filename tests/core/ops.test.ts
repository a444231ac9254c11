import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  batchNorm,
  clamp,
  concat,
  conv2d,
  crossEntropy,
  div,
  dropout,
  elu,
  exp,
  flatten,
  gradcheck,
  indexSelect,
  klDivergence,
  linear,
  log,
  logSoftmax,
  matmul,
  max,
  maximum,
  maxPool2d,
  mean,
  minimum,
  mul,
  neg,
  relu,
  reshape,
  Rng,
  sigmoid,
  slice,
  softmax,
  sqrt,
  square,
  stack,
  sub,
  sum,
  tanh,
  Tensor,
  transpose,
  where,
} from '../../src/core/index.js';
import { randomInput, randomShape } from '../helpers/random-tensors.js';

function expectGradOk(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const report = gradcheck(fn, inputs);
  expect(report.checked).toBeGreaterThan(0);
  expect(report.worst === null ? 0 : report.maxAbsError, JSON.stringify(report.worst)).toBeLessThan(1e-5);
  expect(report.ok).toBe(true);
}

describe('gradients of elementwise ops match finite differences', () => {
  const rng = new Rng(1, 'elementwise');
  const unaryCases: Array<[string, (x: Tensor) => Tensor, number, number, number]> = [
    ['neg', neg, -2, 2, 0],
    ['exp', exp, -2, 2, 0],
    ['log', log, 0.2, 3, 0],
    ['square', square, -2, 2, 0],
    ['sqrt', sqrt, 0.2, 3, 0],
    ['abs', abs, -2, 2, 0.01],
    ['tanh', tanh, -2, 2, 0],
    ['sigmoid', sigmoid, -3, 3, 0],
    ['relu', relu, -2, 2, 0.01],
    ['elu', (x) => elu(x, 1.3), -2, 2, 0.01],
    ['clamp', (x) => clamp(x, -0.5, 0.7), -2, 2, 0],
  ];
  for (const [name, f, lo, hi, margin] of unaryCases) {
    it(name, () => {
      for (let trial = 0; trial < 3; trial++) {
        const x = randomInput(rng, randomShape(rng, 1 + trial), lo, hi, margin);
        if (name === 'clamp')
          for (let i = 0; i < x.size; i++) if (Math.abs(Math.abs(x.data[i]) - 0.6) < 0.11) x.data[i] = 0.1;
        expectGradOk(f, [x]);
      }
    });
  }

  const binaryCases: Array<[string, (a: Tensor, b: Tensor) => Tensor]> = [
    ['add', add],
    ['sub', sub],
    ['mul', mul],
    ['div', div],
    ['maximum', maximum],
    ['minimum', minimum],
  ];
  const shapePairs: Array<[number[], number[]]> = [
    [
      [3, 4],
      [3, 4],
    ],
    [[5, 3], [3]],
    [
      [2, 1, 4],
      [3, 1],
    ],
    [[4], []],
    [
      [1, 3],
      [2, 1],
    ],
  ];
  for (const [name, f] of binaryCases) {
    it(`${name} with broadcasting`, () => {
      for (const [sa, sb] of shapePairs) {
        const a = randomInput(rng, sa, 0.5, 2);
        const b = randomInput(rng, sb, -2, -0.5);
        if (name === 'maximum' || name === 'minimum') for (let i = 0; i < b.size; i++) b.data[i] += 1.7 * (i % 2);
        expectGradOk(f, [a, b]);
      }
    });
  }

  it('plain numbers act as constant scalars', () => {
    const x = randomInput(rng, [3, 2]);
    expectGradOk((t) => mul(add(t, 2), Math.PI), [x]);
    expect(add(x, 2).data[0]).toBeCloseTo(x.data[0] + 2, 12);
  });

  it('where routes gradients by the mask', () => {
    const cond = new Tensor(Float64Array.from([1, 0, 0, 1, 1, 0]), [2, 3]);
    const a = randomInput(rng, [2, 3]);
    const b = randomInput(rng, [3]);
    expectGradOk((x, y) => where(cond, x, y), [a, b]);
    const out = where(cond, a, b);
    expect(out.data[1]).toBe(b.data[1]);
    expect(out.data[3]).toBe(a.data[3]);
  });
});

describe('gradients of reductions, linear algebra and shape ops', () => {
  const rng = new Rng(2, 'structural');
  it('sum, mean and max along every axis, with and without keepDim', () => {
    for (let trial = 0; trial < 4; trial++) {
      const shape = randomShape(rng, 3, 4);
      for (let axis = -3; axis < 3; axis++) {
        for (const keep of [false, true]) {
          expectGradOk((x) => sum(x, axis, keep), [randomInput(rng, shape)]);
          expectGradOk((x) => mean(x, axis, keep), [randomInput(rng, shape)]);
          expectGradOk((x) => max(x, axis, keep), [randomInput(rng, shape)]);
        }
      }
      expectGradOk((x) => sum(x), [randomInput(rng, shape)]);
      expectGradOk((x) => mean(x), [randomInput(rng, shape)]);
    }
  });

  it('matmul and linear on random sizes (including sizes not divisible by the 4x4 block)', () => {
    for (let trial = 0; trial < 5; trial++) {
      const [m, k, n] = [1 + rng.int(9), 1 + rng.int(9), 1 + rng.int(9)];
      expectGradOk(matmul, [randomInput(rng, [m, k]), randomInput(rng, [k, n])]);
      expectGradOk(
        (x, w, b) => linear(x, w, b),
        [randomInput(rng, [m, k]), randomInput(rng, [n, k]), randomInput(rng, [n])],
      );
      expectGradOk((x, w) => linear(x, w), [randomInput(rng, [m, k]), randomInput(rng, [n, k])]);
    }
  });

  it('matmul agrees with a direct triple loop', () => {
    const a = randomInput(rng, [7, 5]);
    const b = randomInput(rng, [5, 6]);
    const c = matmul(a, b);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 6; j++) {
        let s = 0;
        for (let p = 0; p < 5; p++) s += a.data[i * 5 + p] * b.data[p * 6 + j];
        expect(c.data[i * 6 + j]).toBeCloseTo(s, 12);
      }
    }
  });

  it('reshape, flatten, transpose', () => {
    expectGradOk((x) => mul(reshape(x, [6, -1]), reshape(x, [6, -1])), [randomInput(rng, [2, 3, 4])]);
    expectGradOk((x) => flatten(x), [randomInput(rng, [2, 3, 2, 2])]);
    expectGradOk((x) => transpose(x), [randomInput(rng, [3, 5])]);
    expectGradOk((x) => transpose(x, [2, 0, 1]), [randomInput(rng, [2, 3, 4])]);
    const t = transpose(new Tensor(Float64Array.from([1, 2, 3, 4, 5, 6]), [2, 3]));
    expect(t.shape).toEqual([3, 2]);
    expect(t.toArray()).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('slice, concat, stack, indexSelect', () => {
    expectGradOk((x) => slice(x, 1, 1, 3), [randomInput(rng, [2, 4, 3])]);
    expectGradOk((x) => slice(x, -1, -2), [randomInput(rng, [2, 4, 3])]);
    expectGradOk((a, b) => concat([a, b, a], 1), [randomInput(rng, [2, 3, 2]), randomInput(rng, [2, 1, 2])]);
    expectGradOk((a, b) => stack([a, b], 1), [randomInput(rng, [3, 2]), randomInput(rng, [3, 2])]);
    expectGradOk((x) => indexSelect(x, 0, [2, 0, 2, 1]), [randomInput(rng, [3, 4])]);
    expectGradOk((x) => indexSelect(x, 1, [1, 1]), [randomInput(rng, [2, 3, 2])]);
  });
});

describe('gradients of network layers and losses', () => {
  const rng = new Rng(3, 'layers');
  it('conv2d with stride, padding and bias on random geometries', () => {
    const geometries: Array<[number[], number[], number, number]> = [
      [[2, 1, 5, 5], [3, 1, 3, 3], 1, 1],
      [[1, 2, 6, 5], [2, 2, 3, 3], 2, 0],
      [[2, 3, 4, 4], [5, 3, 2, 2], 1, 0],
      [[1, 2, 7, 6], [3, 2, 3, 2], 2, 1],
    ];
    for (const [xs, ws, stride, padding] of geometries) {
      const bias = randomInput(rng, [ws[0]]);
      expectGradOk(
        (x, w, b) => conv2d(x, w, b, { stride, padding }),
        [randomInput(rng, xs), randomInput(rng, ws), bias],
      );
    }
  });

  it('conv2d agrees with a direct convolution loop', () => {
    const x = randomInput(rng, [2, 2, 5, 4]);
    const w = randomInput(rng, [3, 2, 3, 3]);
    const out = conv2d(x, w, undefined, { stride: 1, padding: 1 });
    expect(out.shape).toEqual([2, 3, 5, 4]);
    for (let b = 0; b < 2; b++)
      for (let o = 0; o < 3; o++)
        for (let y = 0; y < 5; y++)
          for (let xx = 0; xx < 4; xx++) {
            let s = 0;
            for (let c = 0; c < 2; c++)
              for (let ky = 0; ky < 3; ky++)
                for (let kx = 0; kx < 3; kx++) {
                  const iy = y - 1 + ky;
                  const ix = xx - 1 + kx;
                  if (iy < 0 || iy >= 5 || ix < 0 || ix >= 4) continue;
                  s += x.data[((b * 2 + c) * 5 + iy) * 4 + ix] * w.data[((o * 2 + c) * 3 + ky) * 3 + kx];
                }
            expect(out.data[((b * 3 + o) * 5 + y) * 4 + xx]).toBeCloseTo(s, 12);
          }
  });

  it('maxPool2d (distinct values, so the argmax is stable under perturbation)', () => {
    for (const [shape, k, s] of [
      [[2, 2, 4, 4], 2, 2],
      [[1, 3, 5, 7], 3, 2],
      [[1, 1, 5, 5], 2, 2],
    ] as const) {
      const x = randomInput(rng, shape);
      for (let i = 0; i < x.size; i++) x.data[i] = i * 0.37 - Math.floor(i * 0.37) + (i % 7) * 0.11;
      expectGradOk((t) => maxPool2d(t, k, s), [x]);
    }
  });

  it('batchNorm in training and evaluation mode', () => {
    for (const training of [true, false]) {
      const features = 3;
      expectGradOk(
        (x, g, b) =>
          batchNorm(x, g, b, new Float64Array(features).fill(0.2), new Float64Array(features).fill(1.5), { training }),
        [randomInput(rng, [5, features]), randomInput(rng, [features]), randomInput(rng, [features])],
      );
    }
  });

  it('dropout with a fixed mask', () => {
    expectGradOk((x) => dropout(x, 0.4, true, new Rng(9, 'mask')), [randomInput(rng, [4, 5])]);
  });

  it('softmax and logSoftmax along each axis', () => {
    for (const axis of [-1, 0, 1]) {
      expectGradOk((x) => softmax(x, axis), [randomInput(rng, [3, 4, 2])]);
      expectGradOk((x) => logSoftmax(x, axis), [randomInput(rng, [3, 4, 2])]);
    }
  });

  it('crossEntropy with each reduction', () => {
    const labels = [2, 0, 1, 2];
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      expectGradOk((x) => crossEntropy(x, labels, reduction), [randomInput(rng, [4, 3])]);
    }
  });

  it('klDivergence with respect to both distributions', () => {
    expectGradOk((a, b) => klDivergence(softmax(a), softmax(b)), [randomInput(rng, [4, 3]), randomInput(rng, [4, 3])]);
    expectGradOk(
      (a, b) => klDivergence(softmax(a), softmax(b), 'none'),
      [randomInput(rng, [2, 5]), randomInput(rng, [2, 5])],
    );
  });

  it('a composite graph that reuses a tensor accumulates gradients from every use', () => {
    expectGradOk(
      (x, w) => mean(mul(tanh(linear(x, w)), relu(add(linear(x, w), 0.3)))),
      [randomInput(rng, [3, 4]), randomInput(rng, [5, 4])],
    );
  });
});
