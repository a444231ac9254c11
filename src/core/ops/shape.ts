import { allocate } from '../dtype.js';
import { ShapeError } from '../errors.js';
import { formatShape, normalizeAxis, sizeOf, stridesOf, type Shape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';
import { scratch } from '../workspace.js';

/** Same data, new shape (one axis may be -1 and is inferred). Shares the data array; no copy. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const inferred = [...shape];
  const unknown = inferred.indexOf(-1);
  if (unknown >= 0) {
    const known = sizeOf(inferred.filter((_d, i) => i !== unknown));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(`reshape: cannot infer -1 in ${formatShape(shape)} for a tensor of ${x.size} elements`);
    }
    inferred[unknown] = x.size / known;
  }
  if (sizeOf(inferred) !== x.size) {
    throw new ShapeError(
      `reshape: cannot view shape ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}`,
    );
  }
  return Tensor.fromOp('reshape', x.data, inferred, [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < gx.length; i++) gx[i] += g[i];
  });
}

/** Merges axes from `startDim` onwards into one (default: keep the batch axis). */
export function flatten(x: Tensor, startDim = 1): Tensor {
  const start = normalizeAxis(startDim, x.rank, 'flatten');
  return reshape(x, [...x.shape.slice(0, start), sizeOf(x.shape.slice(start))]);
}

/** Permutes axes (default: reverse them, i.e. the matrix transpose for rank 2). Copies the data. */
export function transpose(x: Tensor, axes?: readonly number[]): Tensor {
  const rank = x.rank;
  const perm = axes ? axes.map((a) => normalizeAxis(a, rank, 'transpose')) : [...Array(rank).keys()].reverse();
  if (perm.length !== rank || new Set(perm).size !== rank) {
    throw new ShapeError(
      `transpose: axes [${axes?.join(', ')}] are not a permutation of the ${rank} axes of ${formatShape(x.shape)}`,
    );
  }
  const outShape = perm.map((a) => x.shape[a]);
  const inStrides = stridesOf(x.shape);
  const srcStrides = perm.map((a) => inStrides[a]);
  const n = x.size;
  const map = scratch(Int32Array, n);
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    map[i] = offset;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      offset += srcStrides[ax];
      if (counter[ax] < outShape[ax]) break;
      offset -= srcStrides[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  const X = x.data;
  const out = allocate(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = X[map[i]];
  return Tensor.fromOp('transpose', out, outShape, [x], (g) => {
    const gx = gradBuffer(x);
    for (let i = 0; i < n; i++) gx[map[i]] += g[i];
  });
}
