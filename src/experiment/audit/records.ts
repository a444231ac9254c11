import { existsSync, readFileSync } from 'node:fs';
import { QunlearnError } from '../../core/errors.js';
import type { AuditedModel } from '../../metrics/population-audit.js';
import type { OriginalMode } from './settings.js';

/** Format tag of an audit's model records. */
export const AUDIT_MODEL_FORMAT = 'qunlearn-audit-model/1';

/** What the audit keeps of one model on one scenario (never its weights). */
export interface ModelRecord extends AuditedModel {
  phi: number[];
}

/** A method that failed on this model (its message), in place of the model's record. */
export interface FailedRecord {
  error: string;
}

/** Retrained model `model` of a scenario. */
export interface RetrainedRecord extends ModelRecord {
  format: typeof AUDIT_MODEL_FORMAT;
  seed: number;
  model: number;
  scenario: string;
  role: 'retrained';
}

/** Every method's unlearned model `model`, per scenario and method. */
export interface UnlearnedRecord {
  format: typeof AUDIT_MODEL_FORMAT;
  seed: number;
  model: number;
  role: 'unlearned';
  original: OriginalMode;
  scenarios: Record<string, Record<string, ModelRecord | FailedRecord>>;
  /**
   * For methods with a mechanism (SISA, the certified heads), model `model` of the mechanism retrained from scratch
   * without the forget set, from streams of its own: the population their guarantee compares with.
   */
  sameMechanism?: Record<string, Record<string, ModelRecord | FailedRecord>>;
}

/**
 * Reads a model record, or null when it does not exist yet (its job has not finished). Records are written
 * atomically, so one that exists but does not parse was damaged after the fact: that is an error naming the file.
 */
export function readModelRecord<T extends RetrainedRecord | UnlearnedRecord>(file: string): T | null {
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new QunlearnError(
      'audit',
      `${file} is not valid JSON (${(e as Error).message}); delete it and resume the audit to redo that model`,
    );
  }
  if ((value as { format?: unknown } | null)?.format !== AUDIT_MODEL_FORMAT) {
    throw new QunlearnError(
      'audit',
      `${file} is not a qunlearn audit model record (format ${JSON.stringify((value as { format?: unknown } | null)?.format)}); delete it and resume the audit to redo that model`,
    );
  }
  return value as T;
}

/** True for a method's record that failed on this model. */
export function isFailed(record: ModelRecord | FailedRecord): record is FailedRecord {
  return 'error' in record;
}
