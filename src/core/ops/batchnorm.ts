import { allocate, type FloatArray } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';

/** Mode and constants of batch normalisation (PyTorch defaults). */
export interface BatchNormOptions {
  training: boolean;
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation over [batch, features], as PyTorch's BatchNorm1d. In training mode it normalises with the
 * batch statistics (biased variance) and updates the running statistics in place (unbiased variance, momentum
 * 0.1); in evaluation mode it uses the running statistics.
 */
export function batchNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  runningMean: FloatArray,
  runningVar: FloatArray,
  options: BatchNormOptions,
): Tensor {
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (x.rank !== 2)
    throw new ShapeError(`batchNorm: input must be rank 2 [batch, features], got shape ${formatShape(x.shape)}`);
  const [batch, features] = x.shape;
  for (const [name, t] of [
    ['gamma', gamma],
    ['beta', beta],
  ] as const) {
    if (t.rank !== 1 || t.shape[0] !== features) {
      throw new ShapeError(`batchNorm: ${name} must have shape [${features}], got ${formatShape(t.shape)}`);
    }
  }
  if (runningMean.length !== features || runningVar.length !== features) {
    throw new ShapeError(`batchNorm: running statistics must have ${features} entries`);
  }
  if (options.training && batch < 2) {
    throw new ShapeError(
      `batchNorm: training mode needs more than one sample per batch, got shape ${formatShape(x.shape)}`,
    );
  }
  const X = x.data;
  const mean = allocate('float64', features);
  const invStd = allocate('float64', features);
  if (options.training) {
    for (let r = 0; r < batch; r++) for (let f = 0; f < features; f++) mean[f] += X[r * features + f];
    for (let f = 0; f < features; f++) mean[f] /= batch;
    const variance = allocate('float64', features);
    for (let r = 0; r < batch; r++) {
      for (let f = 0; f < features; f++) {
        const d = X[r * features + f] - mean[f];
        variance[f] += d * d;
      }
    }
    for (let f = 0; f < features; f++) {
      const biased = variance[f] / batch;
      invStd[f] = 1 / Math.sqrt(biased + eps);
      runningMean[f] = (1 - momentum) * runningMean[f] + momentum * mean[f];
      runningVar[f] = (1 - momentum) * runningVar[f] + momentum * (variance[f] / (batch - 1));
    }
  } else {
    for (let f = 0; f < features; f++) {
      mean[f] = runningMean[f];
      invStd[f] = 1 / Math.sqrt(runningVar[f] + eps);
    }
  }
  const G = gamma.data;
  const B = beta.data;
  const xhat = allocate('float64', batch * features);
  const out = allocate(x.dtype, batch * features);
  for (let r = 0; r < batch; r++) {
    for (let f = 0; f < features; f++) {
      const i = r * features + f;
      xhat[i] = (X[i] - mean[f]) * invStd[f];
      out[i] = G[f] * xhat[i] + B[f];
    }
  }
  const training = options.training;
  return Tensor.fromOp('batchNorm', out, x.shape, [x, gamma, beta], (g) => {
    const sumG = allocate('float64', features);
    const sumGX = allocate('float64', features);
    for (let r = 0; r < batch; r++) {
      for (let f = 0; f < features; f++) {
        const i = r * features + f;
        sumG[f] += g[i];
        sumGX[f] += g[i] * xhat[i];
      }
    }
    if (gamma.requiresGrad) {
      const gg = gradBuffer(gamma);
      for (let f = 0; f < features; f++) gg[f] += sumGX[f];
    }
    if (beta.requiresGrad) {
      const gb = gradBuffer(beta);
      for (let f = 0; f < features; f++) gb[f] += sumG[f];
    }
    if (x.requiresGrad) {
      const gx = gradBuffer(x);
      for (let r = 0; r < batch; r++) {
        for (let f = 0; f < features; f++) {
          const i = r * features + f;
          const scale = G[f] * invStd[f];
          gx[i] += training ? (scale / batch) * (batch * g[i] - sumG[f] - xhat[i] * sumGX[f]) : scale * g[i];
        }
      }
    }
  });
}
