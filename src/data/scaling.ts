import { QunlearnError } from '../core/errors.js';

/**
 * A fitted min-max scaler with scikit-learn's `MinMaxScaler` semantics, as plain JSON-serialisable data so it can
 * be saved with a model: x' = x · scale + min per feature, where scale = (hi − lo) / (dataMax − dataMin) and
 * min = lo − dataMin · scale. A constant feature (range below 10·machine epsilon) gets scale hi − lo, as in
 * scikit-learn, so its fitted value maps to the lower bound lo.
 */
export interface MinMaxScaler {
  kind: 'minmax';
  /** Target range [lo, hi]. */
  featureRange: [number, number];
  /** Whether transformed values are clipped to the target range (scikit-learn's `clip`; default false). */
  clip: boolean;
  dataMin: number[];
  dataMax: number[];
  scale: number[];
  min: number[];
}

/** Options of {@link fitMinMax}. */
export interface MinMaxOptions {
  /** Rows to fit on (the `sound` preset passes the training rows; the `paper` preset all rows). Default: all. */
  rows?: Int32Array;
  /** Target range; default [−π, π], the angle range of the reference's encoding. */
  range?: [number, number];
  /** Clip transformed values to the range (rows outside the fitted ones can otherwise fall outside it). */
  clip?: boolean;
}

/** Fits a per-feature min-max scaler on the given rows of an n × numFeatures row-major matrix. */
export function fitMinMax(x: Float64Array, numFeatures: number, options: MinMaxOptions = {}): MinMaxScaler {
  const [lo, hi] = options.range ?? [-Math.PI, Math.PI];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new QunlearnError(
      'config',
      `fitMinMax: range must be two finite numbers [lo, hi] with lo < hi, got [${lo}, ${hi}]`,
    );
  }
  const rows = checkRows('fitMinMax', x, numFeatures, options.rows);
  const dataMin = new Array<number>(numFeatures).fill(Infinity);
  const dataMax = new Array<number>(numFeatures).fill(-Infinity);
  for (const r of rows) {
    for (let j = 0; j < numFeatures; j++) {
      const v = x[r * numFeatures + j];
      if (v < dataMin[j]) dataMin[j] = v;
      if (v > dataMax[j]) dataMax[j] = v;
    }
  }
  const scale = dataMin.map((mn, j) => {
    const range = dataMax[j] - mn;
    return (hi - lo) / (range < 10 * Number.EPSILON ? 1 : range);
  });
  const min = dataMin.map((mn, j) => lo - mn * scale[j]);
  return { kind: 'minmax', featureRange: [lo, hi], clip: options.clip ?? false, dataMin, dataMax, scale, min };
}

/** Applies a fitted min-max scaler to every row of an n × numFeatures matrix (a new array). */
export function transformMinMax(scaler: MinMaxScaler, x: Float64Array): Float64Array {
  const m = scaler.scale.length;
  if (m === 0 || scaler.min.length !== m || x.length % m !== 0) {
    throw new QunlearnError(
      'shape',
      `transformMinMax: the scaler was fitted on ${m} features (min has ${scaler.min.length}), but the input has ${x.length} values, not a multiple of ${m}`,
    );
  }
  const [lo, hi] = scaler.featureRange;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += m) {
    for (let j = 0; j < m; j++) {
      // Multiply then add, in scikit-learn's order, so values match its output to the last bit.
      const v = x[i + j] * scaler.scale[j] + scaler.min[j];
      out[i + j] = scaler.clip ? Math.min(hi, Math.max(lo, v)) : v;
    }
  }
  return out;
}

/** Pixel bytes (0..255, as in IDX files) to values in [0, 1] (divided by 255, like torchvision's ToTensor). */
export function scalePixels(bytes: Uint8Array, out: Float64Array = new Float64Array(bytes.length)): Float64Array {
  if (out.length !== bytes.length) {
    throw new QunlearnError('shape', `scalePixels: output has ${out.length} values, input has ${bytes.length}`);
  }
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
  return out;
}

/**
 * Checks a row selection against an n × numFeatures matrix and returns it (all rows when none is given); shared by
 * the fitting functions so every fit reports bad input the same way.
 */
export function checkRows(
  what: string,
  x: Float64Array,
  numFeatures: number,
  rows: Int32Array | undefined,
): Int32Array {
  if (!Number.isInteger(numFeatures) || numFeatures <= 0 || x.length % numFeatures !== 0) {
    throw new QunlearnError('shape', `${what}: ${x.length} values do not form rows of ${numFeatures} features`);
  }
  const n = x.length / numFeatures;
  if (n === 0) throw new QunlearnError('config', `${what}: no rows to fit on`);
  if (rows === undefined) return Int32Array.from({ length: n }, (_, i) => i);
  if (rows.length === 0) throw new QunlearnError('config', `${what}: no rows to fit on`);
  for (const r of rows) {
    if (r < 0 || r >= n) throw new QunlearnError('config', `${what}: row id ${r} is out of range for ${n} rows`);
  }
  return rows;
}
