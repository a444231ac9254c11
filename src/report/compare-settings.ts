import { basename } from 'node:path';
import { seedRecord, type LoadedRun } from './load-run.js';

/**
 * What tells two runs apart, in a few words: the comparison labels each run's bars and points by the settings that
 * differ (e.g. `2 layers` vs `4 layers`, or `iris-shallow` vs `iris-shallow-classical`).
 */

/** Short forms of the settings that a comparison is usually about, in order of importance. */
export function shortSettings(run: LoadedRun): Map<string, string> {
  const { experiment } = run.record;
  const model = seedRecord(run.record, experiment.seeds[0])?.model;
  const settings = new Map<string, string>([
    ['dataset', experiment.dataset],
    ['model', experiment.model],
  ]);
  if (model !== undefined && !model.classical) {
    const c = model.circuit;
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    settings.set('qubits', plural(c.qubits, 'qubit'));
    settings.set('layers', plural(c.layers, 'layer'));
    settings.set('encoding', `${c.encoding} encoding${c.reupload ? ' re-uploaded' : ''}`);
    settings.set('entangler', `${c.entangler} ${c.entanglingGate.toUpperCase()}`);
    settings.set('noise', c.noise > 0 ? `noise ${c.noise}` : 'noiseless');
    settings.set('shots', c.shots === null ? 'exact' : plural(c.shots, 'shot'));
    settings.set('gradients', c.diff);
  }
  settings.set('preset', `${experiment.preset} preset`);
  settings.set('seeds', `seeds ${experiment.seeds.join(',')}`);
  const t = experiment.training;
  settings.set('training', `${t.epochs} epochs, lr ${t.lr}, batch ${t.batchSize}`);
  return settings;
}

/** The short settings that both runs have and that differ, as [setting, value in A, value in B]. */
export function differingSettings(a: LoadedRun, b: LoadedRun): [string, string, string][] {
  const sa = shortSettings(a);
  const sb = shortSettings(b);
  return [...sa].flatMap(([key, va]) => {
    const vb = sb.get(key);
    return vb !== undefined && vb !== va ? [[key, va, vb] as [string, string, string]] : [];
  });
}

/**
 * Distinct labels for two runs: the values of the (at most two most important) differing settings, else the
 * folder names, else `run A` / `run B`.
 */
export function runLabels(a: LoadedRun, b: LoadedRun): [string, string] {
  const differing = differingSettings(a, b).slice(0, 2);
  if (differing.length > 0) return [differing.map((d) => d[1]).join(', '), differing.map((d) => d[2]).join(', ')];
  const [na, nb] = [basename(a.dir), basename(b.dir)];
  return na !== nb ? [na, nb] : ['run A', 'run B'];
}
