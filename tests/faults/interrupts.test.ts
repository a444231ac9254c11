import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/experiment/folder-lock.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { killWhenFileAppears } from '../helpers/results.js';
import { failsWith, finished } from './helpers.js';

const LONG = ['--methods', 'original,ga,scrub,ft', '--seeds', '0,1', '--epochs', '6', '--no-report', '--workers', '1'];

describe('fault 11: Ctrl-C and killed runs', () => {
  it('Ctrl-C records the run as interrupted, releases the folder and prints how to resume; the resume finishes it', async () => {
    // Before: SIGINT left `status: running` in run.json and printed no resume hint.
    const dir = join(tempDir(), 'interrupted');
    const child = startCli(['run', ...LONG, '--out', dir]);
    const done = finished(child);
    await killWhenFileAppears(child, join(dir, 'seed-0', 'subset', 'original.result.json'), 'the run', 'SIGINT');
    const r = await done;
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(
      new RegExp(
        `Ctrl-C: stopping and saving where the work stands \\(press Ctrl-C again to quit at once\\)\\nqunlearn: the run was interrupted with \\d+ of 22 jobs finished \\(each is saved\\); continue it with \`qunlearn run --resume ${dir}\`\\n$`,
      ),
    );
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('interrupted');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(failsWith(['report', dir])).toBe(
      `run ${dir} has no results: it was interrupted; continue it with \`qunlearn run --resume ${dir}\`, then report again`,
    );
    const resumed = runCli(['run', '--resume', dir, '--quiet', '--no-report']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('complete');
  });

  it('report on a run that is still going says so (not that it stopped early), naming its process', async () => {
    // Before: "it was stopped before it finished", though it was running.
    const dir = join(tempDir(), 'live');
    const child = startCli(['run', ...LONG, '--quiet', '--out', dir]);
    const done = finished(child);
    await killWhenFileAppears(child, join(dir, 'seed-0', 'teacher.result.json'), 'the run', 'SIGSTOP');
    expect(failsWith(['report', dir])).toMatch(
      new RegExp(`^run ${dir} is still running \\(pid ${child.pid} on host .+\\); report it when it has finished$`),
    );
    child.kill('SIGKILL');
    await done;
    expect(failsWith(['report', dir])).toBe(
      `run ${dir} has no results: its process stopped without finishing it (killed, or the machine went down); continue it with \`qunlearn run --resume ${dir}\`, then report again`,
    );
  });

  it('Ctrl-C stops a sweep: its status says interrupted and --resume finishes it', async () => {
    const dir = join(tempDir(), 'sweep');
    const child = startCli([
      'sweep',
      '--layers',
      '1,2,3',
      '--methods',
      'original,ga',
      '--scenarios',
      'subset',
      '--epochs',
      '6',
      '--no-report',
      '--parallel',
      '1',
      '--out',
      dir,
    ]);
    const done = finished(child);
    await killWhenFileAppears(child, join(dir, 'runs', 'layers=1,seed=0', 'results.json'), 'the sweep', 'SIGINT');
    const r = await done;
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(
      new RegExp(
        `qunlearn: the sweep was interrupted with \\d of 3 runs finished \\(each finished run and job is saved\\); continue it with \`qunlearn sweep --resume ${dir}\`\\n$`,
      ),
    );
    expect(JSON.parse(readFileSync(join(dir, 'sweep-status.json'), 'utf8')).state).toBe('interrupted');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const resumed = runCli(['sweep', '--resume', dir, '--quiet', '--no-report']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('sweep: 3 runs · 3 complete · 0 failed · 0 missing');
  });

  it('Ctrl-C stops an audit: audit-run.json says interrupted, the folder is free, and --resume finishes it', async () => {
    const dir = join(tempDir(), 'audit');
    const child = startCli([
      'audit',
      '--methods',
      'retrain,ga,scrub,ft',
      '--scenarios',
      'subset',
      '--models',
      '64',
      '--epochs',
      '6',
      '--workers',
      '1',
      '--no-report',
      '--out',
      dir,
    ]);
    const done = finished(child);
    await killWhenFileAppears(child, join(dir, 'audit', 'unlearned', 'model-0000.json'), 'the audit', 'SIGINT');
    const r = await done;
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(
      new RegExp(
        `qunlearn: the audit was interrupted with \\d+ of 128 models finished \\(each is saved\\); continue it with \`qunlearn audit --resume ${dir}\`\\n$`,
      ),
    );
    expect(JSON.parse(readFileSync(join(dir, 'audit-run.json'), 'utf8')).status).toBe('interrupted');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const resumed = runCli(['audit', '--resume', dir, '--quiet', '--no-report']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'audit-run.json'), 'utf8')).status).toBe('complete');
  });
});
