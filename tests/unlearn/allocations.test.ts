import { describe, expect, it } from 'vitest';
import { METHODS, resolveMethodConfig } from '../../src/unlearn/registry.js';
import { countAllocations } from '../helpers/allocations.js';
import { fixtureContext, forgetClass, retainClass, trainReferences } from '../helpers/unlearn-fixture.js';

const states = trainReferences();
const BATCH = 2;

/** Methods that train in epochs of optimisation steps (the others make no per-batch steps to recycle). */
const stepped = METHODS.filter((m) => 'epochs' in (m.defaults('tabular') as Record<string, unknown>));

function allocationsOver(name: string, epochs: number): number {
  const method = METHODS.find((m) => m.name === name)!;
  const config = resolveMethodConfig(method, 'tabular', { epochs });
  const context = fixtureContext(states, forgetClass, retainClass, { batchSize: BATCH });
  return countAllocations(() => method.run(context, config)).length;
}

describe('unlearning steps reuse their buffers', () => {
  it('covers every method that trains in steps', () => {
    expect(stepped.map((m) => m.name)).toEqual(expect.arrayContaining(['ga', 'scrub', 'qmul', 'lca', 'salun']));
  });

  // Every epoch has at least |retain| / batch = 50 steps: an array made per step would add at least 50 per epoch.
  it.each(stepped.map((m) => m.name))('%s allocates per epoch (shuffles, snapshots), never per step', (name) => {
    const steps = Math.ceil(retainClass.length / BATCH);
    allocationsOver(name, 1); // fills the free list with this method's buffer sizes
    const perEpoch = (allocationsOver(name, 3) - allocationsOver(name, 1)) / 2;
    expect(perEpoch).toBeLessThan(steps / 2);
  });
});
