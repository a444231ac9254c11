import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { csvWithoutTiming, jsonRowsWithoutTiming, killWhenFileAppears } from '../helpers/results.js';

/** Every `<name>.result.json` under a folder, as relative paths. */
function results(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(`${name}.result.json`))
    .sort();
}

const tiny = ['--methods', 'original,ga', '--scenarios', 'subset', '--epochs', '5', '--no-relearn'];

describe('qunlearn sweep (on this machine)', () => {
  it('runs a grid as ordinary runs that share references, equal to the same runs alone, and resumes without redoing anything', () => {
    const dir = join(tempDir(), 'depth');
    const args = ['sweep', '--layers', '1,2', '--seeds', '0,1', ...tiny, '--out', dir];
    const r = runCli(args);
    expect(r.stderr).toMatch(
      /^sweep: 4 runs, 4 reference set\(s\) to train · local: 2 tasks at a time × 1 worker thread\n/,
    );
    expect(r.stderr).toMatch(/\[4\/4\] run layers=\d,seed=\d · \d+\.\d s\n/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/sweep: 4 runs · 4 complete · 0 failed/);
    expect(r.stdout).toMatch(/report: .*report\.html · .*report\.md \(6 charts\)/);
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual([
      'layers=1,seed=0',
      'layers=1,seed=1',
      'layers=2,seed=0',
      'layers=2,seed=1',
    ]);
    // Teachers and oracles live once in the store, never in the runs.
    expect(results(join(dir, 'references'), 'teacher')).toHaveLength(4);
    expect(results(join(dir, 'runs'), 'teacher')).toEqual([]);
    expect(results(join(dir, 'runs'), 'oracle')).toEqual([]);
    const csv = readFileSync(join(dir, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^run,layers,seed,dataset,model,/);
    expect(csv).toHaveLength(1 + 4 * 2);
    expect(csv[1]).toMatch(/^"layers=1,seed=0",1,0,iris,iris-shallow,/);
    for (const f of [
      'report.html',
      'report.md',
      'sweep.json',
      'sweep-plan.json',
      'sweep-status.json',
      'report-charts/subset-forget-acc.svg',
    ])
      expect(existsSync(join(dir, f)), f).toBe(true);

    const alone = join(tempDir(), 'alone');
    expect(
      runCli(['run', '--layers', '2', '--seeds', '1', ...tiny, '--out', alone, '--quiet', '--no-report']).status,
    ).toBe(0);
    expect(csvWithoutTiming(join(dir, 'runs', 'layers=2,seed=1', 'results.csv'))).toEqual(
      csvWithoutTiming(join(alone, 'results.csv')),
    );

    const stamp = statSync(join(dir, 'runs', 'layers=1,seed=0', 'results.json')).mtimeMs;
    const again = runCli([...args, '--no-report']);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe(
      'sweep: 4 runs (4 finished before), 0 reference set(s) to train · local: 2 tasks at a time × 1 worker thread\n',
    );
    expect(statSync(join(dir, 'runs', 'layers=1,seed=0', 'results.json')).mtimeMs).toBe(stamp);
    const resumed = runCli(['sweep', '--resume', dir, '--quiet', '--no-report']);
    expect(resumed.stdout).toMatch(/sweep: 4 runs · 4 complete · 0 failed/);
    expect(runCli(['sweep', '--layers', '1,3', '--seeds', '0,1', ...tiny, '--out', dir]).stderr).toBe(
      `qunlearn: error: ${dir} holds a different sweep; choose another --out, or continue that one with qunlearn sweep --resume ${dir}\n`,
    );
    expect(runCli(['sweep', '--resume', dir, '--layers', '3']).stderr).toBe(
      'qunlearn: error: --resume continues a sweep with its saved plan; drop --layers\n',
    );
  });

  it('trains references once for a sweep over method settings, whatever the split of the cores', () => {
    const dir = join(tempDir(), 'settings');
    const r = runCli([
      'sweep',
      '--set',
      'ga.epochs=2,4',
      '--seeds',
      '0,1',
      ...tiny,
      '--parallel',
      '1',
      '--run-workers',
      '2',
      '--out',
      dir,
      '--no-report',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^sweep: 4 runs, 2 reference set\(s\) to train · local: 1 task at a time × 2 worker threads\n/,
    );
    expect(readdirSync(join(dir, 'references')).filter((f) => !f.startsWith('.'))).toHaveLength(1);
    expect(results(join(dir, 'references'), 'teacher')).toHaveLength(2);
    const alone = join(tempDir(), 'alone');
    expect(
      runCli([
        'run',
        '--set',
        'ga.epochs=4',
        '--seeds',
        '0',
        ...tiny,
        '--out',
        alone,
        '--quiet',
        '--no-report',
        '--workers',
        '1',
      ]).status,
    ).toBe(0);
    expect(csvWithoutTiming(join(dir, 'runs', 'ga.epochs=4,seed=0', 'results.csv'))).toEqual(
      csvWithoutTiming(join(alone, 'results.csv')),
    );
    const rows = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as Record<string, unknown>[];
    const ga = rows.filter((row) => row.method === 'ga' && row.seed === 0);
    expect(ga.map((row) => [row['ga.epochs'], row.epochs_run])).toEqual([
      [2, 2],
      [4, 4],
    ]);
    const report = runCli(['sweep-report', dir]);
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(
      /^sweep: 4 runs · 4 complete · 0 failed · 0 missing\nresults: .*sweep\.csv \(8 rows\)\nreport: .*report\.html/,
    );
  });

  it('continues a killed sweep: finished runs and finished jobs of a partly finished run are not redone', async () => {
    const args = [
      'sweep',
      '--layers',
      '1,2',
      '--seeds',
      '0',
      ...tiny.slice(2),
      '--methods',
      'original,ga,scrub',
      '--parallel',
      '1',
      '--quiet',
      '--no-report',
    ];
    const dir = join(tempDir(), 'killed');
    const child = startCli([...args, '--out', dir]);
    const firstJob = join(dir, 'runs', 'layers=1,seed=0', 'seed-0', 'subset', 'original.result.json');
    await killWhenFileAppears(child, firstJob, 'the sweep');
    await new Promise((resolve) => child.on('close', resolve));
    expect(existsSync(join(dir, 'sweep.csv'))).toBe(false);
    const teacher = join(
      dir,
      'references',
      readdirSync(join(dir, 'references')).sort()[0],
      'seed-0',
      'teacher.result.json',
    );
    const stamps = [statSync(firstJob).mtimeMs, statSync(teacher).mtimeMs];
    const resumed = runCli(['sweep', '--resume', dir]);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/^sweep: 2 runs, [01] reference set\(s\) to train/);
    expect([statSync(firstJob).mtimeMs, statSync(teacher).mtimeMs]).toEqual(stamps);
    const clean = join(tempDir(), 'clean');
    expect(runCli([...args, '--out', clean]).status).toBe(0);
    expect(jsonRowsWithoutTiming(join(dir, 'sweep.json'))).toEqual(jsonRowsWithoutTiming(join(clean, 'sweep.json')));
    expect(
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.includes('.tmp-')),
    ).toEqual([]);
  });

  it('reports invalid combinations and bad sweep files before anything runs', () => {
    const dir = join(tempDir(), 'invalid');
    const r = runCli(['sweep', '--qubits', '2,4', '--model', 'iris-shallow,pca-hybrid', ...tiny, '--out', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^qunlearn: error: 1 of 4 runs cannot run \(nothing was started\):\n {2}model=iris-shallow,qubits=2,seed=0: .*qubits must be 4, got 2; use pca-hybrid.*\nfix the settings, or pass --skip-invalid to run the others\n$/,
    );
    expect(existsSync(dir)).toBe(false);
    const file = join(tempDir(), 'sweep.yaml');
    writeFileSync(
      file,
      'base: { methods: [original] }\naxes:\n  circuit.entangler: [ring, linear, all-to-all]\n  model: [iris-shallow, iris-shallow-classical]\nseeds: [0, 1]\n',
    );
    const dry = runCli(['sweep', '--sweep', file, '--dry-run', '--out', dir]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(
      /^sweep into .*: 12 runs over entangler \(circuit.entangler\) = ring, linear, all-to-all; model \(model\) = iris-shallow, iris-shallow-classical; seeds 0, 1\n8 reference set\(s\)/,
    );
    expect(dry.stdout).toContain('  entangler=all-to-all,model=iris-shallow-classical,seed=1\n');
    expect(existsSync(dir)).toBe(false);
    writeFileSync(file, 'base: {}\naxes: { circuit.layers: [1, 2] }\nseed: [0]\n');
    expect(runCli(['sweep', '--sweep', file]).stderr).toBe(
      `qunlearn: error: ${file}: invalid sweep file: unknown key 'seed' (a sweep file has base, axes and seeds)\n`,
    );
  });
});
