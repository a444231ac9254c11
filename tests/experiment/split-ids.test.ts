import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeSplitPlan, splitPlanToJson } from '../../src/data/plan.js';
import type { ScenarioRequest } from '../../src/data/scenarios.js';
import { isCompactPlan, planIds, recordPlan, scenarioCounts, splitIdsFile } from '../../src/experiment/split-ids.js';
import { toyDataset } from '../data/helpers.js';
import { tempDir } from '../helpers/cli.js';

describe('split ids side file', () => {
  const scenarios: ScenarioRequest[] = [{ kind: 'subset' }, { kind: 'class', classes: [2] }];

  it('keeps small plans inline in run.json', () => {
    const plan = makeSplitPlan(toyDataset([50, 50]), { seed: 1, scenarios: [{ kind: 'subset' }] });
    const recorded = recordPlan(tempDir(), plan);
    expect(isCompactPlan(recorded)).toBe(false);
    expect(recorded).toEqual(splitPlanToJson(plan));
  });

  it('writes large plans as one byte per row and part, gzipped, and reads them back exactly', () => {
    const plan = makeSplitPlan(toyDataset([10_000, 10_001, 5_000], 1), { seed: 3, validationFraction: 0.1, scenarios });
    const dir = tempDir();
    const recorded = recordPlan(dir, plan);
    if (!isCompactPlan(recorded)) throw new Error('expected the compact form');
    expect(recorded.ids.file).toBe(splitIdsFile(3));
    expect(recorded.sizes).toEqual({
      train: plan.train.length,
      validation: plan.validation.length,
      test: plan.test.length,
    });
    expect(scenarioCounts(recorded)).toEqual(
      plan.scenarios.map((s) => ({ name: s.name, kind: s.kind, forget: s.forget.length, retain: s.retain.length })),
    );
    expect(JSON.stringify(recorded).length).toBeLessThan(2_000);
    const bytes = gunzipSync(readFileSync(join(dir, recorded.ids.file)));
    expect(bytes.length).toBe(25_001 * 3);
    expect(bytes[plan.test[0]]).toBe(2);
    expect(bytes[25_001 * 2 + plan.scenarios[1].forget[0]]).toBe(1);
    const ids = planIds(dir, recorded);
    expect(ids.train).toEqual(plan.train);
    expect(ids.validation).toEqual(plan.validation);
    expect(ids.test).toEqual(plan.test);
    expect([...ids.forget.keys()]).toEqual(['subset', 'class-2']);
    expect(ids.forget.get('class-2')).toEqual(plan.scenarios[1].forget);
  });

  it('a damaged or missing side file is an error naming it and the command that writes it again', () => {
    const plan = makeSplitPlan(toyDataset([12_000, 12_000], 1), { scenarios: [{ kind: 'subset' }] });
    const dir = tempDir();
    const recorded = recordPlan(dir, plan);
    const file = join(dir, splitIdsFile(0));
    const bytes = gunzipSync(readFileSync(file));
    bytes[5] = bytes[5] === 0 ? 2 : 0;
    writeFileSync(file, gzipSync(bytes));
    expect(() => planIds(dir, recorded)).toThrow(
      `the split ids ${file} do not match the SHA-256 recorded in run.json; \`qunlearn run --resume ${dir}\` writes them again`,
    );
    writeFileSync(file, 'not gzip');
    expect(() => planIds(dir, recorded)).toThrow(/are not valid gzip/);
    rmSync(file);
    expect(() => planIds(dir, recorded)).toThrow(`the split ids ${file} are missing`);
  });
});
