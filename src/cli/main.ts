#!/usr/bin/env node
import { isQunlearnError } from '../core/errors.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  // Option parsers run before an action's own error handling; their QunlearnErrors get the same one-line treatment.
  if (!isQunlearnError(e)) throw e;
  process.stderr.write(`qunlearn: error: ${e.message}\n`);
  process.exitCode = 1;
}
