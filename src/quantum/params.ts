import type { Circuit, ParamSource } from './circuit.js';

/** Values to show or bind for a circuit's parameters (one sample's inputs, the flat weights). */
export interface BoundValues {
  inputs?: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/** The multi-index of a flat weight index in the weight tensor (row-major), e.g. 13 -> [1, 0, 1] for [2, 3, 4]. */
export function weightIndex(circuit: Circuit, flat: number): number[] {
  const idx: number[] = [];
  for (let d = circuit.weightShape.length - 1; d >= 0; d--) {
    idx.unshift(flat % circuit.weightShape[d]);
    flat = Math.floor(flat / circuit.weightShape[d]);
  }
  return idx;
}

/** A parameter's bound value, or null when it is an input or weight without a value. */
export function boundValue(src: ParamSource, values: BoundValues): number | null {
  if (src.kind === 'const') return src.value;
  const array = src.kind === 'input' ? values.inputs : values.weights;
  return array === undefined ? null : array[src.index];
}
