import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end wall time of `qunlearn run --preset paper` (every method, both scenarios) per dataset, on all cores:
 * `npm run bench:e2e -- iris mnist fashion-mnist [--dtype float32]`. Prints the time against the target and the
 * reference, the teacher/oracle test accuracies and, where /usr/bin/time exists, the peak resident memory and the
 * CPU time: on a shared machine the wall time depends on the load, CPU time / cores much less. Needs a build
 * (`npm run build`).
 */
const TARGETS: Record<string, { seconds: number; reference: string }> = {
  iris: { seconds: 30, reference: '0.8 h' },
  mnist: { seconds: 3 * 60, reference: '12.2 h' },
  'fashion-mnist': { seconds: 15 * 60, reference: '63.3 h' },
};

const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const dtypeAt = args.indexOf('--dtype');
const dtype = dtypeAt >= 0 ? args.splice(dtypeAt, 2)[1] : undefined;
const wanted = args.length > 0 ? args : ['iris'];
const timer = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
for (const dataset of wanted) {
  const target = TARGETS[dataset];
  if (target === undefined) {
    console.error(`unknown dataset '${dataset}'; known: ${Object.keys(TARGETS).join(', ')}`);
    process.exit(2);
  }
  const out = join(mkdtempSync(join(tmpdir(), 'qunlearn-e2e-')), dataset);
  const run = [
    cli,
    'run',
    '--dataset',
    dataset,
    '--preset',
    'paper',
    '--out',
    out,
    '--quiet',
    '--no-report',
    ...(dtype ? ['--dtype', dtype] : []),
  ];
  const command =
    timer !== null ? [timer, '-f', 'peak-rss-kb %M cpu-s %U %S', process.execPath, ...run] : [process.execPath, ...run];
  const t0 = performance.now();
  const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
  const rss = /peak-rss-kb (\d+) cpu-s ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
    references: { kind: string; scenario?: string; testAccuracy: number; epochs: number }[];
  };
  const refs = record.references
    .map(
      (x) => `${x.kind}${x.scenario ? `(${x.scenario})` : ''} test ${x.testAccuracy.toFixed(3)} in ${x.epochs} epochs`,
    )
    .join('; ');
  const memory = rss
    ? `, peak RSS ${(Number(rss[1]) / 1024).toFixed(0)} MiB, CPU ${(Number(rss[2]) + Number(rss[3])).toFixed(0)} s (user + system)`
    : '';
  console.log(
    `${dataset} paper preset${dtype ? ` (${dtype})` : ''}, every method, both scenarios: ${seconds.toFixed(1)} s${memory} (target <= ${target.seconds} s; reference ${target.reference}) — ${refs} — ${out}`,
  );
}
