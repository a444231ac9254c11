import type { BlockModel } from '../models/block-model.js';
import type { EpochLoopResult } from '../train/epoch-loop.js';
import type { LabeledData } from '../train/labeled-data.js';
import { rowOutcomes } from '../train/predict.js';
import { checkTarget, type ForgetTarget } from '../unlearn/selection.js';

/**
 * The selection columns of a method row: the policy that chose the returned state and its epoch (empty for methods
 * that do not train), and where the returned model's forget set stands against the scenario's forget target
 * (measured on the returned model, so baselines such as `retrain` show whether a model that never saw the forget set
 * reaches it).
 */
export function selectionColumns(
  model: BlockModel,
  data: LabeledData,
  classes: number,
  target: ForgetTarget | null,
  training: EpochLoopResult | undefined,
): Record<string, string | number | boolean | null> {
  const check =
    target === null
      ? null
      : checkTarget(
          target,
          data.labels,
          rowOutcomes(model, data, target.forget, classes),
          rowOutcomes(model, data, target.heldOut, classes).loss,
        );
  return {
    selection: training?.policy ?? '',
    selected_epoch: training?.selectedEpoch ?? null,
    target_measure: check?.measure ?? '',
    target: check?.target ?? null,
    target_value: check?.value ?? null,
    target_tolerance: check?.tolerance ?? null,
    target_reached: check?.reached ?? null,
  };
}
