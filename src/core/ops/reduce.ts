import { argmaxAlong } from '../argmax.js';
import { allocate } from '../dtype.js';
import { normalizeAxis, splitAtAxis, type Shape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';

function reducedShape(shape: Shape, axis: number, keepDim: boolean): number[] {
  return keepDim ? shape.map((d, i) => (i === axis ? 1 : d)) : shape.filter((_d, i) => i !== axis);
}

/** Sum over one axis, or over all elements when `axis` is omitted. */
export function sum(x: Tensor, axis?: number, keepDim = false): Tensor {
  if (axis === undefined) {
    const X = x.data;
    let s = 0;
    for (let i = 0; i < X.length; i++) s += X[i];
    const out = allocate(x.dtype, 1);
    out[0] = s;
    return Tensor.fromOp('sum', out, keepDim ? x.shape.map(() => 1) : [], [x], (g) => {
      const gx = gradBuffer(x);
      const gv = g[0];
      for (let i = 0; i < gx.length; i++) gx[i] += gv;
    });
  }
  const ax = normalizeAxis(axis, x.rank, 'sum');
  const { outer, length, inner } = splitAtAxis(x.shape, ax);
  const X = x.data;
  const out = allocate(x.dtype, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < length; l++) {
      const src = (o * length + l) * inner;
      const dst = o * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += X[src + i];
    }
  }
  return Tensor.fromOp('sum', out, reducedShape(x.shape, ax, keepDim), [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      for (let l = 0; l < length; l++) {
        const dst = (o * length + l) * inner;
        const src = o * inner;
        for (let i = 0; i < inner; i++) gx[dst + i] += g[src + i];
      }
    }
  });
}

/** Mean over one axis, or over all elements when `axis` is omitted. */
export function mean(x: Tensor, axis?: number, keepDim = false): Tensor {
  const count = axis === undefined ? x.size : x.shape[normalizeAxis(axis, x.rank, 'mean')];
  const s = sum(x, axis, keepDim);
  const inv = 1 / count;
  const out = s.data.map((v) => v * inv);
  return Tensor.fromOp('mean', out, s.shape, [s], (g) => {
    const gs = gradBuffer(s);
    for (let i = 0; i < gs.length; i++) gs[i] += g[i] * inv;
  });
}

/** Indices of the maxima along an axis (first occurrence on ties); not differentiable. */
export function argmax(x: Tensor, axis = -1): Int32Array {
  const ax = normalizeAxis(axis, x.rank, 'argmax');
  const { outer, length, inner } = splitAtAxis(x.shape, ax);
  return argmaxAlong(x.data, outer, length, inner);
}

/** Maximum along an axis; the gradient goes to the first maximal element. */
export function max(x: Tensor, axis: number, keepDim = false): Tensor {
  const ax = normalizeAxis(axis, x.rank, 'max');
  const { outer, length, inner } = splitAtAxis(x.shape, ax);
  const winners = argmax(x, ax);
  const X = x.data;
  const out = allocate(x.dtype, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) out[o * inner + i] = X[(o * length + winners[o * inner + i]) * inner + i];
  }
  return Tensor.fromOp('max', out, reducedShape(x.shape, ax, keepDim), [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) gx[(o * length + winners[o * inner + i]) * inner + i] += g[o * inner + i];
    }
  });
}
