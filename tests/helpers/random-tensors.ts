import { type Rng, Tensor, sizeOf, type Shape } from '../../src/core/index.js';

/** A float64 leaf with requiresGrad, values U[low, high) kept at least `margin` away from 0 (kinks of relu/abs). */
export function randomInput(rng: Rng, shape: Shape, low = -2, high = 2, margin = 0): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) {
    let v = rng.uniformIn(low, high);
    while (Math.abs(v) < margin) v = rng.uniformIn(low, high);
    data[i] = v;
  }
  return new Tensor(data, shape, { requiresGrad: true });
}

/** A random shape of the given rank with axes in [1, maxDim]. */
export function randomShape(rng: Rng, rank: number, maxDim = 4): number[] {
  return Array.from({ length: rank }, () => 1 + rng.int(maxDim));
}
