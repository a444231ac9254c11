import { allocate } from '../dtype.js';
import { QunlearnError } from '../errors.js';
import type { Rng } from '../random.js';
import { gradBuffer, Tensor } from '../tensor.js';

/**
 * Inverted dropout: in training mode each element is zeroed with probability p and the survivors are scaled by
 * 1/(1-p); in evaluation mode (or p = 0) the input passes through unchanged. The mask comes from `rng`.
 */
export function dropout(x: Tensor, p: number, training: boolean, rng: Rng): Tensor {
  if (!(p >= 0 && p <= 1)) throw new QunlearnError('value', `dropout: probability must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  const X = x.data;
  const n = X.length;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const mask = allocate(x.dtype, n);
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) {
    mask[i] = rng.uniform() >= p ? scale : 0;
    out[i] = X[i] * mask[i];
  }
  return Tensor.fromOp('dropout', out, x.shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < n; i++) gx[i] += g[i] * mask[i];
  });
}
