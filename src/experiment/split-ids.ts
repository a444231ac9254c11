import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/node/atomic-file.js';
import { QunlearnError } from '../core/errors.js';
import { splitPlanToJson, type SplitPlan } from '../data/plan.js';
import { isCompactPlan, type RecordedPlan } from './recorded-plan.js';

/**
 * Data with more rows than this keeps its split ids out of run.json: inline, a 1M-row table's ids made a 52 MB
 * run.json; the side file holds the same assignment in about a byte per row per part, compressed.
 */
export const INLINE_SPLIT_ROWS = 20_000;

/** The side file of a seed's split ids, relative to the run folder. */
export const splitIdsFile = (seed: number): string => join(`seed-${seed}`, 'split-ids.bin.gz');

export { isCompactPlan, scenarioCounts, type CompactPlanJson, type RecordedPlan } from './recorded-plan.js';

function encode(plan: SplitPlan): Uint8Array {
  const n = plan.dataset.rows;
  const bytes = new Uint8Array(n * (1 + plan.scenarios.length));
  plan.validation.forEach((r) => (bytes[r] = 1));
  plan.test.forEach((r) => (bytes[r] = 2));
  plan.scenarios.forEach((s, i) => s.forget.forEach((r) => (bytes[n * (i + 1) + r] = 1)));
  return bytes;
}

/**
 * The plan to record in run.json for one seed of a run in `dir`: inline for small data, else the compact form, its
 * ids written (atomically) to the side file.
 */
export function recordPlan(dir: string, plan: SplitPlan): RecordedPlan {
  const json = splitPlanToJson(plan);
  if (plan.dataset.rows <= INLINE_SPLIT_ROWS) return json;
  const bytes = encode(plan);
  const file = splitIdsFile(plan.seed);
  writeFileAtomic(join(dir, file), gzipSync(bytes));
  const { train: _t, validation: _v, test: _s, scenarios, ...rest } = json;
  return {
    ...rest,
    sizes: { train: plan.train.length, validation: plan.validation.length, test: plan.test.length },
    scenarios: plan.scenarios.map((s) => ({
      name: s.name,
      kind: s.kind,
      forgetCount: s.forget.length,
      retainCount: s.retain.length,
    })),
    ids: { file, format: 'qunlearn-split-ids/1', sha256: createHash('sha256').update(bytes).digest('hex') },
  };
}

/** Row ids of each part of a recorded plan, read from its side file when it has one (checked against its digest). */
export function planIds(
  dir: string,
  plan: RecordedPlan,
): { train: Int32Array; validation: Int32Array; test: Int32Array; forget: Map<string, Int32Array> } {
  if (!isCompactPlan(plan)) {
    return {
      train: Int32Array.from(plan.train),
      validation: Int32Array.from(plan.validation),
      test: Int32Array.from(plan.test),
      forget: new Map(plan.scenarios.map((s) => [s.name, Int32Array.from(s.forget)])),
    };
  }
  const file = join(dir, plan.ids.file);
  const damaged = (why: string): never => {
    throw new QunlearnError(
      'damaged',
      `the split ids ${file} ${why}; \`qunlearn run --resume ${dir}\` writes them again (the splits follow from the run's seeds and data)`,
    );
  };
  if (!existsSync(file)) damaged('are missing');
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(readFileSync(file));
  } catch (e) {
    return damaged(`are not valid gzip (${(e as Error).message})`);
  }
  const n = plan.dataset.rows;
  if (bytes.length !== n * (1 + plan.scenarios.length))
    damaged(`hold ${bytes.length} bytes, expected ${n * (1 + plan.scenarios.length)}`);
  if (createHash('sha256').update(bytes).digest('hex') !== plan.ids.sha256)
    damaged('do not match the SHA-256 recorded in run.json');
  const parts: number[][] = [[], [], []];
  for (let r = 0; r < n; r++) {
    if (bytes[r] > 2) damaged(`give row ${r} the unknown split code ${bytes[r]}`);
    parts[bytes[r]].push(r);
  }
  const forget = new Map(
    plan.scenarios.map((s, i) => {
      const rows: number[] = [];
      for (let r = 0; r < n; r++) if (bytes[n * (i + 1) + r] === 1) rows.push(r);
      return [s.name, Int32Array.from(rows)];
    }),
  );
  return {
    train: Int32Array.from(parts[0]),
    validation: Int32Array.from(parts[1]),
    test: Int32Array.from(parts[2]),
    forget,
  };
}
