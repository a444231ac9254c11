import { batchNorm } from '../../core/ops/batchnorm.js';
import { Tensor } from '../../core/tensor.js';
import { Module, type ModuleBuffer } from '../module.js';

/** Batch normalisation over features, as PyTorch's BatchNorm1d (affine, running statistics, momentum 0.1). */
export class BatchNorm1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;
  readonly runningMean: ModuleBuffer;
  readonly runningVar: ModuleBuffer;

  constructor(readonly features: number) {
    super();
    this.weight = this.addParam(
      'weight',
      new Tensor(new Float64Array(features).fill(1), [features], { requiresGrad: true }),
    );
    this.bias = this.addParam('bias', new Tensor(new Float64Array(features), [features], { requiresGrad: true }));
    this.runningMean = { data: new Float64Array(features), shape: [features] };
    this.runningVar = { data: new Float64Array(features).fill(1), shape: [features] };
    this.ownBuffers.set('running_mean', this.runningMean);
    this.ownBuffers.set('running_var', this.runningVar);
  }

  forward(x: Tensor): Tensor {
    return batchNorm(x, this.weight, this.bias, this.runningMean.data, this.runningVar.data, {
      training: this.training,
    });
  }

  /** Back to PyTorch's initial state: unit scale, zero shift, fresh running statistics. */
  override reset(): void {
    this.weight.data.fill(1);
    this.bias.data.fill(0);
    this.runningMean.data.fill(0);
    this.runningVar.data.fill(1);
  }
}
