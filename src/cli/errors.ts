import { isQunlearnError } from '../core/errors.js';

/**
 * Runs a command action and turns expected failures into one clear line on stderr with exit code 1;
 * unexpected errors (bugs) keep their stack trace so they can be reported.
 */
export function runAction<A extends unknown[]>(
  action: (...args: A) => void | Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (isQunlearnError(e) && e.code === 'interrupted') {
        process.stderr.write(`qunlearn: ${e.message}\n`);
        process.exitCode = 130;
        return;
      }
      if (isQunlearnError(e)) {
        process.stderr.write(`qunlearn: error: ${e.message}\n`);
      } else if (e instanceof Error && (e as NodeJS.ErrnoException).code === 'ENOENT') {
        process.stderr.write(`qunlearn: error: ${e.message}\n`);
      } else {
        process.stderr.write(
          `qunlearn: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
        );
      }
      process.exitCode = 1;
    }
  };
}
