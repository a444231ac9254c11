import type { z } from 'zod';
import type { BlockModel } from '../models/block-model.js';
import type { EpochLoopResult } from '../train/epoch-loop.js';
import type { DataFamily, MethodNeeds, UnlearnContext } from './context.js';
import type { Guarantee } from './guarantee.js';
import type { DeletionReport, Mechanism } from './mechanism.js';
import type { WorkloadSizes } from './workload.js';

/** What a method run returns besides the modified model. */
export interface MethodOutcome {
  /** The epoch loop's log, when the method trains (absent for methods that do not, e.g. `original`). */
  training?: EpochLoopResult;
  /** Method-specific facts worth recording (the similar-label map of Q-MUL, the chosen rewind epoch, ...). */
  details?: Record<string, unknown>;
  /** The cost to report when the work was done before the method ran (retraining: the oracle's training time). */
  seconds?: number;
  /**
   * When the method answers with a model other than `context.model` (an ensemble of shard models, a certified head
   * on a frozen feature map): that model, and how to make an independent copy of it (relearn time trains a copy).
   */
  replacement?: { model: BlockModel; copy: () => BlockModel };
  /** What a mechanism-based method reports about its mechanism (see {@link MechanismOutcome}). */
  mechanism?: MechanismOutcome;
}

/**
 * A guaranteed method trains its own mechanism on the training rows (the retain and forget sets), then deletes the
 * forget set: its model before the deletion (whose accuracy, against the teacher's, is the cost of the mechanism),
 * the seconds its training took (what retraining the whole mechanism costs), and the deletion's own report.
 */
export interface MechanismOutcome {
  before: BlockModel;
  trainingSeconds: number;
  deletion: DeletionReport;
}

/**
 * One unlearning method: a typed config (zod schema, validated at the boundary), the reference's defaults per
 * data family, the inputs it needs, and a `run` that modifies `context.model` in place.
 */
export interface UnlearningMethod<C extends Record<string, unknown> = Record<string, unknown>> {
  /** Registry key used on the command line, e.g. `neggrad-plus`. */
  readonly name: string;
  /** Label used in tables, e.g. `NegGrad+`. */
  readonly label: string;
  /** One sentence on what the method does (shown by `qunlearn methods`). */
  readonly summary: string;
  readonly needs: MethodNeeds;
  /** Validates and completes a user's partial config (unknown keys rejected). */
  readonly schema: z.ZodType<C>;
  /** The reference's hyperparameters for this data family. */
  defaults(family: DataFamily): C;
  /**
   * The settings that reproduce the reference's method-level defects (e.g. CF-k's ascent, Q-MUL's sign), applied
   * only when the user asks for them explicitly; absent when the reference implementation has no such defect.
   */
  readonly referenceBehaviour?: Partial<C>;
  /** What the method promises about its output against retraining (none for approximate methods), as data. */
  guarantee(config: C): Guarantee;
  /** How a guaranteed method trains and restores its mechanism (for `qunlearn train --method`, `forget` and audits). */
  readonly mechanism?: Mechanism<C>;
  run(context: UnlearnContext, config: C): MethodOutcome;
  /**
   * Estimated row passes (forward + backward of one row through the model) within the method's budget (its epochs
   * or steps, before early stopping). Rough by design: it only lets a run start its longest jobs first.
   */
  workload(config: C, sizes: WorkloadSizes): number;
  /**
   * Checks settings that depend on the model (e.g. k against its layer groups) before anything trains; throws a
   * QunlearnError naming the setting. Absent when the schema says it all.
   */
  check?(config: C, setup: MethodSetup): void;
}

/** What a method's settings can be checked against before a run trains anything. */
export interface MethodSetup {
  /** A model of the run's architecture (freshly initialised). */
  model: BlockModel;
}

/**
 * Declares a method with full type inference of its config, and erases the config type for the registry: the
 * returned `run` parses its config with the method's own schema, so an untyped caller cannot pass a wrong one.
 */
export function defineMethod<C extends Record<string, unknown>>(method: UnlearningMethod<C>): UnlearningMethod {
  const parse = (config: Record<string, unknown>): C => method.schema.parse(config);
  const { check, mechanism } = method;
  return {
    ...method,
    guarantee: (config) => method.guarantee(parse(config)),
    run: (context, config) => method.run(context, parse(config)),
    workload: (config, sizes) => method.workload(parse(config), sizes),
    check: check === undefined ? undefined : (config, setup) => check(parse(config), setup),
    mechanism:
      mechanism === undefined
        ? undefined
        : {
            train: (env, rows, config, options) => mechanism.train(env, rows, parse(config), options),
            load: (env, saved, config) => mechanism.load(env, saved, parse(config)),
          },
  };
}
