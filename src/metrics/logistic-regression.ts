import { QunlearnError, ShapeError } from '../core/errors.js';
import * as fdlibm from '../core/math.js';

/**
 * Binary logistic regression with L2 regularisation, fitted by Newton's method (IRLS) with a backtracking line
 * search: deterministic, and converged to machine precision in a handful of iterations for the few features a
 * membership attack uses. Features are standardised with the training data's mean and standard deviation (kept in
 * the model and applied to new data) so that one regularisation strength suits features of any scale.
 *
 * Objective: (1/n) Σ_i [ln(1 + e^{z_i}) − y_i z_i] + (λ/2)‖w‖², z_i = w·x̃_i + b, x̃ the standardised features.
 * The intercept b is not penalised. λ > 0 keeps the optimum finite on separable data.
 */

/** Options of fitLogisticRegression. */
export interface LogisticRegressionOptions {
  /** L2 strength λ on the mean-loss scale (1e-2 ≈ scikit-learn's C = 1 for 100 samples). Default 1e-2. */
  readonly l2?: number;
  /** Newton iterations at most. Default 100. */
  readonly maxIterations?: number;
  /** Stop when half the squared Newton decrement falls below this. Default 1e-12. */
  readonly tolerance?: number;
}

/** A fitted model: standardisation plus weights on the standardised features. */
export interface LogisticRegressionModel {
  readonly dims: number;
  /** Per-feature mean of the training data. */
  readonly mean: Float64Array;
  /** Per-feature standard deviation of the training data (1 for a constant feature, which then carries no signal). */
  readonly scale: Float64Array;
  readonly weights: Float64Array;
  readonly bias: number;
  readonly iterations: number;
  /**
   * True when the Newton decrement fell below the tolerance, false when maxIterations ran out first. With λ = 0 on
   * separable data the objective still converges (to 0) while the weights grow: use λ > 0 for a meaningful fit.
   */
  readonly converged: boolean;
}

/** Added to the Newton system's diagonal only, so a singular Hessian (λ = 0, constant feature) still solves. */
const NEWTON_JITTER = 1e-12;

/** Fits P(y = 1 | x) = σ(w·x̃ + b) to n × dims row-major features and 0/1 labels. */
export function fitLogisticRegression(
  features: Float64Array,
  dims: number,
  labels: Int32Array,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const l2 = options.l2 ?? 1e-2;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-12;
  const n = checkFeatures('fitLogisticRegression', features, dims);
  if (labels.length !== n) {
    throw new ShapeError(`fitLogisticRegression: labels has ${labels.length} entries but features has ${n} rows`);
  }
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new QunlearnError('value', `fitLogisticRegression: labels[${i}] = ${labels[i]} is not 0 or 1`);
    }
    positives += labels[i];
  }
  if (positives === 0 || positives === n) {
    throw new QunlearnError(
      'value',
      `fitLogisticRegression: labels must contain both 0 and 1, got ${positives} ones out of ${n}`,
    );
  }
  if (!(l2 >= 0 && Number.isFinite(l2)))
    throw new QunlearnError('value', `fitLogisticRegression: l2 must be >= 0, got ${l2}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new QunlearnError(
      'value',
      `fitLogisticRegression: maxIterations must be an integer >= 1, got ${maxIterations}`,
    );
  }
  if (!(tolerance > 0))
    throw new QunlearnError('value', `fitLogisticRegression: tolerance must be > 0, got ${tolerance}`);

  const { mean, scale } = standardisation(features, n, dims);
  const x = standardise(features, n, dims, mean, scale);
  const d = dims + 1; // the last parameter is the intercept
  const theta = new Float64Array(d);
  const z = new Float64Array(n);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  const trial = new Float64Array(d);
  let iterations = 0;
  let converged = false;
  let objective = objectiveAt(x, labels, n, dims, theta, l2, z);
  while (iterations < maxIterations) {
    iterations++;
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]);
      const r = (p - labels[i]) / n;
      const w = (p * (1 - p)) / n;
      const row = i * dims;
      for (let a = 0; a < d; a++) {
        const xa = a < dims ? x[row + a] : 1;
        grad[a] += r * xa;
        for (let b = 0; b <= a; b++) hess[a * d + b] += w * xa * (b < dims ? x[row + b] : 1);
      }
    }
    for (let a = 0; a < dims; a++) {
      grad[a] += l2 * theta[a];
      hess[a * d + a] += l2;
    }
    for (let a = 0; a < d; a++) hess[a * d + a] += NEWTON_JITTER;
    const step = choleskySolve(hess, grad, d);
    let decrement = 0;
    for (let a = 0; a < d; a++) decrement += grad[a] * step[a];
    if (decrement / 2 < tolerance) {
      // Inside the quadratic region the full step is safe and squares the remaining error, so take it.
      for (let a = 0; a < d; a++) theta[a] -= step[a];
      converged = true;
      break;
    }
    // Backtracking (Armijo) line search along the Newton direction; a full step is taken near the optimum.
    let t = 1;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let a = 0; a < d; a++) trial[a] = theta[a] - t * step[a];
      const candidate = objectiveAt(x, labels, n, dims, trial, l2, z);
      if (candidate <= objective - 1e-4 * t * decrement) {
        objective = candidate;
        theta.set(trial);
        break;
      }
      t *= 0.5;
    }
    if (t < 2 ** -59) {
      // No decrease is representable any more: the current point is optimal to rounding.
      converged = true;
      break;
    }
  }
  return { dims, mean, scale, weights: theta.slice(0, dims), bias: theta[dims], iterations, converged };
}

/** The linear score w·x̃ + b of each row (> 0 means P(y = 1) > 0.5); monotone in the probability, so usable for AUC. */
export function logisticDecision(model: LogisticRegressionModel, features: Float64Array): Float64Array {
  const n = checkFeatures('logisticDecision', features, model.dims);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = model.bias;
    for (let a = 0; a < model.dims; a++) {
      s += (model.weights[a] * (features[i * model.dims + a] - model.mean[a])) / model.scale[a];
    }
    out[i] = s;
  }
  return out;
}

/** P(y = 1 | x) of each row. */
export function logisticProbabilities(model: LogisticRegressionModel, features: Float64Array): Float64Array {
  return logisticDecision(model, features).map(sigmoid);
}

function checkFeatures(fn: string, features: Float64Array, dims: number): number {
  if (!Number.isInteger(dims) || dims < 1)
    throw new QunlearnError('value', `${fn}: dims must be an integer >= 1, got ${dims}`);
  if (features.length === 0 || features.length % dims !== 0) {
    throw new ShapeError(
      `${fn}: features has ${features.length} values, not a non-empty whole number of rows of ${dims}`,
    );
  }
  for (let k = 0; k < features.length; k++) {
    if (!Number.isFinite(features[k])) {
      throw new QunlearnError(
        'value',
        `${fn}: features[${Math.floor(k / dims)}, ${k % dims}] = ${features[k]} is not finite`,
      );
    }
  }
  return features.length / dims;
}

function standardisation(features: Float64Array, n: number, dims: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims);
  for (let i = 0; i < n; i++) for (let a = 0; a < dims; a++) mean[a] += features[i * dims + a] / n;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dims; a++) {
      const dv = features[i * dims + a] - mean[a];
      scale[a] += (dv * dv) / n;
    }
  }
  for (let a = 0; a < dims; a++) scale[a] = scale[a] > 0 ? Math.sqrt(scale[a]) : 1;
  return { mean, scale };
}

function standardise(
  features: Float64Array,
  n: number,
  dims: number,
  mean: Float64Array,
  scale: Float64Array,
): Float64Array {
  const out = new Float64Array(n * dims);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dims; a++) out[i * dims + a] = (features[i * dims + a] - mean[a]) / scale[a];
  return out;
}

/** Objective at theta; writes the linear scores into z as a side product for the next Newton step. */
function objectiveAt(
  x: Float64Array,
  labels: Int32Array,
  n: number,
  dims: number,
  theta: Float64Array,
  l2: number,
  z: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = theta[dims];
    for (let a = 0; a < dims; a++) s += theta[a] * x[i * dims + a];
    z[i] = s;
    total += softplus(s) - labels[i] * s;
  }
  let penalty = 0;
  for (let a = 0; a < dims; a++) penalty += theta[a] * theta[a];
  return total / n + 0.5 * l2 * penalty;
}

/** ln(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(fdlibm.exp(-z)) : Math.log1p(fdlibm.exp(z));
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + fdlibm.exp(-z));
  const e = fdlibm.exp(z);
  return e / (1 + e);
}

/** Solves A s = g for symmetric positive-definite A given by its lower triangle (d × d, row-major). */
function choleskySolve(a: Float64Array, g: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = i === j ? Math.sqrt(Math.max(s, NEWTON_JITTER)) : s / l[j * d + j];
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = g[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * y[k];
    y[i] = s / l[i * d + i];
  }
  const s = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let v = y[i];
    for (let k = i + 1; k < d; k++) v -= l[k * d + i] * s[k];
    s[i] = v / l[i * d + i];
  }
  return s;
}
