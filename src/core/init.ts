import { allocate, type DType } from './dtype.js';
import type { Rng } from './random.js';
import { sizeOf, type Shape } from './shape.js';
import { Tensor } from './tensor.js';

/** A trainable tensor filled with U[low, high). */
export function uniformParameter(
  rng: Rng,
  shape: Shape,
  low: number,
  high: number,
  name?: string,
  dtype: DType = 'float64',
): Tensor {
  const data = rng.fillUniform(allocate(dtype, sizeOf(shape)), low, high);
  return new Tensor(data, shape, { requiresGrad: true, name });
}

/**
 * PyTorch's default initialisation of Linear and Conv2d: the weight is kaiming_uniform_ with a = √5, which
 * reduces to U(−1/√fan_in, 1/√fan_in), and the bias is U(−1/√fan_in, 1/√fan_in) as well. fan_in is the number
 * of inputs feeding one output (in_features, or in_channels·kh·kw). The weight is drawn before the bias.
 */
export function pytorchDefaultInit(
  rng: Rng,
  weightShape: Shape,
  fanIn: number,
  withBias: boolean,
  dtype: DType = 'float64',
): { weight: Tensor; bias: Tensor | undefined } {
  const weight = new Tensor(allocate(dtype, sizeOf(weightShape)), weightShape, { requiresGrad: true, name: 'weight' });
  const bias = withBias
    ? new Tensor(allocate(dtype, weightShape[0]), [weightShape[0]], { requiresGrad: true, name: 'bias' })
    : undefined;
  pytorchDefaultFill(rng, fanIn, weight, bias);
  return { weight, bias };
}

/** Re-draws existing weight (and bias) tensors in place from PyTorch's default distribution. */
export function pytorchDefaultFill(rng: Rng, fanIn: number, weight: Tensor, bias?: Tensor): void {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  rng.fillUniform(weight.data, -bound, bound);
  if (bias !== undefined) rng.fillUniform(bias.data, -bound, bound);
}
