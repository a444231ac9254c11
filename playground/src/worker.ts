/// <reference lib="webworker" />
import {
  buildCircuit,
  createDataset,
  describeModel,
  fitPca,
  isQunlearnError,
  memorySession,
  METHODS,
  modelNames,
  parseCsv,
  parseIris,
  parseExperimentConfig,
  resolveExperiment,
  toQasm,
  transformPca,
  featureSize,
  type Dataset,
  type ExperimentConfig,
  type MemorySession,
  type ResolvedExperiment,
  type RunEvent,
} from '../../src/browser.js';
import { splitPlanOf } from '../../src/experiment/prepared-data.js';
import { referenceBehaviours } from '../../src/experiment/reference-behaviours.js';
import type { RunRecord } from '../../src/experiment/run-record.js';
import type { TrainingCurve } from '../../src/report/browser.js';
import { splitPlanToJson } from '../../src/data/plan.js';
import { VERSION } from '../../src/version.js';
import irisText from '../../data/iris.csv?raw';
import { decodeMnistSubset } from './mnist-asset.js';
import type { CircuitView, DataSource, DatasetView, LibraryInfo, Reply, Request, StudyView } from './protocol.js';

/**
 * The page's computing thread: loads data, draws circuits, trains the teacher and runs studies with the library's
 * in-memory runner, posting every job's epochs as they come. The page cancels by terminating this worker.
 */

let dataset: Dataset | null = null;
let session: { key: string; session: MemorySession } | null = null;

const post = (reply: Reply): void => (self as unknown as DedicatedWorkerGlobalScope).postMessage(reply);

async function loadSource(source: DataSource, labelColumn: string | undefined): Promise<Dataset> {
  if (source.kind === 'iris') return parseIris(irisText, 'data/iris.csv');
  if (source.kind === 'csv')
    return createDataset(
      parseCsv(source.text, { path: source.name, ...(labelColumn === undefined ? {} : { labelColumn }) }),
    );
  const response = await fetch(new URL('../mnist-100.bin', import.meta.url));
  if (!response.ok) throw new Error(`the MNIST subset could not be fetched (HTTP ${response.status})`);
  return decodeMnistSubset(new Uint8Array(await response.arrayBuffer()));
}

/** The configuration resolved as `qunlearn run --config` resolves it, with the CSV's label column applied. */
function resolve(config: ExperimentConfig): ResolvedExperiment {
  return resolveExperiment(parseExperimentConfig(config, 'playground settings'));
}

function currentDataset(): Dataset {
  if (dataset === null) throw new Error('no dataset is loaded');
  return dataset;
}

/** The session of a configuration: every method resolved, so that choosing other methods keeps the teacher and oracles. */
function sessionFor(config: ExperimentConfig): MemorySession {
  const all = { ...config, methods: METHODS.map((m) => m.name) };
  const key = JSON.stringify(all);
  if (session?.key !== key) {
    session?.session.release();
    const data = currentDataset();
    session = { key, session: memorySession(resolve(all), () => data) };
  }
  return session.session;
}

function datasetView(config: ExperimentConfig): DatasetView {
  const data = currentDataset();
  const experiment = resolve(config);
  const plan = splitPlanOf(experiment, data, experiment.seeds[0]);
  const width = featureSize(data.featureShape);
  const pca = fitPca(data.features, width, { components: 2, rows: plan.train });
  const xy = transformPca(pca, data.features);
  const n = data.labels.length;
  return {
    name: data.name,
    rows: n,
    features: width,
    classNames: data.classNames,
    train: Array.from(plan.train),
    labels: Array.from(data.labels),
    x: Array.from({ length: n }, (_, i) => xy[2 * i]),
    y: Array.from({ length: n }, (_, i) => xy[2 * i + 1]),
  };
}

function circuitView(config: ExperimentConfig): CircuitView {
  const model = sessionFor(config).prepared[0].model;
  const name = `${model.preset}${model.classical ? '-classical' : ''}`;
  if (model.classical) return { model: name, qubits: 0, ops: [], qasm: '', description: describeModel(model) };
  const circuit = buildCircuit(model.circuit);
  return {
    model: name,
    qubits: circuit.qubits,
    ops: circuit.ops.map((op) => ({ name: op.name, wires: [...op.wires] })),
    qasm: toQasm(circuit),
    description: describeModel(model),
  };
}

async function handle(id: number, request: Request): Promise<unknown> {
  const onEvent = (event: RunEvent): void => post({ id, type: 'event', event });
  switch (request.type) {
    case 'info': {
      const info: LibraryInfo = {
        methods: METHODS.map((m) => ({ name: m.name, label: m.label })),
        models: modelNames(),
      };
      return info;
    }
    case 'load':
      dataset = await loadSource(request.source, request.config.data?.labelColumn);
      session = null;
      return datasetView(request.config);
    case 'circuit':
      return circuitView(request.config);
    case 'teacher': {
      const s = sessionFor(request.config);
      const outcome = await s.run(
        s.jobs.filter((j) => j.kind === 'teacher'),
        { onEvent },
      );
      return outcome.references;
    }
    case 'study': {
      const s = sessionFor(request.config);
      const chosen = new Set(request.config.methods ?? []);
      const started = new Date().toISOString();
      const outcome = await s.run(
        s.jobs.filter((j) => j.kind !== 'method' || chosen.has(j.method)),
        { onEvent },
      );
      const experiment = resolve(request.config);
      const seeds = Object.fromEntries(
        outcome.prepared.map((data, i) => [
          String(experiment.seeds[i]),
          {
            dataset: {
              name: data.dataset.name,
              source: data.dataset.source,
              fingerprint: data.dataset.fingerprint,
              rows: data.dataset.labels.length,
              classNames: data.dataset.classNames,
            },
            model: data.model,
            preprocessing: data.preprocessing,
            plan: splitPlanToJson(data.plan),
          },
        ]),
      );
      const record: RunRecord = {
        format: 'qunlearn-run/1',
        qunlearnVersion: VERSION,
        node: `browser: ${navigator.userAgent}`,
        createdAt: started,
        updatedAt: new Date().toISOString(),
        status: outcome.failures.length === 0 ? 'complete' : 'failed',
        experiment,
        referenceBehaviours: referenceBehaviours(experiment),
        seeds,
        references: outcome.references.map(({ log: _log, ...rest }) => rest),
        timings: { seconds: outcome.seconds, jobs: {} },
        failures: outcome.failures,
      };
      const curves: TrainingCurve[] = [
        ...outcome.references.map(
          (r): TrainingCurve => ({
            kind: r.kind,
            seed: r.seed,
            scenario: r.scenario ?? '',
            method: r.kind,
            log: r.log,
          }),
        ),
        ...outcome.methods.map(
          (m): TrainingCurve => ({ kind: 'method', seed: m.seed, scenario: m.scenario, method: m.method, log: m.log }),
        ),
      ];
      const view: StudyView = {
        rows: outcome.rows,
        summary: outcome.summary,
        references: outcome.references,
        seconds: outcome.seconds,
        record,
        curves,
      };
      return view;
    }
  }
}

self.onmessage = (e: MessageEvent<{ id: number; request: Request }>) => {
  const { id, request } = e.data;
  handle(id, request).then(
    (value) => post({ id, type: 'done', value }),
    (error: unknown) =>
      post({
        id,
        type: 'error',
        message: isQunlearnError(error) || error instanceof Error ? error.message : String(error),
      }),
  );
};
