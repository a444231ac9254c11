import { Rng } from '../../src/core/random.js';
import type { HeadData } from '../../src/unlearn/mechanisms/head/softmax-head.js';

/** Random separable-ish head data: `n` rows of `d` features (last one constant), norms ≤ 1, `classes` classes. */
export function randomHeadData(n: number, d: number, classes: number, seed: number): HeadData {
  const rng = new Rng(seed, 'head-data');
  const centres = Array.from({ length: classes }, () => Array.from({ length: d - 1 }, () => rng.normal()));
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = rng.int(classes);
    labels[i] = y;
    const v = centres[y].map((c) => c + 0.8 * rng.normal());
    const length = Math.max(1, Math.hypot(...v));
    for (let j = 0; j < d - 1; j++) x[i * d + j] = v[j] / length / Math.SQRT2;
    x[i * d + d - 1] = Math.SQRT1_2;
  }
  return { x, d, labels, classes };
}
