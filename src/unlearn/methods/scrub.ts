import { FORWARD_ONLY, pairedRows, type WorkloadSizes } from '../workload.js';
import { z } from 'zod';
import { QunlearnError } from '../../core/errors.js';
import { add, mul, sub } from '../../core/ops/binary.js';
import { crossEntropy } from '../../core/ops/loss.js';
import { neg } from '../../core/ops/unary.js';
import type { Tensor } from '../../core/tensor.js';
import { captureState, restoreState, type ModelState } from '../../models/state.js';
import { gatherFeatures, gatherLabels } from '../../train/labeled-data.js';
import { accuracyOf, rowOutcomes } from '../../train/predict.js';
import { epochBatches } from '../batches.js';
import type { UnlearnContext } from '../context.js';
import { distillationKl, targetProbabilities } from '../losses.js';
import { defineMethod, type MethodOutcome } from '../method.js';
import { pairBatches } from '../pairing.js';
import { forgottenClasses, rowsOfClasses } from '../selection.js';
import { epochFields } from '../schema.js';
import { optimisationStep, passStats, trainMethod } from '../training.js';
import { noGuarantee } from '../guarantee.js';

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
    /**
     * Rewind to the epoch whose forget error is closest to the error on unseen data (SCRUB+R). `auto` rewinds when
     * validation rows exist and otherwise returns the selected epoch and says so; `true` without them is an error.
     */
    rewind: z.union([z.boolean(), z.literal('auto')]),
  })
  .strict();

/** SCRUB's settings (shared by SCRUB and SCRUB+R). */
export type ScrubConfig = z.infer<typeof schema>;

/**
 * SCRUB's objectives for the student `context.model` against the original: KL(teacher ‖ student) on some rows, the
 * max step's loss −λ_f·KL on forget rows (descending it raises the forget KL), and the min step's loss
 * λ_r·KL + γ·CE on retain rows.
 */
export function scrubObjectives(
  context: UnlearnContext,
  config: ScrubConfig,
): { kl: (rows: Int32Array) => Tensor; max: (rows: Int32Array) => Tensor; min: (rows: Int32Array) => Tensor } {
  const { model, original, data } = context;
  const T = config.temperature;
  const kl = (rows: Int32Array): Tensor =>
    distillationKl(targetProbabilities(original, data, rows, T), model.forward(gatherFeatures(data, rows)), T);
  const min = (rows: Int32Array): Tensor => {
    const logits = model.forward(gatherFeatures(data, rows));
    const distill = mul(distillationKl(targetProbabilities(original, data, rows, T), logits, T), config.lambdaRetain);
    return config.gamma === 0
      ? distill
      : add(distill, mul(crossEntropy(logits, gatherLabels(data, rows)), config.gamma));
  };
  return { kl, max: (rows) => neg(mul(kl(rows), config.lambdaForget)), min };
}

function runScrub(context: UnlearnContext, config: ScrubConfig): MethodOutcome {
  const { model, data, base } = context;
  const { kl, max, min } = scrubObjectives(context, config);
  const rewinding = config.rewind !== false && (config.rewind === true || context.validation !== null);
  if (config.rewind === true && context.validation === null) {
    throw new QunlearnError(
      'config',
      'scrub-r: rewind=true needs validation rows for its target, and this protocol has none (the paper preset); use the sound preset, add --validation-fraction, or set rewind=auto',
    );
  }
  const states: ModelState[] = [];
  const forgetErrors: number[] = [];
  const training = trainMethod(context, config, (epoch, optimizer) => {
    const losses: number[] = [];
    if (config.style === 'combined') {
      for (const { first, second } of pairBatches(
        context.retain,
        context.forget,
        base.batchSize,
        base.pairing,
        context.rng,
        epoch,
      )) {
        losses.push(
          optimisationStep(optimizer, () =>
            sub(mul(kl(first), config.lambdaRetain), mul(kl(second), config.lambdaForget)),
          ),
        );
      }
    } else {
      if (epoch <= config.maxSteps) {
        for (const rows of epochBatches(context, context.forget, 'forget', epoch)) {
          losses.push(optimisationStep(optimizer, () => max(rows)));
        }
      }
      for (const rows of epochBatches(context, context.retain, 'retain', epoch))
        losses.push(optimisationStep(optimizer, () => min(rows)));
    }
    if (rewinding) {
      states.push(captureState(model));
      forgetErrors.push(1 - accuracyOf(model, data, context.forget, context.classes));
    }
    return passStats(losses);
  });
  if (!rewinding)
    return {
      training,
      details: config.rewind === 'auto' ? { rewind: 'off: no validation rows (paper preset)' } : undefined,
    };
  const reference = rewindTargetError(context);
  let chosen = 0;
  forgetErrors.forEach((err, i) => {
    if (Math.abs(err - reference) <= Math.abs(forgetErrors[chosen] - reference)) chosen = i;
  });
  restoreState(model, states[chosen]);
  const record = training.log[chosen];
  return {
    training: {
      ...training,
      selectedEpoch: chosen + 1,
      selected: { utility: record.selectScore, target: record.target ?? null },
    },
    details: { rewindEpoch: chosen + 1, rewindTargetError: reference, forgetErrors },
  };
}

/**
 * SCRUB+R's rewind target: the forget error a model that never saw the forget set would have. For a random subset
 * that is the original model's error on validation rows of the same classes, weighted to the forget set's class mix
 * (SCRUB's proxy); when whole classes are forgotten it is 1, since a model that never saw a class never predicts it.
 */
function rewindTargetError(context: UnlearnContext): number {
  const { original, data, classes, retain, forget } = context;
  const forgotten = forgottenClasses(data.labels, retain, forget);
  if (forgotten.wholeClasses) return 1;
  const validation = rowsOfClasses(data.labels, context.validation!, forgotten.classes);
  const correct = rowOutcomes(original, data, validation, classes).correct;
  let error = 0;
  for (const c of forgotten.classes) {
    const share = forget.filter((r) => data.labels[r] === c).length / forget.length;
    const rows = validation.map((r, i) => (data.labels[r] === c ? i : -1)).filter((i) => i >= 0);
    if (rows.length === 0)
      throw new QunlearnError(
        'data',
        `scrub-r: no validation rows of class ${c} for the rewind target (raise --validation-fraction)`,
      );
    error += share * (1 - rows.reduce((s, i) => s + correct[i], 0) / rows.length);
  }
  return error;
}

/** Shared defaults: the reference's λ_r = 1, λ_f = 1.5 and budget (50 epochs on Iris, 60 on images, patience 15 / 8). */
/** Row passes within SCRUB's budget: its student steps, each with a forward pass of the teacher. */
function scrubWorkload(config: ScrubConfig, sizes: WorkloadSizes): number {
  const student =
    config.style === 'combined'
      ? config.epochs * pairedRows(sizes)
      : Math.min(config.epochs, config.maxSteps) * sizes.forget + config.epochs * sizes.retain;
  return student * (1 + FORWARD_ONLY);
}

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
  workload: (config, sizes) => scrubWorkload(config, sizes),
  guarantee: noGuarantee,
  schema,
  defaults: (family) => ({ ...defaults(family), rewind: false }),
  referenceBehaviour: { style: 'combined', gamma: 0 },
  run: runScrub,
});

/**
 * SCRUB+R: SCRUB with rewinding to the epoch whose forget-set error is closest to the error on unseen data
 * (validation rows of the same classes; never the test set), so that a random forget subset ends up as "unseen"
 * rather than "anti-learned". The rewound epoch is the one returned and reported. Without validation rows (the paper
 * preset) it does not rewind, and says so. The reference saved this checkpoint but never loaded it.
 */
export const scrubR = defineMethod({
  name: 'scrub-r',
  label: 'SCRUB+R',
  summary: 'SCRUB with rewinding to the epoch whose forget error matches the error on held-out data.',
  needs: { retain: true, forget: true, original: true, validation: true },
  workload: (config, sizes) => scrubWorkload(config, sizes),
  guarantee: noGuarantee,
  schema,
  defaults: (family) => ({ ...defaults(family), rewind: 'auto' as const }),
  referenceBehaviour: { style: 'combined', gamma: 0, rewind: false },
  run: runScrub,
});
