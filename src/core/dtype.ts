import { scratch } from './workspace.js';

/** Element types of classical tensors. float64 is the default: V8 computes in doubles, so Float64Array avoids a
 * conversion on every load and store and measured faster in our GEMM kernel (5.6 vs 3.9 GFLOP/s). */
export type DType = 'float32' | 'float64';

/** The typed arrays that back tensors. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A zero-filled array of the given element type; inside a step scope, a recycled one that lives until the step
 * ends (see `stepScope`).
 */
export function allocate(dtype: DType, n: number): FloatArray {
  return dtype === 'float32' ? scratch(Float32Array, n) : scratch(Float64Array, n);
}

/** The element type of an array. */
export function dtypeOf(a: FloatArray): DType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** The wider of two element types (float64 wins), used when ops mix dtypes. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}
