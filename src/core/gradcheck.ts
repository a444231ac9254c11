import { Rng } from './random.js';
import { noGrad, type Tensor } from './tensor.js';

/** Tolerances and step of {@link gradcheck}. */
export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
}

/** The worst disagreement found by {@link gradcheck}. */
export interface GradcheckReport {
  ok: boolean;
  maxAbsError: number;
  /** Where the worst error was: input index, element index, analytic and numeric values. */
  worst: { input: number; element: number; analytic: number; numeric: number } | null;
  checked: number;
}

/**
 * Compares reverse-mode gradients with central finite differences, in float64. The output is contracted with a
 * fixed random vector w so that one backward pass checks the full vector-Jacobian product: L = Σ w ⊙ f(inputs).
 * Every element of every input with requiresGrad is perturbed by ±eps.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-4;
  for (const t of inputs) {
    if (t.dtype !== 'float64')
      throw new Error('gradcheck: inputs must be float64 (float32 differences are too coarse)');
  }
  const probe = noGrad(() => fn(...inputs));
  const w = new Rng(options.seed ?? 1234, 'gradcheck').fillUniform(new Float64Array(probe.size), -1, 1);
  const objective = (): number => {
    const out = noGrad(() => fn(...inputs));
    let s = 0;
    for (let i = 0; i < out.size; i++) s += w[i] * out.data[i];
    return s;
  };
  for (const t of inputs) t.grad = null;
  const out = fn(...inputs);
  out.backward(w);
  let maxAbsError = 0;
  let worst: GradcheckReport['worst'] = null;
  let ok = true;
  let checked = 0;
  inputs.forEach((t, k) => {
    if (!t.requiresGrad) return;
    const analytic = t.grad ?? new Float64Array(t.size);
    for (let i = 0; i < t.size; i++) {
      const saved = t.data[i];
      t.data[i] = saved + eps;
      const plus = objective();
      t.data[i] = saved - eps;
      const minus = objective();
      t.data[i] = saved;
      const numeric = (plus - minus) / (2 * eps);
      const err = Math.abs(analytic[i] - numeric);
      checked++;
      if (err > atol + rtol * Math.abs(numeric)) ok = false;
      if (err >= maxAbsError) {
        maxAbsError = err;
        worst = { input: k, element: i, analytic: analytic[i], numeric };
      }
    }
  });
  return { ok, maxAbsError, worst, checked };
}
