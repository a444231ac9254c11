import type { BlockModel } from '../../../models/block-model.js';
import { captureState, type ModelState } from '../../../models/state.js';
import type { Guarantee } from '../../guarantee.js';
import type { DeletionReport, MechanismEnv, SavedMechanism, TrainedMechanism } from '../../mechanism.js';
import { buildHeadModel, copyHeadModel, drawPublicRows, type FeatureSettings } from '../head/feature-map.js';
import type { HeadModel } from '../head/features.js';
import type { HeadData } from '../head/softmax-head.js';
import { bestEpsilon, smallestK, type LangevinConstants, type UnlearningRound } from './accountant.js';
import { projectOntoBall, runPngd, type PngdSettings } from './pngd.js';

/** langevin's settings: the target (ε, δ), the L2 weight λ (= the strong convexity m), the noise σ, the learning steps T. */
export type LangevinConfig = FeatureSettings & {
  epsilon: number;
  delta: number;
  lambda: number;
  sigma: number;
  /** T: noisy gradient steps of learning (the process must reach its stationary distribution). */
  steps: number;
};

/**
 * The constants of the head's objective f(W; d) = ℓ(W x̃, y) + (λ/2)‖W‖² with ‖x̃‖ ≤ 1: m = λ; the softmax Hessian
 * is at most ½ in spectral norm, so L = ½ + λ and η = 1/L; the projection radius R = √2/λ holds the noiseless
 * minimiser (‖W*‖ ≤ max‖∇ℓ‖/λ); on that ball every per-sample gradient is at most M = √2 + λR = 2√2.
 */
export function headConstants(config: Pick<LangevinConfig, 'lambda' | 'sigma'>): LangevinConstants & PngdSettings {
  const eta = 1 / (0.5 + config.lambda);
  const radius = Math.SQRT2 / config.lambda;
  const M = Math.SQRT2 + config.lambda * radius;
  return { m: config.lambda, eta, sigma: config.sigma, M, lambda: config.lambda, radius, clip: M };
}

/** The guarantee of the Langevin head. */
export function langevinGuarantee(config: LangevinConfig): Guarantee {
  const c = headConstants(config);
  return {
    kind: 'certified',
    epsilon: config.epsilon,
    delta: config.delta,
    assumptions: [
      config.publicFraction > 0
        ? `the feature map (blocks up to the ${config.features} layer) is trained only on the public split (${config.publicFraction} of the training rows), which deletion requests may not name`
        : `the feature map (blocks up to the ${config.features} layer) is frozen at its seeded initialisation`,
      'features are projected onto the unit ball and augmented with a constant: ‖x̃‖ ≤ 1',
      `per-sample loss ℓ + (λ/2)‖W‖² with λ = m = ${config.lambda}: m-strongly convex, L = ½ + λ smooth, gradients ≤ M = ${c.M.toPrecision(4)} on the ball of radius ${c.radius.toPrecision(4)}`,
      `projected noisy gradient descent, η = 1/L, σ = ${config.sigma}; learning (T = ${config.steps} steps) is taken to have reached its stationary distribution`,
      'K is the smallest number of unlearning steps meeting ε under the strongly convex bound of Chien et al. (2024); sequential requests compose by the weak triangle inequality of Rényi divergences; past T steps the head is retrained',
    ],
  };
}

/**
 * Langevin unlearning (Chien, Wang, Chen & Li, NeurIPS 2024) on a linear softmax head over a fixed feature map:
 * learning is T steps of projected noisy gradient descent from W₀ ~ N(0, (2σ²/m)·I) (whose log-Sobolev constant
 * the process then keeps); a deletion runs the smallest K further steps on the remaining rows that meets the target
 * ε. When more than T steps would be needed, retraining is both cheaper and exact, and the head is retrained.
 */
export class LangevinHead implements TrainedMechanism {
  readonly model: BlockModel;
  private W: Float64Array = new Float64Array(0);
  private rounds: UnlearningRound[] = [];
  private draws = 0;
  private requests = 0;
  private retrains = 0;

  private constructor(
    private readonly env: MechanismEnv,
    private readonly config: LangevinConfig,
    private readonly head: HeadModel,
    private readonly data: HeadData,
    private current: Int32Array,
    readonly publicRows: Int32Array,
  ) {
    this.model = head.model;
  }

  static train(
    env: MechanismEnv,
    rows: Int32Array,
    config: LangevinConfig,
    publicFrom: Int32Array = rows,
  ): LangevinHead {
    const publicRows = drawPublicRows(env, publicFrom, config.publicFraction);
    const head = buildHeadModel(env, config, publicRows);
    const mechanism = new LangevinHead(
      env,
      config,
      head,
      head.headData(env.data, env.classes),
      Int32Array.from(rows).sort(),
      publicRows,
    );
    mechanism.learn();
    return mechanism;
  }

  static load(env: MechanismEnv, saved: SavedMechanism, config: LangevinConfig): LangevinHead {
    const state = saved.state as {
      rows: number[];
      publicRows: number[];
      rounds: UnlearningRound[];
      draws: number;
      requests: number;
      retrains: number;
    };
    const head = buildHeadModel(env, config, new Int32Array(0), saved.model);
    const mechanism = new LangevinHead(
      env,
      config,
      head,
      head.headData(env.data, env.classes),
      Int32Array.from(state.rows),
      Int32Array.from(state.publicRows),
    );
    mechanism.W = Float64Array.from(saved.tensors.tensors.get('W')!.data);
    mechanism.rounds = state.rounds.map((r) => ({ ...r }));
    mechanism.draws = state.draws;
    mechanism.requests = state.requests;
    mechanism.retrains = state.retrains;
    return mechanism;
  }

  rows(): Int32Array {
    return this.current;
  }

  guarantee(): Guarantee {
    return langevinGuarantee(this.config);
  }

  budget(): Record<string, number> {
    const achieved =
      this.rounds.length === 0 ? null : bestEpsilon(this.rounds, headConstants(this.config), this.config.delta);
    return {
      learning_steps: this.config.steps,
      unlearn_steps: this.rounds.at(-1)?.K ?? 0,
      unlearn_steps_total: this.rounds.reduce((s, r) => s + r.K, 0),
      requests_since_training: this.rounds.length,
      retrains: this.retrains,
      ...(achieved === null ? {} : { epsilon_achieved: achieved.epsilon, alpha: achieved.alpha }),
    };
  }

  /** The current weights and rows, for checks. */
  weights(): Float64Array {
    return Float64Array.from(this.W);
  }

  forget(rows: Int32Array): DeletionReport {
    const c = headConstants(this.config);
    const n = this.current.length;
    const drop = new Set(rows);
    this.current = this.current.filter((r) => !drop.has(r));
    this.requests++;
    const plan = smallestK(
      this.rounds,
      { S: rows.length, n },
      c,
      this.config.delta,
      this.config.epsilon,
      this.config.steps,
    );
    if (plan === null) {
      this.draws++;
      this.retrains++;
      this.learn();
      return {
        rows: rows.length,
        retrained: true,
        workRedone: 1,
        budget: this.budget(),
        details: { unlearnSteps: null, reason: `more than T = ${this.config.steps} unlearning steps would be needed` },
      };
    }
    runPngd(
      this.W,
      this.data,
      this.current,
      c,
      plan.K,
      this.env.rng.stream(`langevin/unlearn-${this.draws}-${this.requests}`),
    );
    this.head.setWeights(this.W);
    this.rounds.push({ S: rows.length, n, K: plan.K });
    return {
      rows: rows.length,
      retrained: false,
      workRedone: plan.K / this.config.steps,
      budget: this.budget(),
      details: { unlearnSteps: plan.K, epsilon: plan.epsilon, alpha: plan.alpha },
    };
  }

  copyModel(): BlockModel {
    return copyHeadModel(this.env, this.config, this.head).model;
  }

  save(): SavedMechanism {
    const tensors: ModelState = {
      tensors: new Map([['W', { data: Float64Array.from(this.W), shape: [this.data.classes, this.data.d] }]]),
    };
    const state = {
      rows: Array.from(this.current),
      publicRows: Array.from(this.publicRows),
      rounds: this.rounds.map((r) => ({ ...r })),
      draws: this.draws,
      requests: this.requests,
      retrains: this.retrains,
    };
    return { model: captureState(this.model), tensors, state };
  }

  /** T steps of PNGD on the current rows from a fresh Gaussian start; forgets the unlearning history. */
  private learn(): void {
    const c = headConstants(this.config);
    const stream = this.env.rng.stream(`langevin/learn-${this.draws}`);
    const p = this.data.classes * this.data.d;
    this.W = stream
      .stream('init')
      .fillNormal(new Float64Array(p), 0, Math.sqrt((2 * c.sigma * c.sigma) / c.m)) as Float64Array;
    projectOntoBall(this.W, c.radius);
    runPngd(this.W, this.data, this.current, c, this.config.steps, stream.stream('steps'));
    this.head.setWeights(this.W);
    this.rounds = [];
  }
}
