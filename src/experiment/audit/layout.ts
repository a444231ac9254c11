import { join } from 'node:path';

const model = (i: number): string => `model-${String(i).padStart(4, '0')}.json`;

/**
 * Where an audit keeps its files, inside the run (or audit) directory. Each model's record is written atomically
 * when its job finishes, and a job counts as done when its record exists, which is what resuming relies on.
 */
export const auditFiles = {
  /** One row per scenario × method (and the chance level per scenario). */
  csv: (dir: string): string => join(dir, 'audit.csv'),
  json: (dir: string): string => join(dir, 'audit.json'),
  /** The record of a standalone audit (`qunlearn audit`); an audit inside a run is described by run.json. */
  record: (dir: string): string => join(dir, 'audit-run.json'),
  /** What each model left: φ on the forget examples and three accuracies. */
  models: (dir: string): string => join(dir, 'audit'),
  retrained: (dir: string, scenario: string, i: number): string => join(dir, 'audit', scenario, 'retrained', model(i)),
  /** Every method's unlearned model i, all scenarios, in one record (they share original model i). */
  unlearned: (dir: string, i: number): string => join(dir, 'audit', 'unlearned', model(i)),
};
