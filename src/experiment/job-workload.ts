import type { Scenario } from '../data/scenarios.js';
import { getMethod } from '../unlearn/registry.js';
import type { ResolvedExperiment } from './config.js';
import type { StudyJob } from './jobs.js';

/** What a seed's jobs cost depends on: its scenarios' set sizes and the number of classes. */
export interface SeedSizes {
  seed: number;
  classes: number;
  scenarios: readonly Pick<Scenario, 'name' | 'retain' | 'forget'>[];
}

/**
 * Each job's estimated workload, for the executor to start the longest first (list scheduling by longest processing
 * time: no long job left to run alone at the end): teachers and oracles first, since every method job waits for
 * them; methods by their own estimate on their scenario's sets. Only the order of jobs depends on it.
 */
export function jobWorkloads(experiment: ResolvedExperiment, seeds: readonly SeedSizes[]): (job: StudyJob) => number {
  const sizes = new Map<string, SeedSizes>(seeds.map((s) => [String(s.seed), s]));
  const configs = new Map(experiment.methods.map((m) => [m.name, m.config]));
  return (job) => {
    if (job.kind !== 'method') return Number.POSITIVE_INFINITY;
    const seed = sizes.get(String(job.seed));
    const scenario = seed?.scenarios.find((s) => s.name === job.scenario);
    const config = configs.get(job.method);
    if (seed === undefined || scenario === undefined || config === undefined) return 0;
    return getMethod(job.method).workload(config, {
      retain: scenario.retain.length,
      forget: scenario.forget.length,
      classes: seed.classes,
      pairing: experiment.protocol.pairing,
    });
  };
}
