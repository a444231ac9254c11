import { QunlearnError } from '../../core/errors.js';
import type { DataKind } from '../presets.js';

/**
 * Where each unlearned model starts: its own original model, trained with its own seed (`per-model`, the default:
 * the randomness of training and unlearning together, as certified unlearning defines it), or one original model
 * for all, unlearned N times with different method seeds (`shared`, the NeurIPS 2023 competition's setting).
 */
export const ORIGINAL_MODES = ['per-model', 'shared'] as const;
export type OriginalMode = (typeof ORIGINAL_MODES)[number];

/** The smallest population: the chance level splits the retrained pool into two halves of at least 3. */
export const MIN_AUDIT_MODELS = 6;

/** Models per population when none is given, on tabular data (an image model is a full training: say how many). */
export const DEFAULT_AUDIT_MODELS = 64;

/** The audit of a run, resolved: N models per population, the original mode, and the seed of the data split. */
export interface AuditSettings {
  models: number;
  original: OriginalMode;
  /** The data seed (split, image sample): the run's first seed. Model seeds are the model indices 0 … N − 1. */
  seed: number;
}

/** What a user may give (every key optional). */
export interface AuditConfig {
  models?: number;
  original?: OriginalMode;
}

/** Fills the audit's defaults; image data needs an explicit N, since each of its models is a full training. */
export function resolveAudit(config: AuditConfig, kind: DataKind, seeds: readonly number[]): AuditSettings {
  if (config.models === undefined && kind === 'image') {
    throw new QunlearnError(
      'config',
      `audit.models: an audit of image data needs an explicit number of models per population (e.g. --models 16): each is a full training; ${DEFAULT_AUDIT_MODELS} is the default on tabular data only`,
    );
  }
  return { models: config.models ?? DEFAULT_AUDIT_MODELS, original: config.original ?? 'per-model', seed: seeds[0] };
}
