import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isQunlearnError } from '../../src/core/errors.js';
import { loadRun } from '../../src/report/load-run.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { makeRun } from './helpers.js';

/** The one line the CLI prints for `qunlearn report <args>`, which must fail. */
function failure(args: string[]): string {
  const r = runCli(['report', ...args]);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

describe('report errors', () => {
  let run: string;
  let root: string;

  beforeAll(() => {
    run = makeRun('ok', ['--methods', 'original,ga', '--no-report']);
    root = tempDir('qunlearn-report-errors-');
  });

  it('rejects a folder that is not a run, or does not exist', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(failure([empty])).toBe(`qunlearn: error: ${empty} is not a qunlearn run directory (no run.json); give the folder that \`qunlearn run --out\` or \`qunlearn audit --out\` wrote`);
    expect(failure([join(root, 'missing')])).toBe(`qunlearn: error: run directory ${join(root, 'missing')} does not exist`);
    expect(failure([join(run, 'run.json')])).toMatch(/is a file, not a run directory/);
  });

  it('says that a killed run has no results yet and how to finish it', () => {
    const killed = join(root, 'killed');
    mkdirSync(killed);
    copyFileSync(join(run, 'run.json'), join(killed, 'run.json'));
    expect(failure([killed])).toBe(`qunlearn: error: run ${killed} has no results yet (status 'complete'): it was stopped before it finished; continue it with \`qunlearn run --resume ${killed}\`, then report again`);
  });

  it('names a damaged file', () => {
    const damaged = join(root, 'damaged');
    mkdirSync(damaged);
    copyFileSync(join(run, 'run.json'), join(damaged, 'run.json'));
    writeFileSync(join(damaged, 'results.json'), '[{"scenario": "subset", ');
    expect(failure([damaged])).toMatch(new RegExp(`^qunlearn: error: results file ${join(damaged, 'results.json')} is not valid JSON \\(.+\\); the run directory is damaged: run the experiment again$`));
    writeFileSync(join(damaged, 'results.json'), '{"not": "rows"}');
    expect(failure([damaged])).toBe(`qunlearn: error: ${join(damaged, 'results.json')} does not look like a qunlearn results file; the run directory is damaged or from another tool`);
    writeFileSync(join(damaged, 'run.json'), '{"format": "other"}');
    expect(failure([damaged, '--compare', run])).toMatch(/run\.json does not look like a qunlearn run record/);
    expect(failure([run, '--compare', join(root, 'empty')])).toMatch(/is not a qunlearn run directory \(no run\.json\)/);
  });

  it('raises QunlearnError from the library, never prints', () => {
    let error: unknown;
    try {
      loadRun(root);
    } catch (e) {
      error = e;
    }
    expect(isQunlearnError(error)).toBe(true);
  });
});
