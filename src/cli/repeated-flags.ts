import type { Command } from 'commander';
import { QunlearnError } from '../core/errors.js';

/** Options that collect repeated values on purpose. */
const REPEATABLE = new Set(['--set']);

/**
 * Makes a value-taking option given twice an error, on this command and every subcommand: commander keeps the
 * last value, so `--epochs 3 --epochs 5` would silently run 5 epochs.
 */
export function rejectRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (!(option.required || option.optional) || option.long === undefined || REPEATABLE.has(option.long)) continue;
    const flag = option.long;
    let first: unknown;
    let seen = false;
    command.on(`option:${option.name()}`, (value: unknown) => {
      if (seen)
        throw new QunlearnError(
          'usage',
          `${flag} is given twice (${String(first)}, then ${String(value)}); give it once`,
        );
      seen = true;
      first = value;
    });
  }
  for (const sub of command.commands) rejectRepeatedOptions(sub);
}
