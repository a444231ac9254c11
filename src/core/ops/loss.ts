import { allocate, type DType, type FloatArray } from '../dtype.js';
import { QunlearnError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import { gradBuffer, Tensor } from '../tensor.js';
import { logSumExp } from './softmax.js';
import * as fdlibm from '../math.js';
import { scratch } from '../workspace.js';

/** How per-sample losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none';

function reduce(
  op: string,
  perSample: Float64Array,
  reduction: Reduction,
  dtype: DType,
): { data: FloatArray; shape: number[] } {
  if (perSample.length === 0) throw new ShapeError(`${op}: empty batch`);
  if (reduction === 'none') {
    const data = allocate(dtype, perSample.length);
    data.set(perSample);
    return { data, shape: [perSample.length] };
  }
  let s = 0;
  for (let i = 0; i < perSample.length; i++) s += perSample[i];
  const data = allocate(dtype, 1);
  data[0] = reduction === 'mean' ? s / perSample.length : s;
  return { data, shape: [] };
}

/** d(reduced loss)/d(loss of sample r). */
function sampleWeight(g: ArrayLike<number>, r: number, n: number, reduction: Reduction): number {
  return reduction === 'none' ? g[r] : reduction === 'mean' ? g[0] / n : g[0];
}

/**
 * Cross-entropy between logits [batch, classes] and integer labels, fused with log-softmax for stability
 * (PyTorch's F.cross_entropy). Mean over the batch by default.
 */
export function crossEntropy(logits: Tensor, labels: ArrayLike<number>, reduction: Reduction = 'mean'): Tensor {
  if (logits.rank !== 2) {
    throw new ShapeError(
      `crossEntropy: logits must be rank 2 [batch, classes], got shape ${formatShape(logits.shape)}`,
    );
  }
  const [batch, classes] = logits.shape;
  if (labels.length !== batch) {
    throw new ShapeError(`crossEntropy: ${labels.length} labels for a batch of ${batch} logits`);
  }
  for (let r = 0; r < batch; r++) {
    const y = labels[r];
    if (!Number.isInteger(y) || y < 0 || y >= classes) {
      throw new QunlearnError(
        'value',
        `crossEntropy: label ${y} at position ${r} is not a class index in [0, ${classes - 1}]`,
      );
    }
  }
  const X = logits.data;
  const lse = scratch(Float64Array, batch);
  logSumExp(X, batch, classes, 1, lse);
  const perSample = scratch(Float64Array, batch);
  for (let r = 0; r < batch; r++) perSample[r] = lse[r] - X[r * classes + labels[r]];
  const { data, shape } = reduce('crossEntropy', perSample, reduction, logits.dtype);
  return Tensor.fromOp('crossEntropy', data, shape, [logits], (g) => {
    const gx = gradBuffer(logits);
    for (let r = 0; r < batch; r++) {
      const w = sampleWeight(g, r, batch, reduction);
      for (let c = 0; c < classes; c++) {
        const k = r * classes + c;
        gx[k] += w * (fdlibm.exp(X[k] - lse[r]) - (c === labels[r] ? 1 : 0));
      }
    }
  });
}

/**
 * KL(P‖Q) between probability rows [batch, classes]: Σ_c P (ln P − ln Q) per row, with both clipped to
 * [eps, 1] first as the reference does (the gradient is zero where a value was clipped). Mean over rows by default.
 */
export function klDivergence(p: Tensor, q: Tensor, reduction: Reduction = 'mean', eps = 1e-8): Tensor {
  if (p.rank !== 2 || q.rank !== 2 || p.shape[0] !== q.shape[0] || p.shape[1] !== q.shape[1]) {
    throw new ShapeError(
      `klDivergence: P and Q must be equally shaped [batch, classes], got ${formatShape(p.shape)} and ${formatShape(q.shape)}`,
    );
  }
  const [batch, classes] = p.shape;
  const clip = (v: number): number => (v < eps ? eps : v > 1 ? 1 : v);
  const inside = (v: number): number => (v < eps || v > 1 ? 0 : 1);
  const P = p.data;
  const Q = q.data;
  const perSample = scratch(Float64Array, batch);
  for (let r = 0; r < batch; r++) {
    let s = 0;
    for (let c = 0; c < classes; c++) {
      const pv = clip(P[r * classes + c]);
      s += pv * (fdlibm.log(pv) - fdlibm.log(clip(Q[r * classes + c])));
    }
    perSample[r] = s;
  }
  const { data, shape } = reduce('klDivergence', perSample, reduction, p.dtype);
  return Tensor.fromOp('klDivergence', data, shape, [p, q], (g) => {
    const gp = p.requiresGrad ? gradBuffer(p) : null;
    const gq = q.requiresGrad ? gradBuffer(q) : null;
    for (let r = 0; r < batch; r++) {
      const w = sampleWeight(g, r, batch, reduction);
      for (let c = 0; c < classes; c++) {
        const k = r * classes + c;
        const pv = clip(P[k]);
        const qv = clip(Q[k]);
        if (gp !== null) gp[k] += w * inside(P[k]) * (fdlibm.log(pv) - fdlibm.log(qv) + 1);
        if (gq !== null) gq[k] -= w * inside(Q[k]) * (pv / qv);
      }
    }
  });
}
