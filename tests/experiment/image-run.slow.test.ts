import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR } from '../../src/data/node/fashion.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { METHODS } from '../../src/unlearn/registry.js';

/** Small image studies end to end through the CLI: the CNN front-end, 8 and 10 qubits, every method. */
describe('qunlearn run on image data (slow)', () => {
  it('MNIST: cnn-hybrid with every method on both scenarios', () => {
    const dir = join(tempDir(), 'mnist');
    const r = runCli(
      [
        'run',
        '--dataset',
        'mnist',
        '--per-class',
        '40',
        '--epochs',
        '3',
        '--set',
        'scrub.epochs=3',
        '--quiet',
        '--out',
        dir,
      ],
      { timeoutMs: 1_800_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows.length).toBe(2 * METHODS.length);
    expect(rows.every((row) => row.status === 'ok' && row.qubits === 8 && row.model === 'cnn-hybrid')).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  });

  it.skipIf(!existsSync(FASHION_MNIST_DIR))('Fashion-MNIST: 10 qubits, the paper preset, a few methods', () => {
    const dir = join(tempDir(), 'fashion');
    const r = runCli(
      [
        'run',
        '--dataset',
        'fashion-mnist',
        '--preset',
        'paper',
        '--per-class',
        '60',
        '--epochs',
        '3',
        '--methods',
        'original,retrain,ga,scrub,salun',
        '--set',
        'scrub.epochs=3',
        '--quiet',
        '--out',
        dir,
      ],
      { timeoutMs: 1_800_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows.every((row) => row.status === 'ok' && row.qubits === 10)).toBe(true);
    expect(rows.some((row) => typeof row.mia_auc_reference === 'number')).toBe(true);
  });
});
