import { z } from 'zod';
import { SELECTION_POLICIES } from '../train/selection.js';

/**
 * Fields every training method has: the epoch budget, the early-stopping patience, and the epoch-selection policy
 * when it overrides the protocol's (`--set ga.selection=last`).
 */
export const epochFields = {
  epochs: z.number().int().positive(),
  patience: z.number().int().positive(),
  selection: z.enum(SELECTION_POLICIES).optional(),
};

/** The reference's epochs/patience per data family, e.g. `byFamily(15, 25)` for GA (patience 15 on Iris, 6 on images). */
export function referenceBudget(
  tabularEpochs: number,
  imageEpochs: number,
  imagePatience = 6,
): (family: 'tabular' | 'image') => { epochs: number; patience: number } {
  return (family) =>
    family === 'tabular' ? { epochs: tabularEpochs, patience: 15 } : { epochs: imageEpochs, patience: imagePatience };
}
