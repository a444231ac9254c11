import { z } from 'zod';
import { QunlearnError } from '../../core/errors.js';
import { add, mul, sub } from '../../core/ops/binary.js';
import { crossEntropy } from '../../core/ops/loss.js';
import { neg } from '../../core/ops/unary.js';
import { captureState, restoreState, type ModelState } from '../../models/state.js';
import { gatherFeatures, gatherLabels } from '../../train/labeled-data.js';
import { accuracyOf } from '../../train/predict.js';
import { epochBatches } from '../batches.js';
import type { UnlearnContext } from '../context.js';
import { distillationKl, targetProbabilities } from '../losses.js';
import { defineMethod, type MethodOutcome } from '../method.js';
import { pairBatches } from '../pairing.js';
import { epochFields } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';

const schema = z
  .object({
    ...epochFields,
    lambdaRetain: z.number().nonnegative(),
    lambdaForget: z.number().nonnegative(),
    /** Weight of the retain cross-entropy in the min steps (0 in the reference's combined loss). */
    gamma: z.number().nonnegative(),
    /** Epochs that start with a max step over the forget set (SCRUB's `msteps`). */
    maxSteps: z.number().int().nonnegative(),
    temperature: z.number().positive(),
    /** `max-min`: SCRUB's alternating steps (sound); `combined`: one step on λ_r·KL_r − λ_f·KL_f per paired batch (reference). */
    style: z.enum(['max-min', 'combined']),
    /** Rewind to the epoch whose forget error is closest to the original model's held-out error (SCRUB+R). */
    rewind: z.boolean(),
  })
  .strict();

type ScrubConfig = z.infer<typeof schema>;

function runScrub(context: UnlearnContext, config: ScrubConfig): MethodOutcome {
  const { model, original, data, base } = context;
  const T = config.temperature;
  const kl = (rows: Int32Array): ReturnType<typeof distillationKl> =>
    distillationKl(targetProbabilities(original, data, rows, T), model.forward(gatherFeatures(data, rows)), T);
  const minLoss = (rows: Int32Array): ReturnType<typeof distillationKl> => {
    const logits = model.forward(gatherFeatures(data, rows));
    const distill = mul(distillationKl(targetProbabilities(original, data, rows, T), logits, T), config.lambdaRetain);
    return config.gamma === 0 ? distill : add(distill, mul(crossEntropy(logits, gatherLabels(data, rows)), config.gamma));
  };
  const rewindRows = context.validation ?? base.selectRows;
  const states: ModelState[] = [];
  const forgetErrors: number[] = [];
  const training = trainMethod(context, config, (epoch, optimizer) => {
    const losses: number[] = [];
    if (config.style === 'combined') {
      for (const { first, second } of pairBatches(context.retain, context.forget, base.batchSize, base.pairing, context.rng, epoch)) {
        losses.push(optimisationStep(optimizer, sub(mul(kl(first), config.lambdaRetain), mul(kl(second), config.lambdaForget))));
      }
    } else {
      if (epoch <= config.maxSteps) {
        for (const rows of epochBatches(context, context.forget, 'forget', epoch)) {
          losses.push(optimisationStep(optimizer, neg(mul(kl(rows), config.lambdaForget))));
        }
      }
      for (const rows of epochBatches(context, context.retain, 'retain', epoch)) losses.push(optimisationStep(optimizer, minLoss(rows)));
    }
    if (config.rewind) {
      states.push(captureState(model));
      forgetErrors.push(1 - accuracyOf(model, data, context.forget, context.classes));
    }
    return passStats(losses);
  });
  if (!config.rewind) return { training };
  if (rewindRows === null || rewindRows.length === 0) {
    throw new QunlearnError('config', 'scrub-r needs held-out rows for its rewind target: use a validation split (the sound preset has one)');
  }
  const reference = 1 - accuracyOf(original, data, rewindRows, context.classes);
  let chosen = 0;
  forgetErrors.forEach((err, i) => {
    if (Math.abs(err - reference) <= Math.abs(forgetErrors[chosen] - reference)) chosen = i;
  });
  restoreState(model, states[chosen]);
  return { training, details: { rewindEpoch: chosen + 1, rewindTargetError: reference, forgetErrors } };
}

/** Shared defaults: the reference's λ_r = 1, λ_f = 1.5 and budget (50 epochs on Iris, 60 on images, patience 15 / 8). */
function defaults(family: 'tabular' | 'image'): Omit<ScrubConfig, 'rewind'> {
  return {
    ...(family === 'tabular' ? { epochs: 50, patience: 15 } : { epochs: 60, patience: 8 }),
    lambdaRetain: 1,
    lambdaForget: 1.5,
    gamma: 1,
    maxSteps: 5,
    temperature: 1,
    style: 'max-min',
  };
}

/**
 * SCRUB (Kurmanji et al., NeurIPS 2023): a student initialised from the teacher alternates max steps (move away
 * from the teacher on the forget set) and min steps (stay close to it, and correct, on the retain set). The
 * reference replaced this by one combined step with no cross-entropy (`style: 'combined', gamma: 0`), whose
 * gradient is zero at the start.
 */
export const scrub = defineMethod({
  name: 'scrub',
  label: 'SCRUB',
  summary: 'Teacher-student unlearning: alternate max steps on the forget set and min steps on the retain set.',
  needs: { retain: true, forget: true, original: true, validation: false },
  schema,
  defaults: (family) => ({ ...defaults(family), rewind: false }),
  referenceBehaviour: { style: 'combined', gamma: 0 },
  run: runScrub,
});

/**
 * SCRUB+R: SCRUB with rewinding to the epoch whose forget-set error is closest to the original model's error on
 * held-out data (validation rows; under the paper preset, the selection rows), so that a random forget subset ends
 * up as "unseen" rather than "anti-learned". The reference saved this checkpoint but never loaded it.
 */
export const scrubR = defineMethod({
  name: 'scrub-r',
  label: 'SCRUB+R',
  summary: 'SCRUB with rewinding to the epoch whose forget error matches the error on held-out data.',
  needs: { retain: true, forget: true, original: true, validation: true },
  schema,
  defaults: (family) => ({ ...defaults(family), rewind: true }),
  referenceBehaviour: { style: 'combined', gamma: 0, rewind: false },
  run: runScrub,
});
