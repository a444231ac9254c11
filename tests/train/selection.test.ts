import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random.js';
import { BlockModel } from '../../src/models/block-model.js';
import { Linear } from '../../src/models/layers/linear.js';
import { runEpochLoop } from '../../src/train/epoch-loop.js';
import {
  makeSelectionPolicy,
  type EpochScore,
  type SelectionPolicyName,
  type TargetCheck,
} from '../../src/train/selection.js';

/** A trajectory: per epoch the retained utility and the distance of the forget set to its target (tolerance 0.1). */
interface Step {
  utility: number;
  distance: number;
}

const check = (distance: number): TargetCheck => ({
  measure: 'loss',
  value: 1 + distance,
  target: 1,
  tolerance: 0.1,
  distance,
  reached: distance <= 0.1,
});

/**
 * Runs the loop over a constructed trajectory; the model's only weight records the epoch, so the returned state shows
 * which epoch was restored.
 */
function run(
  name: SelectionPolicyName,
  steps: readonly Step[],
  patience = 3,
): { selected: number; ran: number; restored: number; stoppedEarly: boolean } {
  const model = new BlockModel([{ name: 'w', kind: 'layer', module: new Linear(1, 1, new Rng(0)) }]);
  let epoch = 0;
  const policy = makeSelectionPolicy(
    name,
    (): EpochScore => ({ utility: steps[epoch - 1].utility, target: check(steps[epoch - 1].distance) }),
  );
  const result = runEpochLoop(
    model,
    (e) => {
      epoch = e;
      model.parameters()[0].data[0] = e;
      return { loss: 0, steps: 1 };
    },
    { maxEpochs: steps.length, patience, policy },
  );
  return {
    selected: result.selectedEpoch,
    ran: result.log.length,
    restored: model.parameters()[0].data[0],
    stoppedEarly: result.stoppedEarly,
  };
}

// An ascent-like trajectory: utility falls every epoch while the forget set approaches its target (reached at
// epochs 4-6), then overshoots.
const ascent: Step[] = [
  { utility: -0.1, distance: 0.9 },
  { utility: -0.2, distance: 0.6 },
  { utility: -0.3, distance: 0.3 },
  { utility: -0.4, distance: 0.08 },
  { utility: -0.35, distance: 0.02 },
  { utility: -0.6, distance: 0.05 },
  { utility: -0.7, distance: 0.4 },
  { utility: -0.8, distance: 0.9 },
  { utility: -0.9, distance: 1.5 },
  { utility: -1.0, distance: 2 },
];

describe('selection policies on a constructed trajectory', () => {
  it('utility keeps epoch 1 of an ascent method (the reference rule that undoes unlearning) and stops early', () => {
    expect(run('utility', ascent)).toEqual({ selected: 1, ran: 4, restored: 1, stoppedEarly: true });
  });

  it('forget-target keeps the best-utility epoch among those that reached the target, and runs past it', () => {
    const r = run('forget-target', ascent);
    expect(r.selected).toBe(5);
    expect(r.restored).toBe(5);
    expect(r.ran).toBe(8);
    expect(r.stoppedEarly).toBe(true);
  });

  it('forget-target never stops while the target is still getting closer, even after many worse utilities', () => {
    const slow = Array.from({ length: 12 }, (_v, i): Step => ({ utility: -i, distance: 2 - 0.17 * i }));
    const r = run('forget-target', slow, 2);
    expect(r.ran).toBe(12);
    expect(r.selected).toBe(12);
  });

  it('forget-target keeps the epoch closest to the target when none reaches it (utility breaks ties)', () => {
    const never: Step[] = [
      { utility: -0.1, distance: 0.9 },
      { utility: -0.2, distance: 0.5 },
      { utility: -0.05, distance: 0.5 },
      { utility: -0.3, distance: 0.7 },
    ];
    expect(run('forget-target', never, 5).selected).toBe(3);
  });

  it('last runs the whole budget and returns the last epoch without keeping states', () => {
    expect(run('last', ascent)).toEqual({ selected: 10, ran: 10, restored: 10, stoppedEarly: false });
  });

  it('utility without anything to measure keeps the last epoch', () => {
    const model = new BlockModel([{ name: 'w', kind: 'layer', module: new Linear(1, 1, new Rng(0)) }]);
    const result = runEpochLoop(model, () => ({ loss: 0, steps: 1 }), {
      maxEpochs: 3,
      patience: 1,
      policy: makeSelectionPolicy('utility'),
    });
    expect(result.selectedEpoch).toBe(3);
    expect(result.log.every((r) => r.selectScore === null)).toBe(true);
  });
});
