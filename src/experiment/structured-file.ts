import { parse as parseYaml } from 'yaml';
import { QunlearnError } from '../core/errors.js';
import { readTextFile } from './text-file.js';

/** Reads a JSON or YAML file (by extension: .yaml/.yml are YAML, anything else JSON); `what` names it in errors. */
export function readStructuredFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readTextFile(path, what);
  } catch {
    throw new QunlearnError('config', `${what} ${path} cannot be read (does it exist?)`);
  }
  const ext = /\.[^./\\]*$/.exec(path)?.[0].toLowerCase() ?? '';
  try {
    return (ext === '.yaml' || ext === '.yml' ? parseYaml(text) : JSON.parse(text)) ?? {};
  } catch (e) {
    throw new QunlearnError(
      'config',
      `${what} ${path} is not valid ${ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON'}: ${(e as Error).message}`,
    );
  }
}
