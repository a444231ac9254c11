import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/node/atomic-file.js';
import { QunlearnError } from '../../core/errors.js';
import { folderEntries, lockFolder } from '../folder-lock.js';
import { isObject, readJsonFile } from '../json-file.js';
import { readRunRecord } from '../run-record.js';
import { planIds } from '../split-ids.js';
import { sweepFiles } from '../sweep/layout.js';
import { planSweep, readSweepPlan, samePlan, type SweepPlan } from '../sweep/plan.js';
import { runSweep, type SweepEvent } from '../sweep/scheduler.js';
import type { SweepExecutor } from '../sweep/task.js';
import {
  bestBalance,
  comparisonsOf,
  entanglementRole,
  isItQuantum,
  memorisationVsDepth,
  tradeOffsVsDepth,
  type Finding,
} from './claims.js';
import { meanInterval } from '../../metrics/student-t.js';
import { readObservations, sweepDirOf, type Observations, type Quantity, type Setting } from './observations.js';
import { findingsSweeps, FINDINGS_METHODS, gridOf, type FindingsSettings, type FindingsSweep } from './plan.js';
import { taskComplexity } from './task-complexity.js';

/** Where a findings plan keeps its files. */
export const findingsFiles = {
  settings: (dir: string): string => join(dir, 'findings-plan.json'),
  json: (dir: string): string => join(dir, 'findings.json'),
};

/** What findings.json holds: every number behind every verdict (no timings, so a resumed plan writes the same file). */
export interface FindingsRecord {
  format: 'qunlearn-findings/1';
  settings: FindingsSettings;
  /** Every run of a seed forgets the same rows whatever its circuit (checked from the runs' records). */
  pairing: { verified: true; seeds: number[]; digests: Record<string, string> };
  /** How many comparisons (tests, rank intervals and correlations) the verdicts rest on, so readers can judge multiplicity. */
  comparisons: number;
  findings: Finding[];
  /** Every measure per setting: mean over seeds with its 95 % t-interval half-width (the report's charts). */
  profiles: Profile[];
}

/** A measure's mean over seeds at one setting. */
export interface Profile extends Setting, Quantity {
  n: number;
  mean: number;
  ci95: number;
}

/** Means over seeds of every observation, in a stable order (so that findings.json does not depend on run order). */
function profilesOf(obs: Observations): Profile[] {
  const out: Profile[] = [];
  for (const { setting, quantity, values } of obs.entries()) {
    const { n, mean, ci95 } = meanInterval([...values.values()]);
    out.push({ ...setting, ...quantity, n, mean, ci95 });
  }
  const key = (p: Profile): string =>
    [
      p.dataset,
      p.kind,
      String(p.layers ?? 0).padStart(4, '0'),
      p.entangler ?? '',
      p.scenario,
      p.method,
      p.measure,
    ].join('|');
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}

/** How a findings plan executes (none of this changes its results). */
export interface FindingsOptions {
  dir: string;
  resume?: boolean;
  /** Builds the executor of one sweep (local pool or BullMQ workers); closed after the sweep. */
  executor: (plan: SweepPlan) => Promise<SweepExecutor> | SweepExecutor;
  onSweep?: (sweep: FindingsSweep, index: number, total: number) => void;
  onEvent?: (event: SweepEvent) => void;
  signal?: AbortSignal;
}

const isSettings = (v: unknown): v is FindingsSettings =>
  isObject(v) && Array.isArray(v.datasets) && Array.isArray(v.seeds) && typeof v.models === 'number';

/** The saved settings of a findings folder (what `--resume` continues). */
export function readFindingsSettings(dir: string): FindingsSettings {
  const file = findingsFiles.settings(dir);
  if (!existsSync(file))
    throw new QunlearnError('findings', `${dir} is not a qunlearn findings directory (no findings-plan.json)`);
  return readJsonFile(file, {
    what: 'findings plan',
    check: isSettings,
    repair: "it holds the plan's settings: restore it, or start the plan again into a new folder (--out)",
  });
}

/** The sweep plan of one of the plan's sweeps: the saved one when resuming (it must be the same), else a new one. */
function adopt(sweep: FindingsSweep, dir: string): SweepPlan {
  const { plan, invalid } = planSweep(sweep.spec);
  if (invalid.length > 0)
    throw new QunlearnError(
      'findings',
      `${sweep.id}: ${invalid.length} run(s) cannot run: ${invalid.map((r) => `${r.id}: ${r.message}`).join('; ')}`,
    );
  if (existsSync(sweepFiles.plan(dir))) {
    const saved = readSweepPlan(dir);
    if (!samePlan(saved, plan))
      throw new QunlearnError('findings', `${dir} holds a different sweep; the findings folder was changed by hand`);
    return saved;
  }
  writeFileAtomic(sweepFiles.plan(dir), `${JSON.stringify(plan, null, 2)}\n`);
  return plan;
}

/**
 * Checks that every run of a seed forgets the same rows, whatever its circuit: the comparisons pair by seed. Returns
 * a digest of each seed's forget rows per dataset.
 */
export function checkPairing(
  dir: string,
  sweeps: readonly { sweep: FindingsSweep; plan: SweepPlan }[],
): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const { sweep, plan } of sweeps) {
    for (const run of plan.runs) {
      const runDir = sweepFiles.run(sweepDirOf(dir, sweep.id), run.id);
      const record = readRunRecord(runDir);
      const ids = planIds(runDir, (record.seeds[String(run.seed)] as { plan: Parameters<typeof planIds>[1] }).plan);
      const hash = createHash('sha256');
      for (const [name, rows] of [...ids.forget].sort((a, b) => a[0].localeCompare(b[0])))
        hash.update(`${name}:${Array.from(rows).join(',')};`);
      const key = `${sweep.dataset}/seed-${run.seed}`;
      const digest = hash.digest('hex').slice(0, 16);
      if (digests[key] !== undefined && digests[key] !== digest) {
        throw new QunlearnError(
          'findings',
          `${sweep.id}/${run.id} forgets other rows than the other runs of seed ${run.seed}: the comparisons would not pair`,
        );
      }
      digests[key] = digest;
    }
  }
  return digests;
}

/** Every finding of the plan, from its observations. */
export function computeFindings(
  dir: string,
  settings: FindingsSettings,
  sweeps: readonly { sweep: FindingsSweep; plan: SweepPlan }[],
): FindingsRecord {
  const obs = readObservations(dir, sweeps);
  const methods = FINDINGS_METHODS.filter((m) => m !== 'retrain');
  const grid = gridOf(settings);
  const findings: Finding[] = [];
  for (const dataset of settings.datasets) {
    findings.push(
      memorisationVsDepth(obs, dataset, grid),
      entanglementRole(obs, dataset, methods, grid),
      tradeOffsVsDepth(obs, dataset, grid),
    );
  }
  findings.push(taskComplexity(obs, settings.datasets, grid));
  for (const dataset of settings.datasets)
    findings.push(bestBalance(obs, dataset, grid), isItQuantum(obs, dataset, methods, grid));
  const comparisons = findings.reduce((n, f) => n + comparisonsOf(f), 0);
  return {
    format: 'qunlearn-findings/1',
    settings,
    pairing: { verified: true, seeds: settings.seeds, digests: checkPairing(dir, sweeps) },
    comparisons,
    findings,
    profiles: profilesOf(obs),
  };
}

/**
 * Runs a findings plan: its sweeps one after the other (each an ordinary, resumable sweep under `sweeps/`, on the
 * given executor), then computes every finding and writes findings.json. The folder is locked while it runs; a killed
 * plan continues with `resume` and writes the same findings.json as an uninterrupted one.
 */
export async function runFindings(settings: FindingsSettings, options: FindingsOptions): Promise<FindingsRecord> {
  const { dir } = options;
  const lock = lockFolder(
    dir,
    'findings folder',
    options.resume ? 'wait for it to finish' : 'wait for it to finish, or choose another --out',
  );
  try {
    if (options.resume) {
      if (JSON.stringify(readFindingsSettings(dir)) !== JSON.stringify(settings))
        throw new QunlearnError('findings', `${dir} was started with other settings; resume it without changing them`);
    } else {
      if (folderEntries(dir).length > 0)
        throw new QunlearnError(
          'findings',
          `output directory ${dir} already exists and is not empty; choose another --out, or continue it with --resume ${dir}`,
        );
      writeFileAtomic(findingsFiles.settings(dir), `${JSON.stringify(settings, null, 2)}\n`);
    }
    const sweeps = findingsSweeps(settings);
    const planned = sweeps.map((sweep) => ({ sweep, plan: adopt(sweep, sweepDirOf(dir, sweep.id)) }));
    for (const [i, { sweep, plan }] of planned.entries()) {
      options.onSweep?.(sweep, i, planned.length);
      const executor = await options.executor(plan);
      try {
        const outcome = await runSweep(plan, sweepDirOf(dir, sweep.id), executor, {
          onEvent: options.onEvent,
          signal: options.signal,
        }).catch((e: unknown) => {
          if (options.signal?.aborted !== true) throw e;
          throw new QunlearnError(
            'interrupted',
            `the findings plan was interrupted in sweep ${i + 1} of ${planned.length} (${sweep.id}; every finished run is saved); continue it with \`qunlearn findings --resume ${dir}\``,
          );
        });
        if (outcome.failures.length > 0) {
          throw new QunlearnError(
            'findings',
            `${sweep.id}: ${outcome.failures.length} task(s) failed (${outcome.failures
              .slice(0, 3)
              .map((f) => `${f.id}: ${f.message}`)
              .join('; ')}); fix the cause and continue with \`qunlearn findings --resume ${dir}\``,
          );
        }
      } finally {
        await executor.close();
      }
    }
    const record = computeFindings(dir, settings, planned);
    writeFileAtomic(findingsFiles.json(dir), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  } finally {
    lock.release();
  }
}
