import type { Rng } from '../core/random.js';
import type { BlockModel } from '../models/block-model.js';
import type { EpochRecord } from '../train/epoch-loop.js';
import type { LabeledData } from '../train/labeled-data.js';
import type { MethodSelection } from './selection.js';

/**
 * How paired retain/forget loops are iterated. `cycle` (sound): every epoch visits all batches of the longer
 * loader, cycling the shorter one. `zip` (the reference): Python's zip(), i.e. min(#retain, #forget) steps per
 * epoch — one step on Iris scenario A (reference defect 5).
 */
export type PairingMode = 'cycle' | 'zip';

/** The data family decides the reference's per-method epochs and the valid input range of adversarial steps. */
export type DataFamily = 'tabular' | 'image';

/** The training settings shared by every method (the base learning rate and batch size of the preset). */
export interface BaseTraining {
  lr: number;
  batchSize: number;
  /**
   * How `trainMethod` chooses the epoch a method returns (the protocol's policy, utility rows and forget target).
   * Methods never read it: a method's `selection` setting overrides the policy, nothing else.
   */
  selection: MethodSelection;
  pairing: PairingMode;
  /** Valid range of model inputs, for input-space attacks: [-π, π] for angles, [0, 1] for pixels. */
  inputRange: readonly [number, number];
}

/**
 * Everything an unlearning method may use. Methods declare what they need (see {@link MethodNeeds}); the runner
 * provides the same context to all of them and never branches on their names.
 */
export interface UnlearnContext {
  /** The model to unlearn: a fresh copy of the teacher that the method modifies in place. */
  model: BlockModel;
  /** The original (teacher) model, for distillation-style methods. Never modified. */
  original: BlockModel;
  /** The scenario's oracle (retrained on the retain set) and the seconds its training took; never modified. */
  oracle: { model: BlockModel; seconds: number };
  /** A freshly initialised model of the same architecture (for retraining and incompetent teachers). */
  freshModel: (streamName: string) => BlockModel;
  data: LabeledData;
  classes: number;
  retain: Int32Array;
  forget: Int32Array;
  /** Held-out rows a method may use for its own decisions (SCRUB+R's rewind target); never the test set. */
  validation: Int32Array | null;
  family: DataFamily;
  base: BaseTraining;
  /** The method's own random stream (shuffles, noise, random labels). */
  rng: Rng;
  onEpoch?: (record: EpochRecord) => void;
}

/** What a method reads from the context, so callers can validate inputs without knowing the method. */
export interface MethodNeeds {
  retain: boolean;
  forget: boolean;
  original: boolean;
  validation: boolean;
  /** Only the retrain baseline, which *is* the oracle. */
  oracle?: boolean;
}
