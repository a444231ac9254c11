import { createHash } from 'node:crypto';
import type { ModelConfig } from '../../models/presets.js';
import type { ResolvedExperiment } from '../config.js';
import { canonicalJson } from '../../core/canonical-json.js';

/**
 * Exactly the settings that determine a run's teacher and oracles (for a given seed): the data and its options, the
 * split and the forget scenarios, the protocol, the training hyperparameters, what the teacher trains on, and the
 * fully resolved model (so `layers: 2` written out and left to the preset's default are the same model). Methods,
 * their settings and the evaluation options are not among them: runs that differ only there share references.
 */
export interface ReferenceSettings {
  dataset: ResolvedExperiment['dataset'];
  data: ResolvedExperiment['data'];
  kind: ResolvedExperiment['kind'];
  preset: ResolvedExperiment['preset'];
  protocol: ResolvedExperiment['protocol'];
  /** The resolved model; a classical twin's circuit is reduced to its width (see `referenceSettings`). */
  model: Omit<ModelConfig, 'circuit'> & { circuit: Partial<ModelConfig['circuit']> };
  training: ResolvedExperiment['training'];
  split: ResolvedExperiment['split'];
  scenarios: ResolvedExperiment['scenarios'];
  teacherTrainOn: ResolvedExperiment['teacherTrainOn'];
}

/**
 * The reference settings of an experiment whose model resolved to `model`. A classical twin replaces the circuit by
 * Linear(qubits, qubits) + tanh, so of the circuit only its width shapes the model: twins in a sweep over depth or
 * entanglement share one teacher per seed instead of training identical ones.
 */
export function referenceSettings(experiment: ResolvedExperiment, model: ModelConfig): ReferenceSettings {
  const { dataset, data, kind, preset, protocol, training, split, scenarios, teacherTrainOn } = experiment;
  const shaped = model.classical ? { ...model, circuit: { qubits: model.circuit.qubits } } : model;
  return { dataset, data, kind, preset, protocol, model: shaped, training, split, scenarios, teacherTrainOn };
}

/**
 * The reference key: 16 hex digits of the SHA-256 of the canonical settings. The seed is not part of it; a store
 * keeps each seed's teacher and oracles in `seed-<s>/` under the key, laid out as in a run directory.
 */
export function referenceKey(settings: ReferenceSettings): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex').slice(0, 16);
}
