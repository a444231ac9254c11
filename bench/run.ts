import { benchCore } from './core.js';
import { benchModel } from './model.js';
import { printRows, type BenchRow } from './harness.js';
import { benchQuantum } from './quantum.js';
import { benchTrain } from './train.js';
import { benchUnlearn } from './unlearn.js';

/**
 * `npm run bench [suite...]`: runs the named suites (all by default) on one core and prints their figures: the
 * minimum over runs, with the median and the run-to-run range (the machine may be shared).
 */
const suites: Record<string, () => BenchRow[] | Promise<BenchRow[]>> = {
  model: benchModel,
  core: benchCore,
  quantum: benchQuantum,
  train: benchTrain,
  unlearn: benchUnlearn,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  console.error(`unknown benchmark suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
console.log(`node ${process.version}, ${new Date().toISOString()}`);
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  printRows(name, await suites[name]());
}
