import { existsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { FAST, failsWith } from './helpers.js';

/** FAST without the flags these tests set themselves. */
const BASE = FAST.filter(
  (a, i) => !['--scenarios', '--workers'].includes(a) && !['--scenarios', '--workers'].includes(FAST[i - 1]),
);

describe('fault 4: conflicting, meaningless and repeated flags are errors naming both sides', () => {
  const root = tempDir();
  const csv = join(root, 'mine.csv');
  writeFileSync(
    csv,
    `x,y,label\n${Array.from({ length: 30 }, (_v, i) => `${i % 3}.${i},${i},${'abc'[i % 3]}`).join('\n')}\n`,
  );
  const request = join(root, 'request.txt');
  writeFileSync(request, '1\n3\n');
  const config = join(root, 'study.json');
  writeFileSync(config, JSON.stringify({ data: { path: csv } }));

  // Before: each of these ran to the end with exit code 0 and dropped or misrecorded the setting.
  const cases: [string, string[], string][] = [
    [
      '--data without --dataset csv trained on Iris',
      ['--data', csv],
      `--data ${csv} is only read by --dataset csv, not by the default dataset iris; add --dataset csv`,
    ],
    [
      "a config file's data.path with the default dataset",
      ['--config', config],
      `'data.path: ${JSON.stringify(csv)}' in ${config} is only read by --dataset csv, not by the default dataset iris; add --dataset csv`,
    ],
    [
      '--scenarios subset dropped --forget-indices',
      ['--scenarios', 'subset', '--forget-indices', request],
      '--forget-indices sets up the indices scenario, but --scenarios subset does not run it; add indices to --scenarios (e.g. --scenarios subset,indices) or drop --forget-indices',
    ],
    [
      '--scenarios subset ignored --forget-class',
      ['--scenarios', 'subset', '--forget-class', '1'],
      '--forget-class sets up the class scenario, but --scenarios subset does not run it',
    ],
    [
      '--forget-indices alone ignored --forget-class',
      ['--forget-indices', request, '--forget-class', '1'],
      '--forget-class sets up the class scenario, but --forget-indices without --scenarios runs only the deletion request; pass --scenarios class,indices',
    ],
    [
      '--label-column on Iris',
      ['--label-column', 'species'],
      '--label-column species is only read by --dataset csv, not by the default dataset iris; drop --label-column',
    ],
    [
      '--per-class on Iris',
      ['--per-class', '5'],
      '--per-class 5 is only read by --dataset mnist or fashion-mnist or idx, not by the default dataset iris; drop --per-class',
    ],
    [
      '--noise on a classical twin was recorded as if used',
      ['--model', 'iris-shallow-classical', '--noise', '0.1'],
      '--noise 0.1 has no effect on --model iris-shallow-classical: a classical twin has no quantum circuit',
    ],
    [
      '--shots with --diff adjoint was recorded as adjoint',
      ['--shots', '100', '--diff', 'adjoint'],
      '--shots 100 estimates ⟨Z⟩ from samples, which needs parameter-shift gradients, but --diff adjoint asks for adjoint ones',
    ],
    [
      'a repeated flag: the last won',
      ['--lr', '0.1', '--lr', '0.2'],
      '--lr is given twice (0.1, then 0.2); give it once',
    ],
    [
      'a repeated --set key: the last won',
      ['--set', 'ga.epochs=3', '--set', 'ga.epochs=4'],
      '--set ga.epochs is given twice (3, then 4); give each setting once',
    ],
    [
      '--force-workers without --workers',
      ['--force-workers'],
      '--force-workers lets --workers exceed the cores; without --workers it has nothing to do',
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const out = join(root, `run-${cases.findIndex((c) => c[0] === what)}`);
      expect(failsWith(['run', ...BASE, ...args, '--out', out])).toContain(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('eval: --data without --dataset csv', () => {
    const dir = join(root, 'model');
    expect(runCli(['train', '--epochs', '2', '--quiet', '--out', dir]).status).toBe(0);
    expect(failsWith(['eval', '--checkpoint', dir, '--data', csv])).toBe(
      `--data ${csv} is only read by --dataset csv, not by the checkpoint's dataset iris; add --dataset csv`,
    );
  });
});

describe('fault 5: a value listed twice is an error', () => {
  it.each([
    [['run', '--seeds', '0,0'], '--seeds: 0 is listed twice; give each value once'],
    [['run', '--methods', 'ga,original,ga'], '--methods: ga is listed twice'],
    [['run', '--forget-class', '1,1'], '--forget-class: 1 is listed twice'],
    [['run', '--scenarios', 'subset,subset'], '--scenarios: subset is listed twice'],
    [['sweep', '--layers', '1,2,1'], '--layers: 1 is listed twice'],
    [['sweep', '--noise', '0.1,0.10'], '--noise: 0.1 is listed twice'],
    [['sweep', '--set', 'ga.epochs=5,5'], '--set ga.epochs: 5 is listed twice'],
  ])('%j', (args, message) => {
    // Before: `--seeds 0,0` gave duplicate rows and a summary sd of 0 over "n = 2".
    expect(failsWith([...args, '--out', join(tempDir(), 'x')])).toContain(message);
  });
});

describe('fault 6: method settings are checked before anything trains', () => {
  it('eu-k.k beyond the layer groups fails at once, leaving no folder', () => {
    // Before: it failed after the teacher and oracles had trained, recommending a --resume that refuses --set.
    const out = join(tempDir(), 'euk');
    const t0 = performance.now();
    expect(failsWith(['run', ...BASE.slice(2), '--methods', 'original,eu-k', '--set', 'eu-k.k=99', '--out', out])).toBe(
      "method 'eu-k': k must be an integer between 1 and 3 (the model's layer groups: quantum, head.0, head.1), got 99 (checked before training: nothing was trained)",
    );
    expect(existsSync(out)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(
      failsWith([
        'run',
        ...BASE.slice(2),
        '--methods',
        'cf-k',
        '--set',
        'cf-k.mode=ascent',
        '--set',
        'cf-k.k=3',
        '--out',
        out,
      ]),
    ).toContain("method 'cf-k': k = 3 freezes every layer group");
  });

  it('a sweep lists such runs as invalid before running any', () => {
    const message = runCli([
      'sweep',
      '--methods',
      'eu-k',
      '--set',
      'eu-k.k=1,99',
      '--scenarios',
      'subset',
      '--out',
      join(tempDir(), 's'),
    ]).stderr;
    expect(message).toContain(
      "1 of 2 runs cannot run (nothing was started):\n  eu-k.k=99,seed=0: method 'eu-k': k must be an integer between 1 and 3",
    );
  });
});

describe('fault 10: more worker threads than cores', () => {
  it('warns and caps --workers at the core count unless --force-workers', () => {
    // Before: --workers 100 on 2 cores ran 100 threads (2.2 GB resident, 13x slower) without a word.
    const cores = availableParallelism();
    const capped = runCli(['run', ...BASE, '--workers', '100', '--out', join(tempDir(), 'w')]);
    expect(capped.status).toBe(0);
    expect(capped.stderr).toBe(
      `qunlearn: warning: --workers 100 (100 threads) is more than the ${cores} cores of this machine; using ${cores} (threads beyond the cores only take turns, each with its own copy of the data; --force-workers keeps 100)\n`,
    );
    const forced = runCli([
      'run',
      ...BASE,
      '--workers',
      String(cores + 1),
      '--force-workers',
      '--out',
      join(tempDir(), 'f'),
    ]);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toContain(`running them all as --force-workers asks`);
  });
});

describe('fault 11: circuit --inputs with an out-of-range number', () => {
  it('names the element instead of echoing null', () => {
    expect(
      failsWith(['circuit', '--qubits', '2', '--layers', '1', '--inputs', '[0.1,1e400]', '--weights', '[0,0,0,0,0,0]']),
    ).toBe(
      '--inputs: element 1 is beyond the range of a number (it reads as Infinity); expected one angle per qubit, or a list of such rows (2 finite numbers)',
    );
  });
});
