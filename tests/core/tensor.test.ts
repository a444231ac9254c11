import { describe, expect, it } from 'vitest';
import {
  add,
  conv2d,
  crossEntropy,
  linear,
  matmul,
  mul,
  noGrad,
  QunlearnError,
  reshape,
  ShapeError,
  sum,
  tensor,
  Tensor,
  zeros,
} from '../../src/core/index.js';

describe('Tensor and autograd', () => {
  it('builds tensors from nested arrays and checks shapes', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(tensor([1, 2], undefined, { dtype: 'float32' }).dtype).toBe('float32');
    expect(() => new Tensor(new Float64Array(5), [2, 3])).toThrow(/shape \[2, 3\] needs 6 elements, got 5/);
  });

  it('accumulates leaf gradients across backward calls, like PyTorch', () => {
    const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
    sum(mul(x, x)).backward();
    expect(Array.from(x.grad!)).toEqual([2, 4, 6]);
    sum(x).backward();
    expect(Array.from(x.grad!)).toEqual([3, 5, 7]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('records nothing under noGrad and refuses backward there', () => {
    const w = tensor([1, 2], undefined, { requiresGrad: true });
    const y = noGrad(() => sum(mul(w, 3)));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents.length).toBe(0);
    expect(() => y.backward()).toThrow(QunlearnError);
  });

  it('frozen parameters receive no gradient and cut the graph', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      undefined,
      { requiresGrad: true },
    );
    const b = tensor([0.5, -0.5], undefined, { requiresGrad: true });
    w.requiresGrad = false;
    const x = tensor([[1, 1]]);
    sum(linear(x, w, b)).backward();
    expect(w.grad).toBeNull();
    expect(Array.from(b.grad!)).toEqual([1, 1]);
  });

  it('detach shares data but stops gradients', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const d = x.detach();
    expect(d.data).toBe(x.data);
    expect(d.requiresGrad).toBe(false);
    sum(add(mul(d, x), 0)).backward();
    expect(Array.from(x.grad!)).toEqual([1, 2]);
  });

  it('needs a seed gradient for non-scalar outputs', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    expect(() => mul(x, 2).backward()).toThrow(/without a seed gradient on a tensor of shape \[2\]/);
    mul(x, 2).backward(Float64Array.from([1, 10]));
    expect(Array.from(x.grad!)).toEqual([2, 20]);
  });

  it('intermediate gradients are freed after use', () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const h = mul(x, 3);
    sum(h).backward();
    expect(h.grad).toBeNull();
    expect(x.grad).not.toBeNull();
  });

  it('float32 tensors stay float32 through ops', () => {
    const x = zeros([2, 3], 'float32');
    expect(add(x, 1).dtype).toBe('float32');
    expect(add(x, zeros([3], 'float64')).dtype).toBe('float64');
  });
});

describe('shape errors name the op, the argument and the shape received', () => {
  it('conv2d', () => {
    expect(() => conv2d(zeros([28, 28]), zeros([16, 1, 3, 3]))).toThrow(
      'conv2d: input must be rank 4 [batch, channels, height, width], got shape [28, 28]',
    );
    expect(() => conv2d(zeros([1, 2, 5, 5]), zeros([4, 3, 3, 3]))).toThrow(
      /input has 2 channels but weight \[4, 3, 3, 3\] expects 3/,
    );
  });
  it('matmul, linear, reshape, broadcasting, crossEntropy', () => {
    expect(() => matmul(zeros([2, 3]), zeros([2, 3]))).toThrow(ShapeError);
    expect(() => linear(zeros([2, 3]), zeros([4, 5]))).toThrow(/input has 3 features but weight \[4, 5\] expects 5/);
    expect(() => reshape(zeros([2, 3]), [4, 2])).toThrow(/cannot view shape \[2, 3\]/);
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow(/add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
    expect(() => crossEntropy(zeros([2, 3]), [0, 3])).toThrow(/label 3 at position 1 is not a class index in \[0, 2\]/);
    expect(() => crossEntropy(zeros([2, 3]), [0])).toThrow(/1 labels for a batch of 2/);
  });
});
