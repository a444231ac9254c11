import { allocate } from '../dtype.js';
import { normalizeAxis, splitAtAxis } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';
import * as fdlibm from '../math.js';
import { scratch } from '../workspace.js';

/** Numerically stable log-sum-exp over [outer, length, inner] lanes, written into `lse` (outer·inner). */
export function logSumExp(X: ArrayLike<number>, outer: number, length: number, inner: number, lse: Float64Array): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * length * inner + i;
      let m = -Infinity;
      for (let l = 0; l < length; l++) m = Math.max(m, X[base + l * inner]);
      let s = 0;
      for (let l = 0; l < length; l++) s += fdlibm.exp(X[base + l * inner] - m);
      lse[o * inner + i] = m + fdlibm.log(s);
    }
  }
}

/** Softmax along an axis (default: the last, i.e. over classes of [batch, classes] logits). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const ax = normalizeAxis(axis, x.rank, 'softmax');
  const { outer, length, inner } = splitAtAxis(x.shape, ax);
  const X = x.data;
  const lse = scratch(Float64Array, outer * inner);
  logSumExp(X, outer, length, inner, lse);
  const out = allocate(x.dtype, x.size);
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < length; l++) {
      for (let i = 0; i < inner; i++) {
        const k = (o * length + l) * inner + i;
        out[k] = fdlibm.exp(X[k] - lse[o * inner + i]);
      }
    }
  }
  return Tensor.fromOp('softmax', out, x.shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * length * inner + i;
        let dot = 0;
        for (let l = 0; l < length; l++) dot += g[base + l * inner] * out[base + l * inner];
        for (let l = 0; l < length; l++) {
          const k = base + l * inner;
          gx[k] += out[k] * (g[k] - dot);
        }
      }
    }
  });
}

/** Log-softmax along an axis (default: the last), computed stably. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const ax = normalizeAxis(axis, x.rank, 'logSoftmax');
  const { outer, length, inner } = splitAtAxis(x.shape, ax);
  const X = x.data;
  const lse = scratch(Float64Array, outer * inner);
  logSumExp(X, outer, length, inner, lse);
  const out = allocate(x.dtype, x.size);
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < length; l++) {
      for (let i = 0; i < inner; i++) {
        const k = (o * length + l) * inner + i;
        out[k] = X[k] - lse[o * inner + i];
      }
    }
  }
  return Tensor.fromOp('logSoftmax', out, x.shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * length * inner + i;
        let total = 0;
        for (let l = 0; l < length; l++) total += g[base + l * inner];
        for (let l = 0; l < length; l++) {
          const k = base + l * inner;
          gx[k] += g[k] - fdlibm.exp(out[k]) * total;
        }
      }
    }
  });
}
