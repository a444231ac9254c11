import type { ResolvedExperiment } from './config.js';

/** A behaviour of the reference protocol that is in force in a run, and the flag that switches it off. */
export interface ReferenceBehaviour {
  text: string;
  off: string;
}

/**
 * Every reference behaviour (a defect of docs/protocol.md) in force in a run: printed in the run's header and
 * listed in its report, so reference numbers are never produced silently.
 */
export function referenceBehaviours(experiment: ResolvedExperiment): ReferenceBehaviour[] {
  const out: ReferenceBehaviour[] = [];
  const p = experiment.protocol;
  if (p.selection === 'test')
    out.push({
      text: 'every training run keeps the epoch with the best test accuracy (defect 1)',
      off: '--preset sound',
    });
  if (experiment.teacherTrainOn === 'subset-retain') {
    out.push({
      text: "the teacher trains on the subset scenario's retain set, as the reference's Iris scripts do (defect 2)",
      off: '--teacher-train-on train',
    });
  }
  if (experiment.preset === 'paper') {
    out.push({
      text: "the reference's MIA (non-members drawn from the retain set) is reported as mia_auc_reference (defect 3)",
      off: '--preset sound',
    });
  }
  if (p.pairing === 'zip')
    out.push({ text: 'paired retain/forget loops stop at the shorter loader (zip, defect 5)', off: '--preset sound' });
  if (p.scalerFit === 'all')
    out.push({
      text: 'the min-max scaler is fitted on all rows, test rows included (defect 12)',
      off: '--preset sound',
    });
  if (experiment.referenceMethods) {
    out.push({
      text: "the reference's method-level behaviour (CF-k ascent, EU-k trains all, SCRUB combined step, no rewind, Q-MUL sign, Fisher on the forget set, ADV-UNIFORM in train mode; defects 6-10, 14)",
      off: '--no-reference-methods',
    });
  }
  if (experiment.methodSelection === 'utility') {
    out.push({
      text: 'unlearning runs keep their best-utility epoch, which is epoch 1 for any method whose forgetting costs utility',
      off: '--method-selection forget-target (sound preset)',
    });
  }
  return out;
}
