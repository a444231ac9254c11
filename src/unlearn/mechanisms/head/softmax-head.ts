import { QunlearnError } from '../../../core/errors.js';
import * as fdlibm from '../../../core/math.js';

/**
 * The numerics of a linear softmax head W ∈ ℝ^{C×d} (row-major, entry (c, j) at c·d + j) on fixed features: the
 * cross-entropy of z = W x, its gradient (p − e_y) xᵀ and its Hessian A(z) ⊗ x xᵀ with A(z) = diag(p) − p pᵀ. The
 * features of every dataset row are held in one array, so row sets are lists of dataset row ids.
 */
export interface HeadData {
  /** Features of every dataset row, [rows, d] row-major, each of norm ≤ 1. */
  x: Float64Array;
  d: number;
  labels: Int32Array;
  classes: number;
}

/** Logits z = W x of one row into `out` (length C). */
export function rowLogits(W: Float64Array, data: HeadData, id: number, out: Float64Array): void {
  const { d, classes, x } = data;
  const at = id * d;
  for (let c = 0; c < classes; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += W[c * d + j] * x[at + j];
    out[c] = s;
  }
}

/** Softmax of logits in place; returns log Σ exp (the log-partition), for the loss. */
export function softmaxInPlace(z: Float64Array): number {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = fdlibm.exp(z[c] - max);
    sum += z[c];
  }
  for (let c = 0; c < z.length; c++) z[c] /= sum;
  return max + fdlibm.log(sum);
}

/** Σ_{i∈rows} ℓ(W x_i, y_i) and its gradient Σ (p_i − e_{y_i}) x_iᵀ (added into `gradient` when given). */
export function lossAndGradient(
  W: Float64Array,
  data: HeadData,
  rows: ArrayLike<number>,
  gradient?: Float64Array,
): number {
  const { d, classes, x, labels } = data;
  const z = new Float64Array(classes);
  let loss = 0;
  for (let r = 0; r < rows.length; r++) {
    const id = rows[r];
    rowLogits(W, data, id, z);
    const y = labels[id];
    const logit = z[y];
    loss += softmaxInPlace(z) - logit;
    if (gradient === undefined) continue;
    z[y] -= 1;
    const at = id * d;
    for (let c = 0; c < classes; c++) {
      const g = z[c];
      if (g === 0) continue;
      for (let j = 0; j < d; j++) gradient[c * d + j] += g * x[at + j];
    }
  }
  return loss;
}

/**
 * Adds `sign` · Σ_{i∈rows} A(z_i) ⊗ x_i x_iᵀ to the p×p matrix H (p = C·d), with z_i = W x_i: the Hessian of the summed
 * cross-entropy (sign +1) or its removal (sign −1). Only the upper triangle of each class block pair is computed; the
 * result is kept symmetric.
 */
export function accumulateHessian(
  H: Float64Array,
  W: Float64Array,
  data: HeadData,
  rows: ArrayLike<number>,
  sign: 1 | -1,
): void {
  const { d, classes, x } = data;
  const p = classes * d;
  const z = new Float64Array(classes);
  const outer = new Float64Array(d * d);
  for (let r = 0; r < rows.length; r++) {
    const id = rows[r];
    rowLogits(W, data, id, z);
    softmaxInPlace(z);
    const at = id * d;
    for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) outer[j * d + k] = x[at + j] * x[at + k];
    for (let c = 0; c < classes; c++) {
      for (let e = c; e < classes; e++) {
        const a = sign * ((c === e ? z[c] : 0) - z[c] * z[e]);
        if (a === 0) continue;
        for (let j = 0; j < d; j++) {
          const row = (c * d + j) * p + e * d;
          for (let k = 0; k < d; k++) H[row + k] += a * outer[j * d + k];
        }
      }
    }
  }
  symmetriseBlocks(H, classes, d);
}

/** Copies each upper class block (c, e > c) to its transpose (e, c). */
function symmetriseBlocks(H: Float64Array, classes: number, d: number): void {
  const p = classes * d;
  for (let c = 0; c < classes; c++) {
    for (let e = c + 1; e < classes; e++) {
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++) H[(e * d + k) * p + c * d + j] = H[(c * d + j) * p + e * d + k];
    }
  }
}

/** Adds `value` to the diagonal of a p×p matrix. */
export function addToDiagonal(H: Float64Array, p: number, value: number): void {
  for (let i = 0; i < p; i++) H[i * p + i] += value;
}

/**
 * Solves H s = b for a symmetric positive-definite H by a Cholesky factorisation of a copy (H is left as it is; the
 * copy goes to `scratch` when given, so repeated solves allocate nothing large). A matrix that is not positive
 * definite is a bug upstream (the L2 term keeps every Hessian here definite).
 */
export function choleskySolve(H: Float64Array, b: Float64Array, scratch?: Float64Array): Float64Array {
  const p = b.length;
  const L = scratch ?? new Float64Array(H.length);
  L.set(H);
  for (let j = 0; j < p; j++) {
    let diag = L[j * p + j];
    for (let k = 0; k < j; k++) diag -= L[j * p + k] * L[j * p + k];
    if (!(diag > 0))
      throw new QunlearnError('numeric', `choleskySolve: the matrix is not positive definite (pivot ${j}: ${diag})`);
    const root = Math.sqrt(diag);
    L[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let s = L[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / root;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * y[k];
    y[i] = s / L[i * p + i];
  }
  const s = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let t = y[i];
    for (let k = i + 1; k < p; k++) t -= L[k * p + i] * s[k];
    s[i] = t / L[i * p + i];
  }
  return s;
}

/** Euclidean norm. */
export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * The objective-perturbed, L2-regularised loss of Guo et al. (2020) on a row set D:
 * L_b(W; D) = Σ_{i∈D} ℓ(W x_i, y_i) + (λ·|D| / 2)·‖W‖² + ⟨b, W⟩, with its gradient (when asked).
 */
export function perturbedObjective(
  W: Float64Array,
  data: HeadData,
  rows: ArrayLike<number>,
  lambda: number,
  b: Float64Array,
  gradient?: Float64Array,
): number {
  const n = rows.length;
  let value = lossAndGradient(W, data, rows, gradient);
  for (let i = 0; i < W.length; i++) {
    value += 0.5 * lambda * n * W[i] * W[i] + b[i] * W[i];
    if (gradient !== undefined) gradient[i] += lambda * n * W[i] + b[i];
  }
  return value;
}

/** The gradient norm ‖∇L_b(W; D)‖ (what the certified-removal bound must dominate). */
export function perturbedGradientNorm(
  W: Float64Array,
  data: HeadData,
  rows: ArrayLike<number>,
  lambda: number,
  b: Float64Array,
): number {
  const g = new Float64Array(W.length);
  perturbedObjective(W, data, rows, lambda, b, g);
  return norm(g);
}

/** The Hessian of L_b on D at W: Σ A(z_i) ⊗ x_i x_iᵀ + λ|D|·I. */
export function perturbedHessian(
  W: Float64Array,
  data: HeadData,
  rows: ArrayLike<number>,
  lambda: number,
): Float64Array {
  const p = W.length;
  const H = new Float64Array(p * p);
  accumulateHessian(H, W, data, rows, 1);
  addToDiagonal(H, p, lambda * rows.length);
  return H;
}

/**
 * The exact minimiser of the strongly convex L_b on D by damped Newton steps (backtracking on the Armijo condition)
 * from W = 0, to a gradient norm of `tolerance` or until no step improves; returns W and the final gradient norm,
 * which a certified mechanism counts in its budget (the minimiser is never exact in floating point).
 */
export function minimisePerturbed(
  data: HeadData,
  rows: ArrayLike<number>,
  lambda: number,
  b: Float64Array,
  tolerance = 1e-11,
): { W: Float64Array; gradientNorm: number; iterations: number } {
  const p = b.length;
  let W = new Float64Array(p);
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    const g = new Float64Array(p);
    const value = perturbedObjective(W, data, rows, lambda, b, g);
    if (norm(g) <= tolerance * Math.max(1, rows.length)) break;
    const step = choleskySolve(perturbedHessian(W, data, rows, lambda), g);
    let slope = 0;
    for (let i = 0; i < p; i++) slope -= g[i] * step[i];
    let t = 1;
    let next = W;
    for (; t > 1e-10; t /= 2) {
      next = W.map((w, i) => w - t * step[i]);
      if (perturbedObjective(next, data, rows, lambda, b) <= value + 0.25 * t * slope) break;
    }
    if (t <= 1e-10) break;
    W = next;
  }
  return { W, gradientNorm: perturbedGradientNorm(W, data, rows, lambda, b), iterations };
}
