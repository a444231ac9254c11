import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditFiles, resolveExperiment, runAudit, scoreAudit, type AuditRow } from '../../src/experiment/index.js';
import { prepareData } from '../../src/experiment/prepare.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { killWhenFileAppears } from '../helpers/results.js';

const row = (rows: readonly AuditRow[], scenario: string, method: string): AuditRow => {
  const r = rows.find((x) => x.scenario === scenario && x.method === method);
  if (r === undefined) throw new Error(`no row ${scenario}/${method}`);
  return r;
};

/** Every file under `dir` (relative path → bytes), for byte-for-byte comparisons. */
function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out.set(relative(dir, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name)));
  }
  return out;
}

describe('audit on Iris class forgetting (N = 16)', () => {
  const experiment = resolveExperiment({
    methods: ['original', 'retrain'],
    scenarios: ['class'],
    audit: { models: 16 },
  });
  const dir = join(tempDir(), 'audit');
  const outcome = runAudit(experiment, { dir, workers: 1 });

  it('scores retrain as a method at the chance level, and the original model far below it', async () => {
    const { rows, failures } = await outcome;
    expect(failures).toEqual([]);
    expect(rows.map((r) => `${r.method}/${r.models}/${r.status}`)).toEqual([
      'chance/8/ok',
      'original/16/ok',
      'retrain/16/ok',
    ]);
    const chance = row(rows, 'class-0', 'chance');
    const original = row(rows, 'class-0', 'original');
    const retrain = row(rows, 'class-0', 'retrain');
    // The original model still knows class 0; no retrained model ever saw it: every example is exposed.
    expect(original.forgetting_quality).toBeLessThan(0.05);
    expect(original.attack_auc).toBeGreaterThan(0.95);
    expect(original.forget_acc).toBeGreaterThan(0.9);
    expect(original.forgetting_quality!).toBeLessThan(chance.forgetting_quality! - 0.1);
    // Retraining is a draw of the retrained population: it scores like its two halves do against each other.
    expect(retrain.forget_acc).toBe(0);
    expect(retrain.forgetting_quality).toBeGreaterThan(0.1);
    expect(retrain.forgetting_quality!).toBeGreaterThan(chance.forgetting_quality! - 0.1);
    expect(Math.abs(retrain.attack_auc! - 0.5)).toBeLessThan(0.2);
    expect(Math.abs(chance.attack_auc! - 0.5)).toBeLessThan(0.2);
    expect(retrain.epsilons).toHaveLength(retrain.n_forget);
    expect(retrain.exposed!.map((e) => e.phi_unlearned.length)).toEqual([16, 16, 16]);
  });

  it('writes audit.csv without the per-example arrays and audit.json with them', async () => {
    await outcome;
    const header = readFileSync(auditFiles.csv(dir), 'utf8').split('\n')[0].split(',');
    for (const column of [
      'scenario',
      'method',
      'role',
      'models',
      'original',
      'forgetting_quality',
      'score',
      'attack_auc',
      'attack_tpr_at_1_fpr',
      'retain_acc_retrained',
    ]) {
      expect(header, column).toContain(column);
    }
    expect(header).not.toContain('epsilons');
    const json = JSON.parse(readFileSync(auditFiles.json(dir), 'utf8')) as AuditRow[];
    expect(json[1].epsilons).toHaveLength(json[1].n_forget);
    expect(JSON.parse(readFileSync(auditFiles.record(dir), 'utf8')).status).toBe('complete');
    // Per model, only φ and three accuracies: no weights anywhere.
    expect(
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.safetensors')),
    ).toEqual([]);
  });

  it('marks the rows of a scenario whose retrained population is incomplete as failed, naming the models', async () => {
    await outcome;
    rmSync(auditFiles.retrained(dir, 'class-0', 5));
    const rows = scoreAudit(dir, experiment, prepareData(experiment, 0));
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(rows[0].error).toBe('retrained model 5 missing (their jobs failed or have not run)');
  });
});

describe('qunlearn audit (command line)', () => {
  const args = ['audit', '--models', '6', '--methods', 'original,retrain,ga', '--quiet', '--no-report'];

  it('resumes a killed audit without redoing finished models and ends with byte-identical files', async () => {
    const dir = join(tempDir(), 'killed');
    const child = startCli([...args, '--workers', '1', '--out', dir]);
    await killWhenFileAppears(child, auditFiles.unlearned(dir, 2), 'the audit');
    await new Promise((resolve) => child.on('close', resolve));
    expect(existsSync(auditFiles.csv(dir))).toBe(false);
    const before = readdirSync(auditFiles.models(dir), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.json'));
    const mtimes = new Map(before.map((f) => [f, statSync(join(auditFiles.models(dir), f)).mtimeMs]));
    const resumed = runCli(['audit', '--resume', dir, '--workers', '2', '--no-report']);
    expect(resumed.stderr).toMatch(/audit: 18 model jobs \((\d+) already finished\)/);
    expect(Number(/\((\d+) already finished\)/.exec(resumed.stderr)![1])).toBe(before.length);
    expect(resumed.status).toBe(0);
    for (const [f, t] of mtimes) expect(statSync(join(auditFiles.models(dir), f)).mtimeMs, f).toBe(t);
    const clean = join(tempDir(), 'clean');
    expect(runCli([...args, '--workers', '1', '--out', clean]).status).toBe(0);
    const a = filesUnder(dir);
    const b = filesUnder(clean);
    a.delete('audit-run.json');
    b.delete('audit-run.json');
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [f, bytes] of b) expect(a.get(f)!.equals(bytes), f).toBe(true);
    expect(resumed.stdout).toMatch(/Scenario class-0 \(36 forget examples\)\nrank +method +F +score/);
    expect(resumed.stdout).toMatch(/· +chance level \(N = 3 vs 3\)/);
  });

  it('with --original shared, unlearns one original (the teacher) N times', () => {
    const dir = join(tempDir(), 'shared');
    const r = runCli([
      'audit',
      '--models',
      '6',
      '--original',
      'shared',
      '--methods',
      'original',
      '--scenarios',
      'subset',
      '--quiet',
      '--no-report',
      '--workers',
      '1',
      '--out',
      dir,
    ]);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'seed-0', 'teacher.safetensors'))).toBe(true);
    const rows = JSON.parse(readFileSync(auditFiles.json(dir), 'utf8')) as AuditRow[];
    // Six copies of one model are a spike against the retrained spread: every example gets ε = 50.
    expect(row(rows, 'subset', 'original')).toMatchObject({
      original: 'shared',
      forgetting_quality: 0,
      epsilon_median: 50,
    });
  });

  it('rejects bad input with one clear line', () => {
    const bad = (extra: string[]): string => {
      const r = runCli(extra);
      expect(r.status).toBe(1);
      return r.stderr.trim();
    };
    expect(bad(['audit', '--dataset', 'mnist', '--quiet'])).toMatch(
      /^qunlearn: error: audit.models: an audit of image data needs an explicit number of models per population \(e.g. --models 16\)/,
    );
    expect(bad(['audit', '--models', '4'])).toBe("qunlearn: error: --models: expected an integer ≥ 6, got '4'");
    expect(bad(['audit', '--models', '6', '--original', 'some'])).toMatch(
      /^qunlearn: error: command line: invalid configuration: 'audit.original'/,
    );
    expect(bad(['run', '--audit-original', 'shared'])).toBe(
      'qunlearn: error: --audit-original needs --audit <n> (the number of models per population)',
    );
    expect(bad(['audit', '--resume', tempDir(), '--models', '8'])).toBe(
      'qunlearn: error: --resume continues an audit with its saved settings; drop --models',
    );
    expect(bad(['audit', '--resume', tempDir()])).toMatch(/is not a qunlearn audit directory \(no audit-run.json\)$/);
  });
});
