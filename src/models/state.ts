import { QunlearnError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import type { Module } from './module.js';

/** A copy of a model's parameters and buffers by name: what checkpoints store and early stopping restores. */
export interface ModelState {
  tensors: Map<string, { data: Float64Array; shape: number[] }>;
}

/** Copies every parameter and buffer of `model`. */
export function captureState(model: Module): ModelState {
  const tensors = new Map<string, { data: Float64Array; shape: number[] }>();
  for (const [name, p] of model.namedParameters())
    tensors.set(name, { data: Float64Array.from(p.data), shape: [...p.shape] });
  for (const [name, b] of model.namedBuffers())
    tensors.set(name, { data: Float64Array.from(b.data), shape: [...b.shape] });
  return { tensors };
}

/**
 * Writes a state into a model in place. Names and shapes must match exactly; otherwise the error lists what is
 * missing, unexpected and differently shaped, so a checkpoint built for another preset or circuit is obvious.
 */
export function restoreState(model: Module, state: ModelState, source = 'state'): void {
  const targets = new Map<string, { data: Float64Array | Float32Array; shape: readonly number[] }>();
  for (const [name, p] of model.namedParameters()) targets.set(name, p);
  for (const [name, b] of model.namedBuffers()) targets.set(name, b);
  const missing = [...targets.keys()].filter((n) => !state.tensors.has(n));
  const unexpected = [...state.tensors.keys()].filter((n) => !targets.has(n));
  const mismatched = [...targets.entries()]
    .filter(([n, t]) => state.tensors.has(n) && !shapesEqual(state.tensors.get(n)!.shape, t.shape))
    .map(
      ([n, t]) =>
        `${n} is ${formatShape(state.tensors.get(n)!.shape)} in ${source} but ${formatShape(t.shape)} in the model`,
    );
  if (missing.length + unexpected.length + mismatched.length > 0) {
    const parts = [
      missing.length ? `missing: ${missing.join(', ')}` : '',
      unexpected.length ? `unexpected: ${unexpected.join(', ')}` : '',
      ...mismatched,
    ].filter(Boolean);
    throw new QunlearnError(
      'checkpoint',
      `${source} does not fit this model (${parts.join('; ')}); was it saved for another preset or circuit?`,
    );
  }
  for (const [name, t] of targets) t.data.set(state.tensors.get(name)!.data);
}
