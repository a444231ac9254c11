import type { AuditRow } from '../experiment/audit/rows.js';
import type { RecordedPlan } from '../experiment/recorded-plan.js';
import type { ResultRow, SummaryRow } from '../experiment/results.js';
import type { RunRecord } from '../experiment/run-record.js';
import type { ModelConfig } from '../models/presets.js';
import type { EpochRecord } from '../train/epoch-loop.js';

/** A run as reports read it (from its folder in Node, or from memory in the playground). */

/** What run.json records about one seed (written by the runner). */
export interface SeedRecord {
  dataset: { name: string; source: string; fingerprint: string; rows: number; classNames: string[] };
  model: ModelConfig;
  /** The seed's split plan: inline, or (large data) counts with the ids in a side file. */
  plan: RecordedPlan;
}

/** The per-epoch log of one training run of a run: the teacher, an oracle or an unlearning method. */
export interface TrainingCurve {
  kind: 'teacher' | 'oracle' | 'method';
  seed: number;
  /** Empty for the teacher. */
  scenario: string;
  /** The method's name, or 'teacher' / 'oracle'. */
  method: string;
  log: EpochRecord[];
}

/** A finished run directory, read back for reporting. */
export interface LoadedRun {
  /** Absolute path of the run directory. */
  dir: string;
  record: RunRecord;
  /** One row per seed × scenario × method, failed rows included. */
  rows: ResultRow[];
  /** Per scenario × method over seeds (ok rows only): n, mean, sd and 95 % t-interval per metric. */
  summary: SummaryRow[];
  curves: TrainingCurve[];
  /** The audit's rows (audit.json), when the run has one. */
  audit: AuditRow[] | null;
}

/** The seed's record, typed (run.json stores it loosely). */
export function seedRecord(record: RunRecord, seed: number): SeedRecord {
  return record.seeds[String(seed)] as SeedRecord;
}
