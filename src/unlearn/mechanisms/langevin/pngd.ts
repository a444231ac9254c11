import type { Rng } from '../../../core/random.js';
import { rowLogits, softmaxInPlace, type HeadData } from '../head/softmax-head.js';

/** Settings of projected noisy gradient descent on the linear softmax head. */
export interface PngdSettings {
  lambda: number;
  eta: number;
  sigma: number;
  /** Projection radius R: every iterate is projected onto the ball ‖W‖ ≤ R. */
  radius: number;
  /** Per-sample gradient clipping bound M. */
  clip: number;
}

/** Projects W onto the ball of radius R in place. */
export function projectOntoBall(W: Float64Array, radius: number): void {
  let sq = 0;
  for (const w of W) sq += w * w;
  const length = Math.sqrt(sq);
  if (length > radius) for (let i = 0; i < W.length; i++) W[i] *= radius / length;
}

/**
 * The mean of the per-sample gradients of f(W; d) = ℓ(W x̃, y) + (λ/2)‖W‖², each clipped to norm M (a clip that
 * never binds when M is the Lipschitz bound of f on the ball, as for the certified head).
 */
export function clippedMeanGradient(
  W: Float64Array,
  data: HeadData,
  rows: Int32Array,
  lambda: number,
  clip: number,
  out: Float64Array,
): void {
  const { d, classes, x, labels } = data;
  out.fill(0);
  let wSquared = 0;
  for (const w of W) wSquared += w * w;
  const z = new Float64Array(classes);
  const logits = new Float64Array(classes);
  let regWeight = 0;
  for (const id of rows) {
    rowLogits(W, data, id, z);
    logits.set(z);
    softmaxInPlace(z);
    z[labels[id]] -= 1;
    let xx = 0;
    for (let j = 0; j < d; j++) xx += x[id * d + j] * x[id * d + j];
    let ee = 0;
    let cross = 0;
    for (let c = 0; c < classes; c++) {
      ee += z[c] * z[c];
      cross += z[c] * logits[c];
    }
    const gradNorm = Math.sqrt(Math.max(0, ee * xx + 2 * lambda * cross + lambda * lambda * wSquared));
    const scale = gradNorm > clip ? clip / gradNorm : 1;
    regWeight += scale;
    for (let c = 0; c < classes; c++) {
      const g = scale * z[c];
      if (g === 0) continue;
      for (let j = 0; j < d; j++) out[c * d + j] += g * x[id * d + j];
    }
  }
  for (let i = 0; i < W.length; i++) out[i] = (out[i] + regWeight * lambda * W[i]) / rows.length;
}

/** Runs `steps` of W ← Π_R(W − η·g(W) + √(2ησ²)·ξ) in place, the noise ξ from `rng`. */
export function runPngd(
  W: Float64Array,
  data: HeadData,
  rows: Int32Array,
  settings: PngdSettings,
  steps: number,
  rng: Rng,
): void {
  const g = new Float64Array(W.length);
  const noise = Math.sqrt(2 * settings.eta * settings.sigma * settings.sigma);
  for (let t = 0; t < steps; t++) {
    clippedMeanGradient(W, data, rows, settings.lambda, settings.clip, g);
    for (let i = 0; i < W.length; i++) W[i] += -settings.eta * g[i] + noise * rng.normal();
    projectOntoBall(W, settings.radius);
  }
}
