import { scenarioCounts } from '../experiment/recorded-plan.js';
import { meanInterval } from '../metrics/student-t.js';
import { describeModel } from '../models/presets.js';
import type { Table } from './document.js';
import { duration, fixed } from './format.js';
import { seedRecord, type LoadedRun } from './run-data.js';

/**
 * What a run is, in words: the settings that define it (which a comparison diffs to say what changed between two
 * runs) and the facts that describe how it went (reference accuracies, timings, versions).
 */

/** The settings of a run that define its results, label → value, in reading order. */
export function runSettings(run: LoadedRun): Map<string, string> {
  const { experiment } = run.record;
  const first = seedRecord(run.record, experiment.seeds[0]);
  const settings = new Map<string, string>();
  const data = first?.dataset;
  settings.set(
    'dataset',
    data === undefined ? experiment.dataset : `${data.name} (${data.rows} rows, ${data.classNames.length} classes)`,
  );
  settings.set('model', experiment.model);
  const model = first?.model;
  if (model?.classical) {
    settings.set(
      'quantum layer',
      `none: classical twin Linear(${model.circuit.qubits},${model.circuit.qubits}) + tanh`,
    );
  } else if (model !== undefined) {
    const c = model.circuit;
    settings.set('qubits', String(c.qubits));
    settings.set('circuit layers', String(c.layers));
    settings.set('encoding', `${c.encoding}${c.reupload ? ', re-uploaded before every layer' : ''}`);
    settings.set('entangler', `${c.entangler} (${c.entanglingGate.toUpperCase()})`);
    settings.set('noise', c.noise > 0 ? `depolarizing p = ${c.noise}` : 'none');
    settings.set('shots', c.shots === null ? 'exact expectation values' : String(c.shots));
    settings.set('gradients', c.diff);
  }
  const p = experiment.protocol;
  settings.set(
    'preset',
    `${experiment.preset} (epochs selected on the ${p.selection} set by ${p.selectMetric}; scaler fitted on ${p.scalerFit} rows)`,
  );
  settings.set('seeds', experiment.seeds.join(', '));
  const t = experiment.training;
  settings.set(
    'training',
    `up to ${t.epochs} epochs, patience ${t.patience}, batch ${t.batchSize}, learning rate ${t.lr}`,
  );
  settings.set(
    'split',
    `test ${Math.round(experiment.split.testFraction * 100)} %, validation ${Math.round(experiment.split.validationFraction * 100)} % of the training rows`,
  );
  const scenarios = first?.plan !== undefined ? scenarioCounts(first.plan) : [];
  settings.set(
    'scenarios',
    scenarios.length > 0
      ? scenarios.map((s) => `${s.name} (${s.kind}: ${s.forget} rows forgotten, ${s.retain} retained)`).join('; ')
      : experiment.scenarios.map((s) => s.kind).join(', '),
  );
  settings.set('methods', `${experiment.methods.length}: ${experiment.methods.map((m) => m.name).join(', ')}`);
  settings.set(
    'epoch selection of unlearning runs',
    `${experiment.methodSelection ?? 'utility'}${experiment.methodSelection === 'forget-target' ? ' (forget set at the level of unseen data, then best retained utility)' : ''}`,
  );
  const inForce = run.record.referenceBehaviours ?? [];
  settings.set(
    'reference behaviours in force',
    inForce.length === 0 ? 'none' : inForce.map((b) => `${b.text} [off: ${b.off}]`).join('; '),
  );
  return settings;
}

/** One sentence naming the model, e.g. `iris-shallow (4 qubits x 2 layers, reference encoding, ring CZ), 3 classes`. */
export function modelSentence(run: LoadedRun): string {
  const model = seedRecord(run.record, run.record.experiment.seeds[0])?.model;
  return model === undefined ? run.record.experiment.model : describeModel(model);
}

/** Summed seconds of the teacher, oracle and method jobs (jobs may run in parallel, so the sums can exceed the wall-clock). */
function jobSeconds(run: LoadedRun): { teacher: number; oracle: number; method: number } {
  const sums = { teacher: 0, oracle: 0, method: 0 };
  for (const [label, seconds] of Object.entries(run.record.timings?.jobs ?? {})) {
    const kind = label.endsWith('· teacher') ? 'teacher' : label.endsWith('· oracle') ? 'oracle' : 'method';
    sums[kind] += seconds;
  }
  return sums;
}

/** How the run went: status, times and versions. */
export function runFacts(run: LoadedRun): [string, string][] {
  const { record } = run;
  const jobs = jobSeconds(run);
  const failed = run.rows.filter((r) => r.status !== 'ok').length;
  return [
    [
      'run directory',
      run.dir
        .replace(/[\\/]+$/, '')
        .split(/[\\/]/)
        .pop() ?? run.dir,
    ],
    ['status', `${record.status}${failed > 0 ? ` (${failed} failed result row${failed > 1 ? 's' : ''})` : ''}`],
    ['created', record.createdAt],
    [
      'wall-clock',
      `${duration(record.timings?.seconds)} in total; summed job times: teacher ${duration(jobs.teacher)}, oracles ${duration(jobs.oracle)}, methods ${duration(jobs.method)}`,
    ],
    ['qunlearn', `${record.qunlearnVersion} on Node ${record.node}`],
  ];
}

function meanInterval95(values: readonly number[], digits = 3): string {
  if (values.length === 0) return '—';
  const { mean, ci95 } = meanInterval(values);
  return values.length < 2 ? fixed(mean, digits) : `${fixed(mean, digits)} ± ${fixed(ci95, digits)}`;
}

/** The teacher and every oracle: test and training accuracy, epochs and time (mean ± 95 % t-interval over seeds). */
export function referenceTable(run: LoadedRun): Table {
  const references = run.record.references ?? [];
  const names = [...new Set(references.map((r) => (r.kind === 'teacher' ? 'teacher' : `oracle · ${r.scenario}`)))];
  const seeds = new Set(references.map((r) => r.seed)).size;
  const teacherRows =
    run.record.experiment.teacherTrainOn === 'train' ? 'all training rows' : "the subset scenario's retain rows";
  return {
    caption: seeds > 1 ? `mean ± half-width of the 95 % t-interval over ${seeds} seeds` : 'one seed',
    columns: [
      { header: 'model', align: 'left' },
      { header: 'test acc', align: 'right', title: 'accuracy on the held-out test set' },
      { header: 'train acc', align: 'right', title: 'accuracy on the rows it was trained on' },
      { header: 'best epoch', align: 'right', title: 'the epoch kept by model selection' },
      { header: 'epochs run', align: 'right' },
      { header: 'time (s)', align: 'right' },
    ],
    rows: names.map((name) => {
      const group = references.filter((r) => (r.kind === 'teacher' ? 'teacher' : `oracle · ${r.scenario}`) === name);
      return {
        kind: 'reference' as const,
        cells: [
          {
            text:
              name === 'teacher'
                ? `Teacher (trained on ${teacherRows})`
                : `Oracle, ${name.slice('oracle · '.length)} (retrained without its forget set)`,
          },
          { text: meanInterval95(group.map((r) => r.testAccuracy)) },
          { text: meanInterval95(group.map((r) => r.trainAccuracy)) },
          {
            text: meanInterval95(
              group.map((r) => r.bestEpoch),
              0,
            ),
          },
          {
            text: meanInterval95(
              group.map((r) => r.epochs),
              0,
            ),
          },
          {
            text: meanInterval95(
              group.map((r) => r.seconds),
              2,
            ),
          },
        ],
      };
    }),
  };
}
