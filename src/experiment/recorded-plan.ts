import type { SplitPlanJson } from '../data/plan.js';

/**
 * A seed's split plan as run.json records it for large data: everything but the id lists, which are in `ids.file`
 * (gzip of `rows` bytes giving each row's split, 0 train / 1 validation / 2 test, then `rows` bytes per scenario in
 * plan order, 1 where the row is forgotten). `ids.sha256` is the digest of the uncompressed bytes.
 */
export interface CompactPlanJson extends Omit<SplitPlanJson, 'train' | 'validation' | 'test' | 'scenarios'> {
  sizes: { train: number; validation: number; test: number };
  scenarios: {
    name: string;
    kind: SplitPlanJson['scenarios'][number]['kind'];
    forgetCount: number;
    retainCount: number;
  }[];
  ids: { file: string; format: 'qunlearn-split-ids/1'; sha256: string };
}

/** What run.json holds for a seed's plan: the plan itself, or (large data) the compact form with a side file. */
export type RecordedPlan = SplitPlanJson | CompactPlanJson;

/** True when a recorded plan keeps its ids in a side file. */
export function isCompactPlan(plan: RecordedPlan): plan is CompactPlanJson {
  return (
    'ids' in plan && typeof (plan as CompactPlanJson).ids === 'object' && !Array.isArray((plan as CompactPlanJson).ids)
  );
}

/** Forgotten and retained row counts of each scenario of a recorded plan, whichever form it has. */
export function scenarioCounts(plan: RecordedPlan): { name: string; kind: string; forget: number; retain: number }[] {
  if (isCompactPlan(plan))
    return plan.scenarios.map((s) => ({ name: s.name, kind: s.kind, forget: s.forgetCount, retain: s.retainCount }));
  return plan.scenarios.map((s) => ({ name: s.name, kind: s.kind, forget: s.forget.length, retain: s.retain.length }));
}
