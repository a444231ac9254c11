import { allocate, promote } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { formatShape, normalizeAxis, shapesEqual, splitAtAxis } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';

/** Elements [start, end) along an axis (negative bounds count from the end, as in Python). */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  const ax = normalizeAxis(axis, x.rank, 'slice');
  const len = x.shape[ax];
  const s = start < 0 ? start + len : start;
  const e = end === undefined ? len : end < 0 ? end + len : end;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > len || s > e) {
    throw new ShapeError(
      `slice: range [${start}, ${end ?? len}) is invalid for axis ${axis} of size ${len} (shape ${formatShape(x.shape)})`,
    );
  }
  const { outer, inner } = splitAtAxis(x.shape, ax);
  const count = e - s;
  const X = x.data;
  const out = allocate(x.dtype, outer * count * inner);
  for (let o = 0; o < outer; o++) {
    const src = (o * len + s) * inner;
    out.set(X.subarray(src, src + count * inner), o * count * inner);
  }
  const shape = x.shape.map((d, i) => (i === ax ? count : d));
  return Tensor.fromOp('slice', out, shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      const dst = (o * len + s) * inner;
      const src = o * count * inner;
      for (let i = 0; i < count * inner; i++) gx[dst + i] += g[src + i];
    }
  });
}

/** Joins tensors along an existing axis; all other axes must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('concat: needs at least one tensor');
  const first = tensors[0];
  const ax = normalizeAxis(axis, first.rank, 'concat');
  for (const [k, t] of tensors.entries()) {
    const ok = t.rank === first.rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) {
      throw new ShapeError(
        `concat: tensor ${k} has shape ${formatShape(t.shape)}, incompatible with ${formatShape(first.shape)} along axis ${axis}`,
      );
    }
  }
  const { outer, inner } = splitAtAxis(first.shape, ax);
  const lengths = tensors.map((t) => t.shape[ax]);
  const total = lengths.reduce((a, b) => a + b, 0);
  const dtype = tensors.reduce((d, t) => promote(d, t.dtype), first.dtype);
  const out = allocate(dtype, outer * total * inner);
  let at = 0;
  for (const [k, t] of tensors.entries()) {
    const chunk = lengths[k] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * chunk, (o + 1) * chunk), (o * total + at) * inner);
    at += lengths[k];
  }
  const shape = first.shape.map((d, i) => (i === ax ? total : d));
  return Tensor.fromOp('concat', out, shape, tensors, (g) => {
    let pos = 0;
    for (const [k, t] of tensors.entries()) {
      const chunk = lengths[k] * inner;
      if (t.requiresGrad) {
        const gt = gradBuffer(t);
        for (let o = 0; o < outer; o++) {
          const src = (o * total + pos) * inner;
          for (let i = 0; i < chunk; i++) gt[o * chunk + i] += g[src + i];
        }
      }
      pos += lengths[k];
    }
  });
}

/** Joins equally shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: needs at least one tensor');
  const first = tensors[0];
  for (const [k, t] of tensors.entries()) {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(
        `stack: tensor ${k} has shape ${formatShape(t.shape)}, expected ${formatShape(first.shape)}`,
      );
    }
  }
  const ax = normalizeAxis(axis, first.rank + 1, 'stack');
  const expanded = [...first.shape.slice(0, ax), 1, ...first.shape.slice(ax)];
  return concat(
    tensors.map((t) => Tensor.fromOp('unsqueeze', t.data, expanded, [t], (g) => addInto(t, g))),
    ax,
  );
}

function addInto(t: Tensor, g: ArrayLike<number>): void {
  const gt = gradBuffer(t);
  for (let i = 0; i < gt.length; i++) gt[i] += g[i];
}

/** Picks entries `indices` along an axis (rows of a batch, for example); gradients scatter-add back. */
export function indexSelect(x: Tensor, axis: number, indices: ArrayLike<number>): Tensor {
  const ax = normalizeAxis(axis, x.rank, 'indexSelect');
  const { outer, length, inner } = splitAtAxis(x.shape, ax);
  const count = indices.length;
  for (let k = 0; k < count; k++) {
    const v = indices[k];
    if (!Number.isInteger(v) || v < 0 || v >= length) {
      throw new ShapeError(
        `indexSelect: index ${v} (position ${k}) is out of range for axis ${axis} of size ${length}`,
      );
    }
  }
  const X = x.data;
  const out = allocate(x.dtype, outer * count * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < count; k++) {
      const src = (o * length + indices[k]) * inner;
      out.set(X.subarray(src, src + inner), (o * count + k) * inner);
    }
  }
  const shape = x.shape.map((d, i) => (i === ax ? count : d));
  return Tensor.fromOp('indexSelect', out, shape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < count; k++) {
        const dst = (o * length + indices[k]) * inner;
        const src = (o * count + k) * inner;
        for (let i = 0; i < inner; i++) gx[dst + i] += g[src + i];
      }
    }
  });
}
