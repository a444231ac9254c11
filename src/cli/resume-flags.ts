import { QunlearnError } from '../core/errors.js';
import { flagName } from './parse.js';

/**
 * `--resume` continues with the saved settings: any other flag than the execution settings in `allowed` is an
 * error naming the flags to drop (commander's defaults for `--no-*` flags belong in `allowed`).
 */
export function rejectFlagsWithResume(
  flags: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  what: string,
): void {
  const extra = Object.keys(flags).filter((k) => !allowed.has(k));
  if (extra.length > 0) {
    throw new QunlearnError(
      'usage',
      `--resume continues ${what} with its saved settings; drop ${extra.map(flagName).join(', ')}`,
    );
  }
}
