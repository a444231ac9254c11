import { defaultSplit, localExecutor } from '../experiment/sweep/local-executor.js';
import type { SweepPlan } from '../experiment/sweep/plan.js';
import type { SweepExecutor } from '../experiment/sweep/task.js';
import { sweepSplit, type SweepSplitFlags } from './workers.js';

/** Where a sweep's tasks run: `qunlearn worker` processes through Redis, or this machine. */
export interface SweepExecutorFlags extends SweepSplitFlags {
  redis?: string;
  queue: string;
  checkpoints?: boolean;
}

/**
 * The executor of one sweep plan: distributed through Redis (BullMQ, loaded only then) when `--redis` is given,
 * else a local pool split as the flags ask.
 */
export async function sweepExecutor(flags: SweepExecutorFlags, plan: SweepPlan): Promise<SweepExecutor> {
  if (flags.redis !== undefined) {
    const { distributedExecutor } = await import('../experiment/sweep/distributed-executor.js');
    return distributedExecutor({
      url: flags.redis,
      queue: flags.queue,
      sweepId: plan.id,
      checkpoints: flags.checkpoints === true,
      onError: (e) => process.stderr.write(`qunlearn: warning: Redis: ${e.message}\n`),
    });
  }
  const { cores, parallel, runWorkers } = sweepSplit(flags);
  return localExecutor(defaultSplit(Math.max(plan.runs.length, plan.references.length), cores, parallel, runWorkers));
}
