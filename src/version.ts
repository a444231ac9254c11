import { readFileSync } from 'node:fs';

/** The installed qunlearn version, read from package.json so that it never drifts from the published one. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
