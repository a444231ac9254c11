import type { Module } from './module.js';

/** Runs `fn` with the model in training (`true`) or evaluation mode, restoring its previous mode even if `fn` throws. */
export function withMode<T>(model: Module, training: boolean, fn: () => T): T {
  const was = model.training;
  model.train(training);
  try {
    return fn();
  } finally {
    model.train(was);
  }
}

/** Runs `fn` in evaluation mode (batch norm on running statistics, no dropout), then restores the model's mode. */
export function inEvalMode<T>(model: Module, fn: () => T): T {
  return withMode(model, false, fn);
}
