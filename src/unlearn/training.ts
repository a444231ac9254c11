import { Adam } from '../core/optim/adam.js';
import type { Optimizer } from '../core/optim/optimizer.js';
import { QunlearnError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { stepScope } from '../core/workspace.js';
import { runEpochLoop, type EpochLoopResult, type PassStats } from '../train/epoch-loop.js';
import type { SelectionPolicyName } from '../train/selection.js';
import type { UnlearnContext } from './context.js';
import { methodSelectionPolicy } from './selection.js';

/** Epoch budget of a method: the reference's epochs and early-stopping patience, and its selection override. */
export interface EpochBudget {
  epochs: number;
  patience: number;
  selection?: SelectionPolicyName;
}

/**
 * One optimisation step on the scalar loss `build` returns: clear gradients, backpropagate, update. Returns the
 * loss value. The step runs in a step scope: every buffer made while building and differentiating the loss is
 * recycled by the next step, so `build` must not keep tensors it makes beyond the step.
 */
export function optimisationStep(optimizer: Optimizer, build: () => Tensor): number {
  return stepScope(() => {
    const loss = build();
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    return loss.item();
  });
}

/** Mean of per-step losses as a pass report. */
export function passStats(losses: readonly number[]): PassStats {
  return { loss: losses.length === 0 ? 0 : losses.reduce((a, b) => a + b, 0) / losses.length, steps: losses.length };
}

/**
 * The shared training loop of every method: Adam at the base learning rate over the currently trainable
 * parameters (or those given), the method's `pass` once per epoch, and the protocol's selection policy (or the
 * method's `selection` override) choosing the state returned and when to stop.
 */
export function trainMethod(
  context: UnlearnContext,
  budget: EpochBudget,
  pass: (epoch: number, optimizer: Optimizer) => PassStats,
  params?: readonly Tensor[],
): EpochLoopResult {
  const { model, data, classes, base } = context;
  const policy = methodSelectionPolicy(model, data, classes, base.selection, budget.selection ?? base.selection.policy);
  const trainable = params ?? model.parameters().filter((p) => p.requiresGrad);
  if (trainable.length === 0)
    throw new QunlearnError('config', 'nothing to train: every parameter of the model is frozen');
  const optimizer = new Adam(trainable, { lr: base.lr });
  return runEpochLoop(
    model,
    (epoch) => {
      model.train();
      return pass(epoch, optimizer);
    },
    { maxEpochs: budget.epochs, patience: budget.patience, policy, onEpoch: context.onEpoch },
  );
}

/** Runs `fn` with only `trainable` parameters requiring grad, then restores every parameter's previous flag. */
export function withOnlyTrainable<T>(model: { parameters(): Tensor[] }, trainable: readonly Tensor[], fn: () => T): T {
  const params = model.parameters();
  const saved = params.map((p) => p.requiresGrad);
  const keep = new Set(trainable);
  for (const p of params) p.requiresGrad = keep.has(p);
  try {
    return fn();
  } finally {
    params.forEach((p, i) => (p.requiresGrad = saved[i]));
  }
}
