import { QunlearnError } from '../core/errors.js';
import type { MethodNeeds, UnlearnContext } from './context.js';
import type { UnlearningMethod } from './method.js';

const GUARDED = [
  'retain',
  'forget',
  'original',
  'validation',
  'oracle',
] as const satisfies readonly (keyof MethodNeeds & keyof UnlearnContext)[];

/**
 * The context a method is given: what it declared in `needs` and nothing else. Reading an undeclared input throws,
 * so a method cannot quietly use data (the forget set, the oracle) that its declaration says it does without; and a
 * declared set that is empty is an error before the method runs.
 */
export function contextForMethod(method: UnlearningMethod, context: UnlearnContext): UnlearnContext {
  for (const set of ['retain', 'forget'] as const) {
    if (method.needs[set] && context[set].length === 0) {
      throw new QunlearnError('data', `method '${method.name}' needs the ${set} set, and it is empty in this scenario`);
    }
  }
  const restricted: UnlearnContext = { ...context };
  for (const key of GUARDED) {
    if (method.needs[key] === true) continue;
    Object.defineProperty(restricted, key, {
      get() {
        throw new Error(
          `method '${method.name}' read context.${key} without declaring needs.${key}: declare it, or do without it`,
        );
      },
    });
  }
  return restricted;
}
