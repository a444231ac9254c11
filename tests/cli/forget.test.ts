import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockFolder } from '../../src/experiment/folder-lock.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('qunlearn train --method and qunlearn forget', () => {
  it('trains a SISA model, applies a request, verifies the ledger and explains bad requests', () => {
    const root = tempDir();
    const dir = join(root, 'sisa');
    const trained = runCli([
      'train',
      '--method',
      'sisa',
      '--set',
      'sisa.shards=3',
      '--set',
      'sisa.epochsPerSlice=3',
      '--out',
      dir,
    ]);
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toMatch(/guarantee: exact/);
    expect(trained.stdout).toMatch(/ledger: .*ledger\.jsonl \(record 0/);
    const train = JSON.parse(readFileSync(join(dir, 'mechanism.json'), 'utf8')).plan.train as number[];
    const ids = join(root, 'ids.txt');
    writeFileSync(ids, `# a data subject's rows\n${train[0]}\n${train[1]}\n`);
    const forgot = runCli(['forget', '--model', dir, '--rows', ids]);
    expect(forgot.status).toBe(0);
    expect(forgot.stdout).toMatch(/deleted 2 row\(s\) .*\(sisa, guarantee exact\)/);
    expect(forgot.stdout).toMatch(
      /retrained shard\(s\) .* from their checkpoints; \d+\.\d % of the training work redone/,
    );
    expect(forgot.stdout).toMatch(/test accuracy \d\.\d{3} → \d\.\d{3}/);
    // A request while another one is being applied to the same model waits its turn instead of racing it.
    const held = lockFolder(dir, 'model directory', 'wait');
    const busy = runCli(['forget', '--model', dir, '--rows', ids]);
    held.release();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toMatch(
      /^qunlearn: error: model directory .* is in use by another qunlearn process: pid \d+ .*; wait for the other deletion request to finish, then apply this one\n$/,
    );
    const again = runCli(['forget', '--model', dir, '--rows', ids]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(
      /^qunlearn: error: deletion request .*line 2: row \d+ was already deleted \(ledger record 1\)/,
    );
    expect(runCli(['forget', '--verify', dir]).stdout).toMatch(
      /2 records intact \(1 training, 1 deletion request, 2 rows deleted\)/,
    );
    const ledger = join(dir, 'ledger.jsonl');
    writeFileSync(ledger, `${readFileSync(ledger, 'utf8').split('\n')[0]}\n`);
    const broken = runCli(['forget', '--verify', dir]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(
      /the ledger of .* does not verify:\n {2}- the ledger has 1 records, the model's state records 2/,
    );
    expect(runCli(['eval', '--checkpoint', dir]).stdout).toMatch(/test split of iris: 30 rows, accuracy/);
  });

  it('rejects inconsistent flags with one line', () => {
    const out = join(tempDir(), 'x');
    expect(runCli(['train', '--public-fraction', '0.2', '--out', out]).stderr).toMatch(
      /--set and --public-fraction configure a guaranteed method: add --method/,
    );
    expect(runCli(['train', '--method', 'ga', '--out', out]).stderr).toMatch(
      /--method ga: not a method with a guarantee .*choose one of sisa, certified-newton, langevin, langevin-all/,
    );
    expect(runCli(['train', '--method', 'sisa', '--public-fraction', '0.2', '--out', out]).stderr).toMatch(
      /method 'sisa': invalid settings .*publicFraction/,
    );
    expect(runCli(['forget', '--model', out]).stderr).toMatch(/needs --model DIR and --rows FILE/);
    expect(runCli(['forget', '--verify', out]).stderr).toMatch(
      /is not a model directory of a guaranteed method \(no mechanism\.json\)/,
    );
  });
});
