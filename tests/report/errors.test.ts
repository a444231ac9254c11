import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(failure([empty])).toBe(
      `qunlearn: error: ${empty} is not a qunlearn run directory (no run.json); give the folder that \`qunlearn run --out\` or \`qunlearn audit --out\` wrote`,
    );
    expect(failure([join(root, 'missing')])).toBe(
      `qunlearn: error: run directory ${join(root, 'missing')} does not exist`,
    );
    expect(failure([join(run, 'run.json')])).toMatch(/is a file, not a run directory/);
  });

  it('says why a run has no results and how to finish it', () => {
    const killed = join(root, 'killed');
    mkdirSync(killed);
    const record = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8'));
    writeFileSync(join(killed, 'run.json'), JSON.stringify({ ...record, status: 'running' }));
    expect(failure([killed])).toBe(
      `qunlearn: error: run ${killed} has no results: its process stopped without finishing it (killed, or the machine went down); continue it with \`qunlearn run --resume ${killed}\`, then report again`,
    );
    writeFileSync(join(killed, 'run.json'), JSON.stringify({ ...record, status: 'interrupted' }));
    expect(failure([killed])).toBe(
      `qunlearn: error: run ${killed} has no results: it was interrupted; continue it with \`qunlearn run --resume ${killed}\`, then report again`,
    );
    writeFileSync(join(killed, 'run.json'), JSON.stringify(record));
    expect(failure([killed])).toBe(
      `qunlearn: error: run ${killed} has status 'complete' but its results.json is missing; \`qunlearn run --resume ${killed}\` writes it again from the saved jobs`,
    );
  });

  it('names a damaged file and the command that repairs it', () => {
    const damaged = join(root, 'damaged');
    mkdirSync(damaged);
    copyFileSync(join(run, 'run.json'), join(damaged, 'run.json'));
    writeFileSync(join(damaged, 'results.json'), '[{"scenario": "subset", ');
    expect(failure([damaged])).toMatch(
      new RegExp(
        `^qunlearn: error: the results file ${join(damaged, 'results.json')} is damaged \\(not valid JSON: .+\\); \`qunlearn run --resume ${damaged}\` writes it again from the saved jobs$`,
      ),
    );
    writeFileSync(join(damaged, 'results.json'), '{"not": "rows"}');
    expect(failure([damaged])).toBe(
      `qunlearn: error: the results file ${join(damaged, 'results.json')} is damaged or not a qunlearn file (unexpected content); \`qunlearn run --resume ${damaged}\` writes it again from the saved jobs`,
    );
    writeFileSync(join(damaged, 'run.json'), '{"format": "other"}');
    expect(failure([damaged, '--compare', run])).toMatch(
      /the run record .*run\.json is damaged or not a qunlearn file/,
    );
    expect(failure([run, '--compare', join(root, 'empty')])).toMatch(
      /is not a qunlearn run directory \(no run\.json\)/,
    );
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
