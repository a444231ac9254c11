import { Rng } from '../../src/core/random.js';
import type { LabeledData } from '../../src/train/labeled-data.js';
import type { MechanismEnv } from '../../src/unlearn/mechanism.js';
import { blobs, smallModel } from './blobs.js';

/** The blobs of the unlearning fixture (three classes, 60 rows each). */
export const blobData: LabeledData = blobs(60, 0);

/** A mechanism env on `data` with the small MLP (optionally with dropout), everything drawn from `seed`. */
export function mechanismEnvFor(
  seed: number,
  data: LabeledData = blobData,
  options: { dropout?: boolean; batchSize?: number } = {},
): MechanismEnv {
  return {
    data,
    classes: 3,
    freshModel: (stream) => smallModel(new Rng(seed, `fresh/${stream}`), { dropout: options.dropout }),
    lr: 1e-2,
    batchSize: options.batchSize ?? 8,
    family: 'tabular',
    rng: new Rng(seed, 'mechanism'),
  };
}
