import { readFileOrThrow } from '../data/node/files.js';

/**
 * Reads a text file of a configuration (a config file, a deletion request). In the browser build this module is
 * replaced by text-file.browser.ts (the playground's bundler aliases it), which explains that files cannot be read
 * there: the configuration code above it stays the same in both.
 */
export function readTextFile(path: string, purpose: string): string {
  return readFileOrThrow(path, purpose).toString('utf8');
}
