import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('qunlearn findings', () => {
  it('runs a plan end to end: a verdict per claim, findings.json and a report whose charts render without warnings', () => {
    const dir = join(tempDir(), 'findings');
    const r = runCli(
      [
        'findings',
        '--seeds',
        '0,1',
        '--models',
        '6',
        '--depths',
        '1,2',
        '--entanglers',
        'ring',
        '--out',
        dir,
        '--quiet',
      ],
      { timeoutMs: 240_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^findings: 6 claims, \d+ comparisons · [\d.]+ s\n/);
    for (const title of [
      'Memorisation against circuit depth (iris)',
      'Entanglement structure (iris)',
      'Task complexity',
      'Is it quantum? (iris)',
    ]) {
      expect(r.stdout).toMatch(
        new RegExp(`  (supported|contradicted|inconclusive) +${title.replace(/[()?]/g, '\\$&')}\n`),
      );
    }
    const record = JSON.parse(readFileSync(join(dir, 'findings.json'), 'utf8')) as {
      findings: { id: string; verdict: string }[];
      pairing: { verified: boolean };
    };
    expect(record.pairing.verified).toBe(true);
    expect(record.findings).toHaveLength(6);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^# Findings: the study's claims, checked/);
    expect(md).toMatch(/\| Task complexity \| inconclusive at 2 seeds \| 0 \|/);
    expect(md).toMatch(/only iris was run/);
    const charts = readdirSync(join(dir, 'report-charts')).filter((f) => f.endsWith('.svg'));
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const chart of charts)
      expect(readFileSync(join(dir, 'report-charts', chart), 'utf8')).toMatch(/<svg[^>]*>.*<path/s);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);

    const again = runCli(['findings', '--resume', dir, '--quiet', '--no-report']);
    expect(again.status).toBe(0);
    expect(readFileSync(join(dir, 'findings.json'), 'utf8')).toBe(`${JSON.stringify(record, null, 2)}\n`);
  }, 240_000);

  it('rejects bad settings with one clear line before anything runs', () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [['--datasets', 'csv'], /dataset 'csv' has no findings plan; choose from iris, mnist, fashion-mnist/],
      [['--seeds', '3'], /paired comparisons need at least 2 seeds/],
      [['--models', '4'], /--models must be an integer of at least 6/],
      [['--entanglers', 'linear,none'], /including ring/],
      [['--per-class', '50'], /--per-class sets the images per class of mnist and fashion-mnist/],
      [['--resume', dir, '--seeds', '0,1'], /--resume continues a findings plan with its saved settings; drop --seeds/],
      [['--resume', dir], /is not a qunlearn findings directory/],
      [['--redis', 'redis://localhost:1', '--parallel', '2'], /--parallel and --run-workers split this machine/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['findings', ...args, ...(args.includes('--resume') ? [] : ['--out', join(dir, 'x')])]);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('--dry-run lists the sweeps of the plan', () => {
    const r = runCli(['findings', '--dry-run', '--out', 'runs/f']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('findings into runs/f: 2 sweeps, audits of 16 models');
    expect(r.stdout).toContain(
      'iris-quantum: circuit.layers = 1, 2, 4, 6; circuit.entangler = ring, linear, all-to-all, none × seeds 0, 1, 2, 3, 4',
    );
    expect(r.stdout).toContain('iris-classical: no axes × seeds 0, 1, 2, 3, 4');
  });
});
