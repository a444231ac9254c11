/**
 * Errors that qunlearn raises for bad input. The CLI prints their message alone (no stack trace), so every
 * message must say what was wrong and, where possible, how to fix it.
 */
export class QunlearnError extends Error {
  /** A short machine-readable category, e.g. 'shape', 'config', 'data'. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'QunlearnError';
    this.code = code;
  }
}

/** A tensor had the wrong rank, size or shape for an operation. */
export class ShapeError extends QunlearnError {
  constructor(message: string) {
    super('shape', message);
    this.name = 'ShapeError';
  }
}

/** True when `e` is an error qunlearn raised on purpose (as opposed to a bug). */
export function isQunlearnError(e: unknown): e is QunlearnError {
  return e instanceof QunlearnError;
}
