import type { Tensor } from '../tensor.js';

/**
 * Scales the gradients of `params` so that their global L2 norm is at most `maxNorm` (PyTorch's
 * clip_grad_norm_, including its 1e-6 guard) and returns the norm before clipping.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  let sq = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    for (let i = 0; i < p.grad.length; i++) sq += p.grad[i] * p.grad[i];
  }
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) {
    for (const p of params) {
      if (p.grad === null) continue;
      for (let i = 0; i < p.grad.length; i++) p.grad[i] *= coef;
    }
  }
  return norm;
}
