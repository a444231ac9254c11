import { QunlearnError } from '../core/errors.js';

/** A value and the wall-clock seconds it took to compute. */
export interface Timed<T> {
  readonly value: T;
  readonly seconds: number;
}

/** Wall-clock timing of a method against retraining from scratch. */
export interface TimingColumns {
  /** Seconds the method took. */
  readonly seconds: number;
  /** Seconds retraining (the oracle) took. */
  readonly retrain_seconds: number;
  /** retrain_seconds / seconds, or null when the method took no measurable time. */
  readonly speedup: number | null;
}

/** Runs `fn` once and returns its result with the wall-clock seconds it took (monotonic clock). */
export function measureWallClock<T>(fn: () => T): Timed<T> {
  const start = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/**
 * Speed-up over retraining: retrainSeconds / methodSeconds. A method faster than the clock's resolution has no
 * meaningful ratio, so a zero method time gives null rather than Infinity (which JSON and CSV cannot carry).
 */
export function speedupOverRetrain(retrainSeconds: number, methodSeconds: number): number | null {
  checkSeconds('speedupOverRetrain', 'retrainSeconds', retrainSeconds);
  checkSeconds('speedupOverRetrain', 'methodSeconds', methodSeconds);
  return methodSeconds === 0 ? null : retrainSeconds / methodSeconds;
}

/** The timing columns of one method: its seconds, retraining's seconds and the speed-up. */
export function timingColumns(methodSeconds: number, retrainSeconds: number): TimingColumns {
  return {
    seconds: methodSeconds,
    retrain_seconds: retrainSeconds,
    speedup: speedupOverRetrain(retrainSeconds, methodSeconds),
  };
}

function checkSeconds(fn: string, arg: string, seconds: number): void {
  if (!(seconds >= 0 && Number.isFinite(seconds))) {
    throw new QunlearnError('value', `${fn}: ${arg} must be a finite number of seconds >= 0, got ${seconds}`);
  }
}
