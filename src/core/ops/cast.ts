import { allocate, type DType } from '../dtype.js';
import { gradBuffer, Tensor } from '../tensor.js';

/** x converted to another element type (x itself when it already has it); the gradient converts back. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = allocate(dtype, x.size);
  out.set(x.data);
  return Tensor.fromOp('cast', out, x.shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < gx.length; i++) gx[i] += g[i];
  });
}
