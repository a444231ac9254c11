import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { csvWithoutTiming, killWhenFileAppears } from '../helpers/results.js';

const tiny = ['--methods', 'original,ga,scrub', '--scenarios', 'subset,class', '--epochs', '8', '--quiet'];

describe('qunlearn run (end to end on Iris)', () => {
  it('runs a tiny configuration and writes every file with the expected columns', () => {
    const dir = join(tempDir(), 'run');
    const r = runCli(['run', ...tiny, '--out', dir, '--workers', '1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /Scenario subset\nmethod +forget +retain +test +UQI +JS→oracle +agree +MIA AUC +oracle MIA +target +epoch +time \(s\) +guarantee/,
    );
    expect(r.stdout).toMatch(/seed 0 teacher: test accuracy \d\.\d{3}/);
    for (const f of [
      'results.csv',
      'results.json',
      'summary.csv',
      'summary.json',
      'run.json',
      'seed-0/teacher.safetensors',
      'seed-0/teacher.json',
      'seed-0/subset/oracle.safetensors',
      'seed-0/class-0/ga.safetensors',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const rows = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows.map((row) => `${row.scenario}/${row.method}`)).toEqual([
      'subset/original',
      'subset/ga',
      'subset/scrub',
      'class-0/original',
      'class-0/ga',
      'class-0/scrub',
    ]);
    const header = readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0].split(',');
    for (const column of [
      'seed',
      'dataset',
      'model',
      'preset',
      'scenario',
      'method',
      'forget_acc',
      'retain_acc',
      'test_acc',
      'uqi',
      'kl_retain',
      'js_test',
      'agree_test',
      'mia_auc_confidence',
      'mia_auc_confidence_oracle',
      'mia_auc_loss_gap',
      'mia_cal_logistic_auc',
      'tow',
      'relearn_steps',
      'relearn_censored',
      'mia_members',
      'mia_non_members',
      'mia_low_confidence',
      'selection',
      'selected_epoch',
      'target_reached',
      'seconds',
      'speedup',
      'method_config',
    ]) {
      expect(header, column).toContain(column);
    }
    for (const row of rows) {
      expect(row.status).toBe('ok');
      for (const k of ['forget_acc', 'retain_acc', 'test_acc', 'agree_test', 'mia_auc_confidence']) {
        expect(row[k] as number).toBeGreaterThanOrEqual(0);
        expect(row[k] as number).toBeLessThanOrEqual(1);
      }
    }
    const original = rows.find((row) => row.method === 'original' && row.scenario === 'subset')!;
    expect(original.uqi).toBe(0);
    expect(original.forget_acc).toBe(original.teacher_forget_acc);
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(run.status).toBe('complete');
    expect(run.experiment.preset).toBe('sound');
    expect(run.seeds['0'].dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(run.seeds['0'].plan.test.length).toBe(30);
    expect(run.seeds['0'].plan.scenarios.map((s: { name: string }) => s.name)).toEqual(['subset', 'class-0']);
    expect(run.references.map((x: { kind: string }) => x.kind)).toEqual(['teacher', 'oracle', 'oracle']);
  });

  it('gives identical results whatever the worker-pool size', () => {
    const one = join(tempDir(), 'one');
    const two = join(tempDir(), 'two');
    expect(runCli(['run', ...tiny, '--seeds', '0,1', '--out', one, '--workers', '1']).status).toBe(0);
    expect(runCli(['run', ...tiny, '--seeds', '0,1', '--out', two, '--workers', '2']).status).toBe(0);
    expect(csvWithoutTiming(join(two, 'results.csv'))).toEqual(csvWithoutTiming(join(one, 'results.csv')));
    const summary = readFileSync(join(one, 'summary.csv'), 'utf8');
    expect(summary.split('\n')[0]).toContain('forget_acc_mean');
    expect(summary.split('\n')[0]).toContain('forget_acc_std');
  });

  it('resumes a killed run without redoing finished jobs and ends with the same results', async () => {
    const args = ['run', '--methods', 'all', '--seeds', '0,1,2', '--quiet', '--workers', '1'];
    const dir = join(tempDir(), 'killed');
    const child = startCli([...args, '--out', dir]);
    const firstMethod = join(dir, 'seed-0', 'subset', 'original.result.json');
    await killWhenFileAppears(child, firstMethod, 'the run');
    await new Promise((resolve) => child.on('close', resolve));
    expect(existsSync(join(dir, 'results.csv'))).toBe(false);
    const finishedBefore = readdirSync(join(dir, 'seed-0', 'subset')).filter((f) => f.endsWith('.result.json'));
    const resumed = runCli(['run', '--resume', dir, '--workers', '2']);
    expect(resumed.status).toBe(0);
    const resumedCount = Number(/resuming: (\d+) of (\d+) jobs already finished/.exec(resumed.stderr)?.[1]);
    expect(resumedCount).toBeGreaterThanOrEqual(finishedBefore.length);
    expect(resumed.stderr).not.toContain('seed 0 · teacher\n');
    const clean = join(tempDir(), 'clean');
    expect(runCli([...args, '--out', clean]).status).toBe(0);
    expect(csvWithoutTiming(join(dir, 'results.csv'))).toEqual(csvWithoutTiming(join(clean, 'results.csv')));
    const leftovers = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.includes('.tmp-'));
    expect(leftovers).toEqual([]);
  });

  it('rejects bad input with one clear line', () => {
    const bad = (args: string[]): string => {
      const r = runCli(['run', ...args, '--out', join(tempDir(), 'x')]);
      expect(r.status).not.toBe(0);
      return r.stderr.trim();
    };
    expect(bad(['--methods', 'ga,unlearn-all'])).toBe(
      "qunlearn: error: unknown unlearning method 'unlearn-all'; known methods: original, retrain, ga, fisher, neggrad-plus, cf-k, eu-k, scrub, scrub-r, certified, qmul, lca, adv-uniform, ft, rl, bad-teacher, salun, fisher-forgetting, sisa, certified-newton, langevin, langevin-all",
    );
    expect(bad(['--dataset', 'cifar'])).toMatch(
      /^qunlearn: error: unknown dataset 'cifar'; known datasets: iris, mnist/,
    );
    expect(bad(['--entangler', 'rng'])).toMatch(/'circuit.entangler': Invalid option/);
    expect(bad(['--qubits', '6'])).toMatch(/qubits must be 4, got 6; use pca-hybrid/);
    expect(bad(['--seeds', '0,x'])).toMatch(/--seeds: expected an integer/);
    expect(bad(['--set', 'ga.epochz=3'])).toMatch(/method 'ga': invalid settings/);
    expect(bad(['--forget-indices', '/nonexistent/ids.txt'])).toMatch(/ids.txt/);
    const dir = tempDir();
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ dataset: 'iris', circuit: { layerz: 2 } }));
    expect(bad(['--config', config])).toBe(
      `qunlearn: error: ${config}: invalid configuration: unknown key 'layerz' in 'circuit'`,
    );
  });
});
