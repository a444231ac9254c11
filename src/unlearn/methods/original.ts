import { z } from 'zod';
import { defineMethod } from '../method.js';
import { noGuarantee } from '../guarantee.js';

/** The teacher unchanged: the "no unlearning" baseline every method should beat on forgetting. */
export const original = defineMethod({
  name: 'original',
  label: 'Original',
  summary: 'The original model unchanged (no unlearning): the baseline for forgetting.',
  needs: { retain: false, forget: false, original: false, validation: false },
  workload: () => 0,
  guarantee: noGuarantee,
  schema: z.object({}).strict(),
  defaults: () => ({}),
  run: () => ({}),
});
