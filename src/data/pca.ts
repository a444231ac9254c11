import { QunlearnError } from '../core/errors.js';
import { gemm, view } from '../core/kernels/gemm.js';
import { topEigen } from './eigen.js';
import { checkRows } from './scaling.js';

/**
 * A fitted PCA as plain JSON-serialisable data, so it can be saved with a model. Components are unit vectors
 * (rows), ordered by decreasing variance, each signed so that its largest-magnitude entry is positive (this differs
 * from scikit-learn's `svd_flip` convention, so individual components may have the opposite sign to sklearn's).
 */
export interface Pca {
  kind: 'pca';
  /** Per-feature mean of the fitted rows. */
  mean: number[];
  /** k rows of length d: the principal axes. */
  components: number[][];
  /** Variance along each component (eigenvalues of the covariance with the n − 1 denominator, as sklearn). */
  explainedVariance: number[];
  /** Fraction of the total variance (trace of the covariance) along each component. */
  explainedVarianceRatio: number[];
}

/** Options of {@link fitPca}. */
export interface PcaOptions {
  /** Number of components k (1..min(rows, features)). */
  components: number;
  /** Rows to fit on; default: all. */
  rows?: Int32Array;
}

/** Block size of the covariance product: blocks above the diagonal are skipped, halving its cost. */
const COV_BLOCK = 64;

/** Fits PCA on the given rows of an n × d row-major matrix: centre, covariance, top-k symmetric eigenpairs. */
export function fitPca(x: Float64Array, numFeatures: number, options: PcaOptions): Pca {
  const rows = checkRows('fitPca', x, numFeatures, options.rows);
  const d = numFeatures;
  const m = rows.length;
  const k = options.components;
  if (m < 2) throw new QunlearnError('config', `fitPca: needs at least 2 rows to estimate a covariance, got ${m}`);
  if (!Number.isInteger(k) || k < 1 || k > Math.min(m, d)) {
    throw new QunlearnError(
      'config',
      `fitPca: components must be an integer in 1..${Math.min(m, d)} (min of ${m} rows and ${d} features), got ${k}`,
    );
  }
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += x[r * d + j];
  for (let j = 0; j < d; j++) mean[j] /= m;
  // The centred rows are stored transposed (d × m) so that both operands of the product stream along m, the
  // layout the GEMM kernel reads fastest; only the blocks on and above the diagonal are computed, then mirrored.
  const centredT = new Float64Array(d * m);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) centredT[j * m + i] = x[r * d + j] - mean[j];
  });
  const cov = new Float64Array(d * d);
  for (let i0 = 0; i0 < d; i0 += COV_BLOCK) {
    const bi = Math.min(COV_BLOCK, d - i0);
    for (let j0 = i0; j0 < d; j0 += COV_BLOCK) {
      const bj = Math.min(COV_BLOCK, d - j0);
      gemm(bi, bj, m, view(centredT, m, false, i0 * m), view(centredT, m, true, j0 * m), cov, i0 * d + j0, d, false);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i];
  let trace = 0;
  for (let i = 0; i < cov.length; i++) cov[i] /= m - 1;
  for (let j = 0; j < d; j++) trace += cov[j * d + j];
  const { values, vectors } = topEigen(cov, d, k);
  const components = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, j) => vectors[j * k + c]));
  // Round-off can leave a zero eigenvalue slightly negative; a variance is never below 0.
  const explainedVariance = Array.from(values, (v) => Math.max(0, v));
  return {
    kind: 'pca',
    mean: Array.from(mean),
    components,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (trace > 0 ? v / trace : 0)),
  };
}

/** Projects every row of an n × d matrix onto the fitted components: (x − mean) · componentsᵀ, an n × k matrix. */
export function transformPca(pca: Pca, x: Float64Array): Float64Array {
  const { d, k, comps } = unpack(pca);
  if (x.length % d !== 0)
    throw new QunlearnError(
      'shape',
      `transformPca: the PCA was fitted on ${d} features, but the input has ${x.length} values, not a multiple of ${d}`,
    );
  const n = x.length / d;
  const centred = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) centred[i] = x[i] - pca.mean[i % d];
  const out = new Float64Array(n * k);
  gemm(n, k, d, view(centred, d), view(comps, d, true), out, 0, k, false);
  return out;
}

/** Maps n × k component scores back to the n × d input space: z · components + mean (the PCA reconstruction). */
export function inverseTransformPca(pca: Pca, z: Float64Array): Float64Array {
  const { d, k, comps } = unpack(pca);
  if (z.length % k !== 0)
    throw new QunlearnError(
      'shape',
      `inverseTransformPca: expected rows of ${k} component scores, got ${z.length} values`,
    );
  const n = z.length / k;
  const out = new Float64Array(n * d);
  gemm(n, d, k, view(z, k), view(comps, d), out, 0, d, false);
  for (let i = 0; i < out.length; i++) out[i] += pca.mean[i % d];
  return out;
}

/** Checks a (possibly deserialised) PCA's shapes and returns its components as one k × d array. */
function unpack(pca: Pca): { d: number; k: number; comps: Float64Array } {
  const d = pca.mean.length;
  const k = pca.components.length;
  if (d === 0 || k === 0 || pca.components.some((c) => c.length !== d)) {
    throw new QunlearnError(
      'shape',
      `PCA parameters are inconsistent: mean has ${d} values and the ${k} components must each have ${d}`,
    );
  }
  return { d, k, comps: Float64Array.from(pca.components.flat()) };
}
