import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end wall time of `qunlearn run --preset paper` (every method, both scenarios) per dataset, on all cores:
 * `npm run bench:e2e -- iris mnist fashion-mnist`. Prints the time against the target and the reference, and the
 * teacher/oracle test accuracies. Needs a build (`npm run build`).
 */
const TARGETS: Record<string, { seconds: number; reference: string }> = {
  iris: { seconds: 30, reference: '0.8 h' },
  mnist: { seconds: 15 * 60, reference: '12.2 h' },
  'fashion-mnist': { seconds: 90 * 60, reference: '63.3 h' },
};

const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['iris'];
for (const dataset of wanted) {
  const target = TARGETS[dataset];
  if (target === undefined) {
    console.error(`unknown dataset '${dataset}'; known: ${Object.keys(TARGETS).join(', ')}`);
    process.exit(2);
  }
  const out = join(mkdtempSync(join(tmpdir(), 'qunlearn-e2e-')), dataset);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'run', '--dataset', dataset, '--preset', 'paper', '--out', out, '--quiet', '--no-report'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    console.error(r.stdout);
    process.exit(1);
  }
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { references: { kind: string; scenario?: string; testAccuracy: number; epochs: number }[] };
  const refs = run.references.map((x) => `${x.kind}${x.scenario ? `(${x.scenario})` : ''} test ${x.testAccuracy.toFixed(3)} in ${x.epochs} epochs`).join('; ');
  console.log(`${dataset} paper preset, every method, both scenarios: ${seconds.toFixed(1)} s (target <= ${target.seconds} s; reference ${target.reference}) — ${refs} — ${out}`);
}
