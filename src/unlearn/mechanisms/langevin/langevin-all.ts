import { crossEntropy } from '../../../core/ops/loss.js';
import type { Tensor } from '../../../core/tensor.js';
import { stepScope } from '../../../core/workspace.js';
import type { BlockModel } from '../../../models/block-model.js';
import { inEvalMode } from '../../../models/mode.js';
import { captureState, restoreState } from '../../../models/state.js';
import { gatherFeatures, gatherLabels } from '../../../train/labeled-data.js';
import { NO_GUARANTEE, type Guarantee } from '../../guarantee.js';
import type { DeletionReport, MechanismEnv, SavedMechanism, TrainedMechanism } from '../../mechanism.js';
import { smallestK, type UnlearningRound } from './accountant.js';

/** langevin-all's settings: the same mechanism as the head's, with a step size, clip and radius of its own. */
export type LangevinAllConfig = {
  epsilon: number;
  delta: number;
  lambda: number;
  sigma: number;
  steps: number;
  stepSize: number;
  clip: number;
  radius: number;
};

/** No theorem covers a non-convex hybrid model: the guarantee is none, with the reason. */
export const LANGEVIN_ALL_GUARANTEE: Guarantee = {
  ...NO_GUARANTEE,
  assumptions: [
    'the loss of the whole hybrid model is not convex: K comes from the strongly convex bound as if it applied, which no theorem supports',
  ],
};

/**
 * Langevin unlearning run on every parameter θ of the hybrid model: projected noisy gradient descent on
 * (1/n) Σ CE + (λ/2)‖θ‖² with per-sample gradients (one backward pass per row, evaluation mode) clipped to norm M,
 * θ projected onto the ball of radius R, and the K of the strongly convex bound with m = λ. It runs the same
 * mechanism as `langevin` so that the two can be compared, but reports no guarantee.
 */
export class LangevinAll implements TrainedMechanism {
  readonly publicRows = new Int32Array(0);
  private rounds: UnlearningRound[] = [];
  private draws = 0;
  private requests = 0;
  private retrains = 0;

  private constructor(
    private readonly env: MechanismEnv,
    private readonly config: LangevinAllConfig,
    readonly model: BlockModel,
    private current: Int32Array,
  ) {}

  static train(env: MechanismEnv, rows: Int32Array, config: LangevinAllConfig): LangevinAll {
    const mechanism = new LangevinAll(env, config, env.freshModel('langevin-all/model'), Int32Array.from(rows).sort());
    mechanism.learn();
    return mechanism;
  }

  static load(env: MechanismEnv, saved: SavedMechanism, config: LangevinAllConfig): LangevinAll {
    const state = saved.state as {
      rows: number[];
      rounds: UnlearningRound[];
      draws: number;
      requests: number;
      retrains: number;
    };
    const model = env.freshModel('langevin-all/model');
    restoreState(model, saved.model, 'saved langevin-all model');
    const mechanism = new LangevinAll(env, config, model, Int32Array.from(state.rows));
    Object.assign(mechanism, {
      rounds: state.rounds.map((r) => ({ ...r })),
      draws: state.draws,
      requests: state.requests,
      retrains: state.retrains,
    });
    return mechanism;
  }

  rows(): Int32Array {
    return this.current;
  }

  guarantee(): Guarantee {
    return LANGEVIN_ALL_GUARANTEE;
  }

  budget(): Record<string, number> {
    return {
      learning_steps: this.config.steps,
      unlearn_steps: this.rounds.at(-1)?.K ?? 0,
      requests_since_training: this.rounds.length,
      retrains: this.retrains,
    };
  }

  forget(rows: Int32Array): DeletionReport {
    const { config } = this;
    const n = this.current.length;
    const drop = new Set(rows);
    this.current = this.current.filter((r) => !drop.has(r));
    this.requests++;
    const constants = { m: config.lambda, eta: config.stepSize, sigma: config.sigma, M: config.clip };
    const plan = smallestK(this.rounds, { S: rows.length, n }, constants, config.delta, config.epsilon, config.steps);
    if (plan === null) {
      this.draws++;
      this.retrains++;
      this.learn();
      return {
        rows: rows.length,
        retrained: true,
        workRedone: 1,
        budget: this.budget(),
        details: { unlearnSteps: null },
      };
    }
    this.noisySteps(plan.K, `langevin-all/unlearn-${this.draws}-${this.requests}`);
    this.rounds.push({ S: rows.length, n, K: plan.K });
    return {
      rows: rows.length,
      retrained: false,
      workRedone: plan.K / config.steps,
      budget: this.budget(),
      details: { unlearnSteps: plan.K },
    };
  }

  copyModel(): BlockModel {
    const copy = this.env.freshModel('langevin-all/model');
    restoreState(copy, captureState(this.model));
    return copy;
  }

  save(): SavedMechanism {
    const state = {
      rows: Array.from(this.current),
      rounds: this.rounds.map((r) => ({ ...r })),
      draws: this.draws,
      requests: this.requests,
      retrains: this.retrains,
    };
    return { model: captureState(this.model), tensors: { tensors: new Map() }, state };
  }

  /** T steps from the model's seeded initialisation (a fresh one after a retraining). */
  private learn(): void {
    restoreState(this.model, captureState(this.env.freshModel(`langevin-all/init-${this.draws}`)));
    this.noisySteps(this.config.steps, `langevin-all/learn-${this.draws}`);
    this.rounds = [];
  }

  private noisySteps(steps: number, stream: string): void {
    const { lambda, stepSize, sigma, clip, radius } = this.config;
    const params = this.model.parameters();
    const rng = this.env.rng.stream(stream);
    const noise = Math.sqrt(2 * stepSize * sigma * sigma);
    const sums = params.map((p) => new Float64Array(p.size));
    inEvalMode(this.model, () => {
      for (let t = 0; t < steps; t++) {
        for (const s of sums) s.fill(0);
        let regWeight = 0;
        for (const id of this.current) regWeight += this.addClippedGradient(params, id, lambda, clip, sums);
        params.forEach((p, k) => {
          for (let i = 0; i < p.size; i++) {
            const g = (sums[k][i] + regWeight * lambda * p.data[i]) / this.current.length;
            p.data[i] += -stepSize * g + noise * rng.normal();
          }
        });
        projectParameters(params, radius);
      }
    });
    for (const p of params) p.grad = null;
  }

  /** Adds row `id`'s gradient of CE (clipped together with its L2 part to norm M) into `sums`; returns its scale. */
  private addClippedGradient(params: Tensor[], id: number, lambda: number, clip: number, sums: Float64Array[]): number {
    for (const p of params) p.grad = null;
    const row = [id];
    stepScope(() =>
      crossEntropy(this.model.forward(gatherFeatures(this.env.data, row)), gatherLabels(this.env.data, row)).backward(),
    );
    let gg = 0;
    let gw = 0;
    let ww = 0;
    for (const p of params) {
      for (let i = 0; i < p.size; i++) {
        const g = p.grad?.[i] ?? 0;
        gg += g * g;
        gw += g * p.data[i];
        ww += p.data[i] * p.data[i];
      }
    }
    const length = Math.sqrt(Math.max(0, gg + 2 * lambda * gw + lambda * lambda * ww));
    const scale = length > clip ? clip / length : 1;
    params.forEach((p, k) => {
      if (p.grad === null) return;
      for (let i = 0; i < p.size; i++) sums[k][i] += scale * p.grad[i];
    });
    return scale;
  }
}

/** Projects all parameters jointly onto the ball of radius R. */
function projectParameters(params: readonly Tensor[], radius: number): void {
  let sq = 0;
  for (const p of params) for (const v of p.data) sq += v * v;
  const length = Math.sqrt(sq);
  if (length <= radius) return;
  for (const p of params) for (let i = 0; i < p.size; i++) p.data[i] *= radius / length;
}
