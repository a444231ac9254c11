import type { DType } from '../../core/dtype.js';
import { pytorchDefaultFill, pytorchDefaultInit } from '../../core/init.js';
import { conv2d } from '../../core/ops/conv.js';
import { conv2dReluPool } from '../../core/ops/conv-relu-pool.js';
import type { Rng } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { Module } from '../module.js';

/** 2-D convolution over NCHW batches with PyTorch's weight layout [out, in, k, k] and default initialisation. */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  private readonly fanIn: number;
  private resets = 0;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernel: number,
    readonly options: { stride?: number; padding?: number },
    private readonly rng: Rng,
    dtype: DType = 'float64',
  ) {
    super();
    this.fanIn = inChannels * kernel * kernel;
    const { weight, bias } = pytorchDefaultInit(
      rng.stream('init'),
      [outChannels, inChannels, kernel, kernel],
      this.fanIn,
      true,
      dtype,
    );
    this.weight = this.addParam('weight', weight);
    this.bias = this.addParam('bias', bias!);
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.options);
  }

  /** Whether this convolution followed by ReLU and a max-pool of window `pool` can run as one fused op. */
  fusesWith(pool: number): boolean {
    const padding = this.options.padding ?? 0;
    return (this.options.stride ?? 1) === 1 && padding <= this.kernel - 1 && pool <= 15;
  }

  /** maxPool2d(relu(this.forward(x)), pool) in one fused op (see {@link fusesWith}). */
  forwardReluPool(x: Tensor, pool: number): Tensor {
    return conv2dReluPool(x, this.weight, this.bias, { padding: this.options.padding ?? 0, pool });
  }

  /** Re-draws the weights from a fresh named stream. */
  override reset(): void {
    pytorchDefaultFill(this.rng.stream(`reset-${++this.resets}`), this.fanIn, this.weight, this.bias);
  }
}
