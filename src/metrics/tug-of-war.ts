import type { SetAccuracies } from './accuracy.js';
import { checkRate } from './validate.js';

/**
 * Tug-of-War (Zhao et al., 2024): Π over S ∈ {forget, retain, test} of (1 − |acc_u(S) − acc_oracle(S)|).
 * It is 1 when the unlearned model matches the oracle's accuracy on every set and falls towards 0 as any set
 * drifts, so forgetting too much is penalised as much as forgetting too little.
 */
export function tugOfWar(unlearned: SetAccuracies, oracle: SetAccuracies): number {
  let product = 1;
  for (const set of ['forget', 'retain', 'test'] as const) {
    checkRate('tugOfWar', `unlearned.${set}`, unlearned[set]);
    checkRate('tugOfWar', `oracle.${set}`, oracle[set]);
    product *= 1 - Math.abs(unlearned[set] - oracle[set]);
  }
  return product;
}
