import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { jsonRowsWithoutTiming } from '../helpers/results.js';
import { FAST, failsWith } from './helpers.js';

const SWEEP = [
  'sweep',
  '--layers',
  '1,2',
  '--methods',
  'original,ga',
  '--scenarios',
  'subset',
  '--epochs',
  '3',
  '--quiet',
  '--no-report',
];

/** A copy of a folder under a fresh name. */
function copy(dir: string, name: string): string {
  const to = join(tempDir(), name);
  cpSync(dir, to, { recursive: true });
  return to;
}

describe('faults 7-8: damaged and missing sweep files', () => {
  let sweep: string;
  let csv: string;

  beforeAll(() => {
    sweep = join(tempDir(), 'sweep');
    const r = runCli([...SWEEP, '--out', sweep]);
    expect(r.status, r.stderr).toBe(0);
    csv = readFileSync(join(sweep, 'sweep.csv'), 'utf8');
  });

  it('a damaged sweep-plan.json: one error naming it and the way back, in sweep-report and sweep --resume; sweep.csv untouched', () => {
    // Before: "internal error (please report it): SyntaxError" with a stack trace.
    const dir = copy(sweep, 'plan');
    writeFileSync(join(dir, 'sweep-plan.json'), '{"format": "qunlearn-sweep/1", "ru');
    for (const args of [
      ['sweep-report', dir],
      ['sweep', '--resume', dir, '--quiet'],
    ]) {
      const message = failsWith(args);
      expect(message).toMatch(
        new RegExp(
          `^the sweep plan ${join(dir, 'sweep-plan.json')} is damaged \\(not valid JSON: .+\\); it holds the sweep's settings: restore it from a backup, or move it aside and run the same \`qunlearn sweep\` command again with --out ${dir}`,
        ),
      );
    }
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8')).toBe(csv);
    // The way back: the same command into the same folder adopts the finished runs (their settings match).
    renameSync(join(dir, 'sweep-plan.json'), join(dir, 'damaged-plan.json'));
    const again = runCli([...SWEEP, '--out', dir]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('sweep: 2 runs · 2 complete · 0 failed · 0 missing');
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8')).toBe(csv);
  });

  it('a damaged sweep-status.json: sweep-report names it and the repair; sweep --resume rebuilds it', () => {
    // Before: sweep-report rewrote sweep.csv, then crashed with a SyntaxError.
    const dir = copy(sweep, 'status');
    writeFileSync(join(dir, 'sweep-status.json'), '{"format": "qunlearn-sweep-status/1", "state": ');
    expect(failsWith(['sweep-report', dir])).toMatch(
      new RegExp(
        `^the sweep status ${join(dir, 'sweep-status.json')} is damaged \\(not valid JSON: .+\\); it only summarises the runs' folders: \`qunlearn sweep --resume ${dir}\` rebuilds it$`,
      ),
    );
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8')).toBe(csv);
    const resumed = runCli(['sweep', '--resume', dir, '--quiet', '--no-report']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe(
      `qunlearn: warning: ${join(dir, 'sweep-status.json')} is damaged; rebuilding it from the runs' folders\n`,
    );
    expect(JSON.parse(readFileSync(join(dir, 'sweep-status.json'), 'utf8')).state).toBe('complete');
  });

  it("a run's damaged results.json: sweep-report names it; sweep --resume rewrites it from the run's saved jobs", () => {
    const dir = copy(sweep, 'results');
    const file = join(dir, 'runs', 'layers=2,seed=0', 'results.json');
    writeFileSync(file, '[{"seed": 0, "scen');
    expect(failsWith(['sweep-report', dir])).toMatch(
      new RegExp(
        `^the results file ${file} is damaged \\(not valid JSON: .+\\); \`qunlearn sweep --resume ${dir}\` rewrites it from the run's saved jobs$`,
      ),
    );
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8')).toBe(csv);
    const resumed = runCli(['sweep', '--resume', dir, '--quiet', '--no-report']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8')).toBe(csv);
  });

  it('a missing run: sweep-report counts it, exits non-zero, and leaves sweep.csv as it was', () => {
    // Before: exit 0, 66 of 72 rows written over sweep.csv, "12 complete, 0 failed".
    const dir = copy(sweep, 'missing');
    rmSync(join(dir, 'runs', 'layers=2,seed=0'), { recursive: true });
    const r = runCli(['sweep-report', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'sweep: 2 runs · 1 complete · 0 failed · 1 missing (layers=2,seed=0: its folder does not exist)\n',
    );
    expect(r.stdout).toContain(
      `results: ${join(dir, 'sweep-partial.csv')} (2 rows) · ${join(dir, 'sweep.csv')} left as it was\n`,
    );
    expect(r.stderr).toBe(
      `qunlearn: error: 1 run(s) missing and 0 failed, so the results are incomplete; \`qunlearn sweep --resume ${dir}\` runs them\n`,
    );
    expect(readFileSync(join(dir, 'sweep.csv'), 'utf8')).toBe(csv);
    expect(runCli(['sweep', '--resume', dir, '--quiet', '--no-report']).status).toBe(0);
    expect(existsSync(join(dir, 'sweep-partial.csv'))).toBe(false);
    expect(jsonRowsWithoutTiming(join(dir, 'sweep.json'))).toEqual(jsonRowsWithoutTiming(join(sweep, 'sweep.json')));
  });
});

/** Offsets of a safetensors file: where its data starts. */
function dataStart(bytes: Buffer): number {
  return 8 + Number(bytes.readBigUInt64LE(0));
}

describe('fault 9: checkpoints carry a SHA-256 of their tensors, checked on load', () => {
  let model: string;

  beforeAll(() => {
    model = join(tempDir(), 'model');
    expect(runCli(['train', '--epochs', '3', '--quiet', '--out', model]).status).toBe(0);
    expect(JSON.parse(readFileSync(join(model, 'model.json'), 'utf8')).tensorsSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  const damage = (name: string, change: (bytes: Buffer) => Buffer, keepDigest = true): string => {
    const dir = copy(model, name);
    writeFileSync(join(dir, 'model.safetensors'), change(readFileSync(join(dir, 'model.safetensors'))));
    if (!keepDigest) {
      const meta = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      delete meta.tensorsSha256;
      writeFileSync(join(dir, 'model.json'), JSON.stringify(meta));
    }
    return dir;
  };

  it('a flipped byte, NaN weights and trailing bytes are errors naming the file (and the tensor)', () => {
    // Before: a byte that made a weight NaN gave accuracy 0.333 and exit 0; trailing garbage was accepted.
    const flipped = damage('flipped', (b) => {
      b[dataStart(b) + 20] ^= 0x10;
      return b;
    });
    expect(failsWith(['eval', '--checkpoint', flipped])).toBe(
      `${join(flipped, 'model.safetensors')}: its tensor data does not match the SHA-256 recorded in ${join(flipped, 'model.json')} when it was saved; the file was changed or damaged since (restore it, or train it again)`,
    );
    const nan = damage(
      'nan',
      (b) => {
        b.writeDoubleLE(Number.NaN, dataStart(b));
        return b;
      },
      false,
    );
    expect(failsWith(['eval', '--checkpoint', nan])).toMatch(
      new RegExp(
        `^${join(nan, 'model.safetensors')}: tensor '[\\w.]+' holds NaN at index 0; a checkpoint's weights must be finite numbers`,
      ),
    );
    const infinite = damage(
      'inf',
      (b) => {
        b.writeDoubleLE(-Infinity, b.length - 8);
        return b;
      },
      false,
    );
    expect(failsWith(['eval', '--checkpoint', infinite])).toMatch(/holds -Infinity at index \d+/);
    const trailing = damage('trailing', (b) => Buffer.concat([b, Buffer.from('garbage!')]));
    expect(failsWith(['eval', '--checkpoint', trailing])).toBe(
      `${join(trailing, 'model.safetensors')}: not a valid safetensors file (8 byte(s) after the last tensor's data: the file was appended to or damaged)`,
    );
  });

  it('in --resume, a damaged teacher fails the jobs that load it, naming the file and the way to retrain it; no "see above" under --quiet', () => {
    // Before: the failure named no file, and the closing advice said "see above" though --quiet printed nothing.
    const dir = join(tempDir(), 'run');
    expect(runCli(['run', ...FAST, '--out', dir]).status).toBe(0);
    const teacher = join(dir, 'seed-0', 'teacher.safetensors');
    const bytes = readFileSync(teacher);
    bytes[dataStart(bytes) + 3] ^= 0xff;
    writeFileSync(teacher, bytes);
    rmSync(join(dir, 'seed-0', 'subset', 'ga.result.json'));
    const r = runCli(['run', '--resume', dir, '--quiet', '--no-report']);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('see above');
    expect(r.stderr).toBe(
      'qunlearn: error: 1 job(s) failed:\n' +
        `  seed 0 · subset · ga: ${teacher}: its tensor data does not match the SHA-256 recorded in ${join(dir, 'seed-0', 'teacher.json')} when it was saved; the file was changed or damaged since (restore it, or train it again); ` +
        `to train it again, delete ${join(dir, 'seed-0', 'teacher.result.json')} and resume the run or sweep (\`qunlearn run --resume\` / \`qunlearn sweep --resume\`)\n` +
        `fix the cause and continue with \`qunlearn run --resume ${dir}\`, which runs only the unfinished jobs (settings cannot change on resume; to change one, start a new run with --out)\n`,
    );
    rmSync(join(dir, 'seed-0', 'teacher.result.json'));
    expect(runCli(['run', '--resume', dir, '--quiet', '--no-report']).status).toBe(0);
  });
});

describe('fault 11: damaged run files get advice that works', () => {
  it('a corrupt results.json: report points to --resume, which rewrites it', () => {
    // Before: "the run directory is damaged: run the experiment again", though --resume fixes it.
    const dir = join(tempDir(), 'run');
    expect(runCli(['run', ...FAST, '--out', dir]).status).toBe(0);
    const good = readFileSync(join(dir, 'results.json'), 'utf8');
    writeFileSync(join(dir, 'results.json'), good.slice(0, 50));
    expect(failsWith(['report', dir])).toMatch(
      /is damaged \(not valid JSON: .+\); `qunlearn run --resume .+` writes it again from the saved jobs$/,
    );
    expect(runCli(['run', '--resume', dir, '--quiet', '--no-report']).status).toBe(0);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(good);
    expect(runCli(['report', dir]).status).toBe(0);
  });
});
