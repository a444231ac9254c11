import type { BlockModel } from '../../../models/block-model.js';
import { captureState, type ModelState } from '../../../models/state.js';
import type { Guarantee } from '../../guarantee.js';
import type { DeletionReport, MechanismEnv, SavedMechanism, TrainedMechanism } from '../../mechanism.js';
import { buildHeadModel, copyHeadModel, drawPublicRows, type FeatureSettings } from './feature-map.js';
import type { HeadModel } from './features.js';
import {
  accumulateHessian,
  addToDiagonal,
  choleskySolve,
  lossAndGradient,
  minimisePerturbed,
  perturbedHessian,
  rowLogits,
  type HeadData,
} from './softmax-head.js';
import * as fdlibm from '../../../core/math.js';

/** certified-newton's settings: the target (ε, δ), the L2 weight λ, the residual budget ε′ and the feature map. */
export type CertifiedNewtonConfig = FeatureSettings & {
  epsilon: number;
  delta: number;
  lambda: number;
  /** ε′: how large the accumulated gradient-residual bound may grow before the head is retrained. */
  residualBudget: number;
};

/**
 * γ, the Lipschitz constant of the softmax Hessian factor A(z) = diag(p) − p pᵀ in spectral norm with respect to
 * ‖z‖₂: the directional derivative is the third cumulant E[(U − EU)(V − EV)²] of the class distribution, at most
 * max|U − EU| · Var V ≤ √2 · ½ for unit u, v (docs/certified.md).
 */
export const SOFTMAX_HESSIAN_LIPSCHITZ = Math.SQRT1_2;

/** c = √(2 ln(1.5/δ)): Guo et al.'s Theorem 3 gives (ε, δ) when b ~ N(0, σ²I) with σ = c·ε′/ε. */
export function noiseMultiplier(delta: number): number {
  return Math.sqrt(2 * fdlibm.log(1.5 / delta));
}

/** The objective-perturbation noise scale σ = c·ε′/ε. */
export function perturbationSigma(config: Pick<CertifiedNewtonConfig, 'epsilon' | 'delta' | 'residualBudget'>): number {
  return (noiseMultiplier(config.delta) * config.residualBudget) / config.epsilon;
}

/** The guarantee statement of a certified head with its feature map's provenance. */
export function certifiedNewtonGuarantee(config: CertifiedNewtonConfig): Guarantee {
  const sigma = perturbationSigma(config);
  return {
    kind: 'certified',
    epsilon: config.epsilon,
    delta: config.delta,
    assumptions: [
      config.publicFraction > 0
        ? `the feature map (blocks up to the ${config.features} layer) is trained only on the public split (${config.publicFraction} of the training rows), which deletion requests may not name`
        : `the feature map (blocks up to the ${config.features} layer) is frozen at its seeded initialisation`,
      'features are projected onto the unit ball and augmented with a constant: ‖x̃‖ ≤ 1',
      `the head minimises Σ softmax cross-entropy + (λn/2)‖W‖² + ⟨b, W⟩, λ = ${config.lambda}, b ~ N(0, σ²I), σ = ${sigma.toPrecision(4)} (Guo et al. 2020, Theorem 3)`,
      `removals are Newton steps; the accumulated data-dependent bound on the gradient residual (γ = 1/√2) stays within ε′ = ${config.residualBudget}, past which the head is retrained with fresh noise`,
    ],
  };
}

/**
 * Certified removal (Guo, Goldstein, Hannun & van der Maaten, ICML 2020) on a linear softmax head over a feature map
 * that no deletable row influenced. Training returns the exact minimiser of the perturbed objective; removing rows
 * R takes one Newton step W ← W + H⁻¹Δ with Δ = Σ_{r∈R} ∇ℓ_r + λ|R|·W and H the Hessian of the remaining rows. The
 * Hessian is kept at a reference point W_ref (updated exactly for removed rows in O(|R|·C²d²)), and the bound on the
 * new gradient residual accounts for the drift W − W_ref (docs/certified.md):
 *   ‖∇L_b(W⁺; D′)‖ ≤ ‖∇L_b(W; D)‖ + γ Σ_{i∈D′} (‖(W − W_ref) x̃_i‖ + ½‖S x̃_i‖) ‖S x̃_i‖ ‖x̃_i‖, S = H⁻¹Δ.
 * The bounds accumulate across removals; past the budget ε′ the head is retrained with fresh noise.
 */
export class CertifiedHead implements TrainedMechanism {
  readonly model: BlockModel;
  private W: Float64Array = new Float64Array(0);
  private B: Float64Array = new Float64Array(0);
  private reference: Float64Array = new Float64Array(0);
  private hessian: Float64Array = new Float64Array(0);
  /** Logits W x̃ and W_ref x̃ of every dataset row ([rows, C]). */
  private logits: Float64Array = new Float64Array(0);
  private referenceLogits: Float64Array = new Float64Array(0);
  /** Room for the Cholesky factor of a removal. */
  private scratch: Float64Array | undefined;
  /** ‖x̃ᵢ‖ of every dataset row. */
  private readonly rowNorms: Float64Array;
  private spent = 0;
  private draws = 0;
  private removals = 0;
  private retrains = 0;

  private constructor(
    private readonly env: MechanismEnv,
    private readonly config: CertifiedNewtonConfig,
    private readonly head: HeadModel,
    private readonly data: HeadData,
    private current: Int32Array,
    readonly publicRows: Int32Array,
  ) {
    this.model = head.model;
    const { x, d } = data;
    this.rowNorms = Float64Array.from({ length: data.labels.length }, (_, id) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[id * d + j] * x[id * d + j];
      return Math.sqrt(s);
    });
  }

  /** Trains the head on `rows` (the public split, if declared, drawn from `publicFrom`). */
  static train(
    env: MechanismEnv,
    rows: Int32Array,
    config: CertifiedNewtonConfig,
    publicFrom: Int32Array = rows,
  ): CertifiedHead {
    const publicRows = drawPublicRows(env, publicFrom, config.publicFraction);
    const head = buildHeadModel(env, config, publicRows);
    const mechanism = new CertifiedHead(
      env,
      config,
      head,
      head.headData(env.data, env.classes),
      Int32Array.from(rows).sort(),
      publicRows,
    );
    mechanism.fit();
    return mechanism;
  }

  /** Restores a saved head with its noise, Hessian statistics and budget spent. */
  static load(env: MechanismEnv, saved: SavedMechanism, config: CertifiedNewtonConfig): CertifiedHead {
    const state = saved.state as {
      rows: number[];
      publicRows: number[];
      spent: number;
      draws: number;
      removals: number;
      retrains: number;
    };
    const head = buildHeadModel(env, config, new Int32Array(0), saved.model);
    const mechanism = new CertifiedHead(
      env,
      config,
      head,
      head.headData(env.data, env.classes),
      Int32Array.from(state.rows),
      Int32Array.from(state.publicRows),
    );
    const t = (name: string): Float64Array => Float64Array.from(saved.tensors.tensors.get(name)!.data);
    mechanism.W = t('W');
    mechanism.B = t('b');
    mechanism.reference = t('W_ref');
    mechanism.hessian = t('H_ref');
    Object.assign(mechanism, {
      spent: state.spent,
      draws: state.draws,
      removals: state.removals,
      retrains: state.retrains,
    });
    mechanism.logits = mechanism.allLogits(mechanism.W);
    mechanism.referenceLogits = mechanism.allLogits(mechanism.reference);
    return mechanism;
  }

  rows(): Int32Array {
    return this.current;
  }

  guarantee(): Guarantee {
    return certifiedNewtonGuarantee(this.config);
  }

  budget(): Record<string, number> {
    return {
      residual_budget: this.config.residualBudget,
      residual_spent: this.spent,
      residual_left: Math.max(0, this.config.residualBudget - this.spent),
      budget_used: this.spent / this.config.residualBudget,
      removals: this.removals,
      retrains: this.retrains,
      sigma: perturbationSigma(this.config),
    };
  }

  /** The current weights W (C × d, row-major), the perturbation b and the training rows: for checks. */
  snapshot(): { W: Float64Array; b: Float64Array; data: HeadData; lambda: number; bound: number } {
    return {
      W: Float64Array.from(this.W),
      b: Float64Array.from(this.B),
      data: this.data,
      lambda: this.config.lambda,
      bound: this.spent,
    };
  }

  forget(rows: Int32Array): DeletionReport {
    const { lambda } = this.config;
    const { d, classes } = this.data;
    const p = classes * d;
    const delta = new Float64Array(p);
    lossAndGradient(this.W, this.data, rows, delta);
    for (let i = 0; i < p; i++) delta[i] += lambda * rows.length * this.W[i];
    accumulateHessian(this.hessian, this.reference, this.data, rows, -1);
    addToDiagonal(this.hessian, p, -lambda * rows.length);
    const drop = new Set(rows);
    this.current = this.current.filter((r) => !drop.has(r));
    this.scratch ??= new Float64Array(this.hessian.length);
    const step = choleskySolve(this.hessian, delta, this.scratch);
    const bound = this.applyStep(step);
    this.removals += rows.length;
    this.spent += bound;
    let stepNorm = 0;
    for (const s of step) stepNorm += s * s;
    const retrained = this.spent > this.config.residualBudget;
    if (retrained) {
      this.draws++;
      this.retrains++;
      this.fit();
    }
    return {
      rows: rows.length,
      retrained,
      workRedone: null,
      budget: this.budget(),
      details: { stepNorm: Math.sqrt(stepNorm), residualBound: bound },
    };
  }

  copyModel(): BlockModel {
    return copyHeadModel(this.env, this.config, this.head).model;
  }

  save(): SavedMechanism {
    const p = this.W.length;
    const tensor = (data: Float64Array, shape: number[]) => ({ data: Float64Array.from(data), shape });
    const tensors: ModelState = {
      tensors: new Map([
        ['W', tensor(this.W, [this.data.classes, this.data.d])],
        ['b', tensor(this.B, [this.data.classes, this.data.d])],
        ['W_ref', tensor(this.reference, [this.data.classes, this.data.d])],
        ['H_ref', tensor(this.hessian, [p, p])],
      ]),
    };
    const state = {
      rows: Array.from(this.current),
      publicRows: Array.from(this.publicRows),
      spent: this.spent,
      draws: this.draws,
      removals: this.removals,
      retrains: this.retrains,
    };
    return { model: captureState(this.model), tensors, state };
  }

  /** Draws b, minimises the perturbed objective exactly, and resets the reference point and the budget. */
  private fit(): void {
    const p = this.data.classes * this.data.d;
    this.B = this.env.rng
      .stream(`head/noise-${this.draws}`)
      .fillNormal(new Float64Array(p), 0, perturbationSigma(this.config)) as Float64Array;
    const { W, gradientNorm } = minimisePerturbed(this.data, this.current, this.config.lambda, this.B);
    this.W = W;
    this.reference = Float64Array.from(W);
    this.hessian = perturbedHessian(W, this.data, this.current, this.config.lambda);
    this.logits = this.allLogits(W);
    this.referenceLogits = Float64Array.from(this.logits);
    this.spent = gradientNorm;
    this.head.setWeights(W);
  }

  /**
   * W ← W + S, updating the logits of the remaining rows; returns the residual bound of this step. One pass over the
   * remaining rows computes S x̃ᵢ (C·d multiply-adds each), the drift ‖(W − W_ref) x̃ᵢ‖ from the cached logits, and
   * the bound term: the hot loop of a removal.
   */
  private applyStep(step: Float64Array): number {
    const { d, classes, x } = this.data;
    const { logits, referenceLogits, rowNorms } = this;
    let bound = 0;
    for (const id of this.current) {
      const at = id * d;
      const row = id * classes;
      let uu = 0;
      let drift = 0;
      for (let c = 0; c < classes; c++) {
        let u = 0;
        const w = c * d;
        for (let j = 0; j < d; j++) u += step[w + j] * x[at + j];
        const gap = logits[row + c] - referenceLogits[row + c];
        drift += gap * gap;
        uu += u * u;
        logits[row + c] += u;
      }
      const nu = Math.sqrt(uu);
      bound += (Math.sqrt(drift) + 0.5 * nu) * nu * rowNorms[id];
    }
    for (let i = 0; i < step.length; i++) this.W[i] += step[i];
    this.head.setWeights(this.W);
    return SOFTMAX_HESSIAN_LIPSCHITZ * bound;
  }

  private allLogits(W: Float64Array): Float64Array {
    const { classes } = this.data;
    const n = this.data.labels.length;
    const out = new Float64Array(n * classes);
    const z = new Float64Array(classes);
    for (let id = 0; id < n; id++) {
      rowLogits(W, this.data, id, z);
      out.set(z, id * classes);
    }
    return out;
  }
}
