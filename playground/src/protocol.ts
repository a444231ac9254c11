import type { ExperimentConfig, RunEvent, ResultRow, SummaryRow, TrainingSummary } from '../../src/browser.js';
import type { RunRecord } from '../../src/experiment/run-record.js';
import type { TrainingCurve } from '../../src/report/browser.js';

/** Where the page's data comes from: the bundled Iris table, a dropped CSV file's text, or the bundled MNIST subset. */
export type DataSource = { kind: 'iris' } | { kind: 'csv'; name: string; text: string } | { kind: 'mnist' };

/** What the page asks the worker. Every request carries the configuration it is about. */
export type Request =
  | { type: 'info' }
  | { type: 'load'; source: DataSource; config: ExperimentConfig }
  | { type: 'circuit'; config: ExperimentConfig }
  | { type: 'teacher'; config: ExperimentConfig }
  | { type: 'study'; config: ExperimentConfig };

/** A loaded dataset as the page shows it: its shape, and a 2-D PCA projection of every row with the seed's split. */
export interface DatasetView {
  name: string;
  rows: number;
  features: number;
  classNames: string[];
  /** Row ids of the training set (the rows a deletion request may name). */
  train: number[];
  labels: number[];
  /** PCA coordinates (fitted on the training rows) of every row. */
  x: number[];
  y: number[];
}

/** The quantum circuit of the model: its operations for drawing and its OpenQASM 3 text (null for a classical twin). */
export interface CircuitView {
  model: string;
  qubits: number;
  ops: { name: string; wires: number[] }[];
  qasm: string;
  description: string;
}

/** A study's outcome as the page shows it (the rows are those of results.csv). */
export interface StudyView {
  rows: ResultRow[];
  summary: SummaryRow[];
  references: TrainingSummary[];
  seconds: number;
  /** What run.json would record of this run, and every training log: what the HTML report is built from. */
  record: RunRecord;
  curves: TrainingCurve[];
}

/** What the page offers: the registry's methods (name and label) and the model names. */
export interface LibraryInfo {
  methods: { name: string; label: string }[];
  models: string[];
}

/** What the worker answers: a request's value or error, or a progress event of the running request. */
export type Reply =
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'error'; message: string }
  | { id: number; type: 'event'; event: RunEvent };
