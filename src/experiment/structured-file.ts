import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { QunlearnError } from '../core/errors.js';

/** Reads a JSON or YAML file (by extension: .yaml/.yml are YAML, anything else JSON); `what` names it in errors. */
export function readStructuredFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new QunlearnError('config', `${what} ${path} cannot be read (does it exist?)`);
  }
  const ext = extname(path).toLowerCase();
  try {
    return (ext === '.yaml' || ext === '.yml' ? parseYaml(text) : JSON.parse(text)) ?? {};
  } catch (e) {
    throw new QunlearnError('config', `${what} ${path} is not valid ${ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
}
