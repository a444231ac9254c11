import type { DType } from '../../core/dtype.js';
import { pytorchDefaultFill, pytorchDefaultInit } from '../../core/init.js';
import { linear } from '../../core/ops/matmul.js';
import type { Rng } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { Module } from '../module.js';

/** Fully connected layer y = x·Wᵀ + b with PyTorch's layout ([out, in]) and default initialisation. */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  private resets = 0;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    private readonly rng: Rng,
    dtype: DType = 'float64',
  ) {
    super();
    const { weight, bias } = pytorchDefaultInit(rng.stream('init'), [outFeatures, inFeatures], inFeatures, true, dtype);
    this.weight = this.addParam('weight', weight);
    this.bias = this.addParam('bias', bias!);
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  /** Re-draws the weights from a fresh named stream: each reset differs from the first draw but is reproducible. */
  override reset(): void {
    pytorchDefaultFill(this.rng.stream(`reset-${++this.resets}`), this.inFeatures, this.weight, this.bias);
  }
}
