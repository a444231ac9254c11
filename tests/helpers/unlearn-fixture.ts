import { Rng } from '../../src/core/random.js';
import type { BlockModel } from '../../src/models/block-model.js';
import { captureState, restoreState, type ModelState } from '../../src/models/state.js';
import { trainClassifier } from '../../src/train/classifier.js';
import type { UnlearnContext } from '../../src/unlearn/context.js';
import type { MethodSelection } from '../../src/unlearn/selection.js';
import { blobs, range, smallModel } from './blobs.js';

/** Three blobs (60 per class): rows 0-149 train, 150-179 validation. */
export const data = blobs(60, 0);
export const train = range(0, 150);
export const validation = range(150, 180);
export const forgetClass = Int32Array.from(Array.from(train).filter((r) => data.labels[r] === 0));
export const retainClass = Int32Array.from(Array.from(train).filter((r) => data.labels[r] !== 0));

/** A teacher trained on every training row and an oracle trained without class 0, once per test file. */
export function trainReferences(): { teacher: ModelState; oracle: ModelState } {
  const teacher = smallModel(new Rng(0, 'model'));
  trainClassifier(teacher, data, {
    trainRows: train,
    selectRows: validation,
    classes: 3,
    epochs: 40,
    patience: 10,
    batchSize: 16,
    lr: 1e-2,
    rng: new Rng(0, 'teacher'),
  });
  const oracle = smallModel(new Rng(0, 'oracle'));
  trainClassifier(oracle, data, {
    trainRows: retainClass,
    selectRows: null,
    classes: 3,
    epochs: 20,
    patience: 20,
    batchSize: 16,
    lr: 1e-2,
    rng: new Rng(0, 'oracle'),
  });
  return { teacher: captureState(teacher), oracle: captureState(oracle) };
}

/** A model of the fixture's architecture holding `state`. */
export function withState(state: ModelState): BlockModel {
  const m = smallModel(new Rng(0, 'model'));
  restoreState(m, state);
  return m;
}

/** The selection the tests use unless they say otherwise: the last epoch, no target. */
export const LAST_EPOCH: MethodSelection = { policy: 'last', utilityRows: null, metric: 'accuracy', target: null };

/** A method context on the fixture: a fresh copy of the teacher, the given sets, the method's stream from `seed`. */
export function fixtureContext(
  states: { teacher: ModelState; oracle: ModelState },
  forget: Int32Array,
  retain: Int32Array,
  options: { seed?: number; selection?: MethodSelection; batchSize?: number; pairing?: 'cycle' | 'zip' } = {},
): UnlearnContext {
  const seed = options.seed ?? 1;
  return {
    model: withState(states.teacher),
    original: withState(states.teacher),
    oracle: { model: withState(states.oracle), seconds: 1.5 },
    freshModel: (name) => smallModel(new Rng(seed, `fresh/${name}`)),
    data,
    classes: 3,
    retain,
    forget,
    validation,
    family: 'tabular',
    base: {
      lr: 1e-2,
      batchSize: options.batchSize ?? 16,
      pairing: options.pairing ?? 'cycle',
      inputRange: [-10, 10],
      selection: options.selection ?? LAST_EPOCH,
    },
    rng: new Rng(seed, 'method'),
  };
}
