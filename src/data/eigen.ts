import { QunlearnError } from '../core/errors.js';
import { gemm, view } from '../core/kernels/gemm.js';
import { Rng } from '../core/random.js';

/** Eigenpairs of a symmetric matrix: values in descending order, vectors as the columns of a row-major n × k matrix. */
export interface Eigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * All eigenpairs of a symmetric n × n matrix (row-major) by cyclic Jacobi rotations.
 *
 * Why Jacobi: it is short, needs no tridiagonalisation, is backward stable and computes small eigenvalues and
 * eigenvectors to high relative accuracy, and it is deterministic. Its O(n³) cost per sweep (about 6-10 sweeps)
 * is negligible for the sizes it gets here: feature covariances of tabular data and the small projected matrices
 * of {@link topEigen}. Each rotation zeroes one off-diagonal pair using the stable tangent formula
 * t = sgn(θ) / (|θ| + √(θ² + 1)), θ = (a_qq − a_pp) / (2 a_pq) (Rutishauser 1966; Golub & Van Loan §8.5).
 */
export function jacobiEigen(matrix: Float64Array, n: number): Eigen {
  checkSquare('jacobiEigen', matrix, n);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let norm2 = 0;
  for (let i = 0; i < a.length; i++) norm2 += a[i] * a[i];
  const threshold = Number.EPSILON * Number.EPSILON * norm2;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += 2 * a[p * n + q] * a[p * n + q];
    if (off <= threshold) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t =
          Math.abs(theta) > 1e150
            ? 1 / (2 * theta)
            : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = a[p * n + k] = c * akp - s * akq;
          a[k * n + q] = a[q * n + k] = s * akp + c * akq;
        }
        a[p * n + p] -= t * apq;
        a[q * n + q] += t * apq;
        a[p * n + q] = a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const diag = Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
  return sortAndFix(diag, v, n, n, n);
}

/**
 * The k largest eigenpairs of a symmetric positive semi-definite n × n matrix (a covariance).
 *
 * Why subspace iteration: PCA of 784-pixel images needs a handful of components of a 784 × 784 covariance, and a
 * full Jacobi decomposition of that costs tens of GFLOP. Block power iteration on p = 2k + 8 columns with a
 * Rayleigh-Ritz step (a p × p Jacobi) converges for the wanted pairs at rate λ_{p+1}/λ_j per iteration, each
 * iteration costing one n × n × p product. The oversampling makes the rate small even when λ_k ≈ λ_{k+1}; if
 * convergence is still slow, p is doubled, up to p = n, where Rayleigh-Ritz on the whole space is exact. The start
 * block comes from a fixed seed, so the result never depends on the caller's randomness.
 */
export function topEigen(matrix: Float64Array, n: number, k: number, tolerance = 1e-11): Eigen {
  checkSquare('topEigen', matrix, n);
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new QunlearnError('config', `topEigen: number of eigenpairs must be an integer in 1..${n}, got ${k}`);
  }
  const rng = new Rng(0).stream('subspace-iteration-start');
  let p = Math.min(n, 2 * k + 8);
  let q = new Float64Array(n * p);
  rng.fillNormal(q);
  for (;;) {
    if (p === n) return keepTop(jacobiEigen(matrix, n), n, k);
    orthonormalize(q, n, p, rng);
    const w = new Float64Array(n * p);
    for (let iter = 0; iter < 60; iter++) {
      gemm(n, p, n, view(matrix, n), view(q, p), w, 0, p, false);
      const h = new Float64Array(p * p);
      gemm(p, p, n, view(q, p, true), view(w, p), h, 0, p, false);
      for (let i = 0; i < p; i++)
        for (let j = i + 1; j < p; j++) h[i * p + j] = h[j * p + i] = 0.5 * (h[i * p + j] + h[j * p + i]);
      const ritz = jacobiEigen(h, p);
      const qr = new Float64Array(n * p);
      const wr = new Float64Array(n * p);
      gemm(n, p, p, view(q, p), view(ritz.vectors, p), qr, 0, p, false);
      gemm(n, p, p, view(w, p), view(ritz.vectors, p), wr, 0, p, false);
      if (residualsConverged(qr, wr, ritz.values, n, p, k, tolerance)) {
        return sortAndFix(ritz.values.slice(0, k), qr, n, p, k);
      }
      q = wr;
      orthonormalize(q, n, p, rng);
    }
    const wider = Math.min(n, 2 * p);
    const grown = new Float64Array(n * wider);
    rng.fillNormal(grown);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) grown[i * wider + j] = q[i * p + j];
    q = grown;
    p = wider;
  }
}

/** True when ‖A v_j − θ_j v_j‖ ≤ tol · θ_max for the k wanted Ritz pairs (w = A·q, columns already rotated). */
function residualsConverged(
  q: Float64Array,
  w: Float64Array,
  theta: Float64Array,
  n: number,
  p: number,
  k: number,
  tol: number,
): boolean {
  const scale = tol * Math.max(Math.abs(theta[0]), Number.MIN_VALUE);
  for (let j = 0; j < k; j++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      const r = w[i * p + j] - theta[j] * q[i * p + j];
      r2 += r * r;
    }
    if (Math.sqrt(r2) > scale) return false;
  }
  return true;
}

/**
 * Orthonormalises the p columns of a row-major n × p block in place (modified Gram-Schmidt, applied twice, which
 * is enough for orthogonality to working precision). A column that vanishes (the block's span has dropped rank,
 * e.g. a covariance of rank < p) is replaced by a fresh random direction, so the block always spans p dimensions.
 */
function orthonormalize(q: Float64Array, n: number, p: number, rng: Rng): void {
  for (let j = 0; j < p; j++) {
    for (let attempt = 0; ; attempt++) {
      let before = 0;
      for (let i = 0; i < n; i++) before += q[i * p + j] * q[i * p + j];
      for (let pass = 0; pass < 2; pass++) {
        for (let m = 0; m < j; m++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += q[i * p + m] * q[i * p + j];
          for (let i = 0; i < n; i++) q[i * p + j] -= dot * q[i * p + m];
        }
      }
      let after = 0;
      for (let i = 0; i < n; i++) after += q[i * p + j] * q[i * p + j];
      if (after > 1e-20 * before && after > 0) {
        const inv = 1 / Math.sqrt(after);
        for (let i = 0; i < n; i++) q[i * p + j] *= inv;
        break;
      }
      if (attempt > 10)
        throw new QunlearnError(
          'numeric',
          `orthonormalize: cannot find ${p} independent directions in ${n} dimensions`,
        );
      for (let i = 0; i < n; i++) q[i * p + j] = rng.normal();
    }
  }
}

function keepTop(full: Eigen, n: number, k: number): Eigen {
  const vectors = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) vectors[i * k + j] = full.vectors[i * n + j];
  return { values: full.values.slice(0, k), vectors };
}

/**
 * Sorts pairs by descending eigenvalue, keeps the first k columns of the n × cols block, and fixes each vector's
 * sign so that its largest-magnitude component (the first, on ties) is positive: eigenvectors are only defined up to
 * sign, and a fixed convention makes PCA features reproducible.
 */
function sortAndFix(values: Float64Array, vecs: Float64Array, n: number, cols: number, k: number): Eigen {
  const order = Array.from(values.keys())
    .sort((i, j) => values[j] - values[i] || i - j)
    .slice(0, k);
  const outValues = Float64Array.from(order, (i) => values[i]);
  const vectors = new Float64Array(n * k);
  order.forEach((src, j) => {
    let big = 0;
    for (let i = 1; i < n; i++) if (Math.abs(vecs[i * cols + src]) > Math.abs(vecs[big * cols + src])) big = i;
    const sign = vecs[big * cols + src] < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) vectors[i * k + j] = sign * vecs[i * cols + src];
  });
  return { values: outValues, vectors };
}

function checkSquare(what: string, matrix: Float64Array, n: number): void {
  if (!Number.isInteger(n) || n < 1 || matrix.length !== n * n) {
    throw new QunlearnError(
      'shape',
      `${what}: expected a square ${n} × ${n} matrix (${n * n} values), got ${matrix.length} values`,
    );
  }
}
