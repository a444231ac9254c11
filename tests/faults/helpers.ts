import type { ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** A fast Iris run: two methods, one scenario, a few epochs, no report. */
export const FAST = [
  '--methods',
  'original,ga',
  '--scenarios',
  'subset',
  '--epochs',
  '4',
  '--quiet',
  '--no-report',
  '--workers',
  '1',
];

/** Runs `qunlearn <args>`, which must fail with exit code 1 and one line on stderr; returns that line. */
export function failsWith(args: string[], cwd?: string): string {
  const r = runCli(args, { cwd });
  expect(r.status, r.stderr).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0].startsWith('qunlearn: error: '), r.stderr).toBe(true);
  return lines[0].slice('qunlearn: error: '.length);
}

/** Resolves with a child's exit code (or the signal's conventional 128 + n) and everything it wrote. */
export function finished(child: ChildProcess): Promise<{ status: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}
