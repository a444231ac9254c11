import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('qunlearn train and eval', () => {
  it('trains on Iris, saves a checkpoint, and evaluates it on the same test split', () => {
    const out = join(tempDir(), 'iris');
    const trained = runCli(['train', '--dataset', 'iris', '--model', 'iris-shallow', '--out', out, '--quiet']);
    expect(trained.status).toBe(0);
    const test = Number(/test (\d\.\d{3})/.exec(trained.stdout)?.[1]);
    expect(test).toBeGreaterThan(0.8);
    const evaluated = runCli(['eval', '--checkpoint', out, '--split', 'test']);
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toContain(`test split of iris: 30 rows, accuracy ${test.toFixed(3)}`);
    expect(evaluated.stdout).toMatch(/setosa +\d+ +\d+ +\d+ +\d\.\d{3}/);
    const json = JSON.parse(
      runCli(['eval', '--checkpoint', join(out, 'model.safetensors'), '--split', 'all', '--json']).stdout,
    );
    expect(json.rows).toBe(150);
    expect(json.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(150);
  });

  it('explains bad checkpoints and splits', () => {
    expect(runCli(['eval', '--checkpoint', '/nonexistent/model']).stderr).toMatch(
      /checkpoint file \/nonexistent\/model.safetensors does not exist/,
    );
    const out = join(tempDir(), 'm');
    runCli(['train', '--out', out, '--epochs', '2', '--quiet']);
    expect(runCli(['eval', '--checkpoint', out, '--split', 'holdout']).stderr).toMatch(
      /--split: unknown split 'holdout'/,
    );
    expect(runCli(['train', '--dataset', 'csv', '--out', out]).stderr).toMatch(
      /dataset csv needs a file: pass --data FILE/,
    );
  });
});
