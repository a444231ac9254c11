import { describe, expect, it } from 'vitest';
import {
  checkSplitPlan,
  makeSplitPlan,
  splitPlanFromJson,
  splitPlanToJson,
  type SplitPlan,
} from '../../src/data/index.js';
import { loadIris } from '../../src/data/node/index.js';
import { expectError, toyDataset } from './helpers.js';

const perClass = (labels: Int32Array, rows: Int32Array, numClasses: number) => {
  const counts = new Array<number>(numClasses).fill(0);
  for (const r of rows) counts[labels[r]]++;
  return counts;
};
const reference = [{ kind: 'subset', name: 'A' } as const, { kind: 'class', name: 'B' } as const];

describe('makeSplitPlan', () => {
  const iris = loadIris();

  it('reproduces the reference sizes on Iris: 120/30, A = 117/3 (one per class), B = 80/40', () => {
    const plan = makeSplitPlan(iris, { scenarios: reference });
    expect([plan.train.length, plan.validation.length, plan.test.length]).toEqual([120, 0, 30]);
    expect(perClass(iris.labels, plan.train, 3)).toEqual([40, 40, 40]);
    expect(perClass(iris.labels, plan.test, 3)).toEqual([10, 10, 10]);
    const [a, b] = plan.scenarios;
    expect([a.name, a.kind, a.retain.length, a.forget.length]).toEqual(['A', 'subset', 117, 3]);
    expect(perClass(iris.labels, a.forget, 3)).toEqual([1, 1, 1]);
    expect([b.name, b.kind, b.retain.length, b.forget.length]).toEqual(['B', 'class', 80, 40]);
    expect(Array.from(b.forget).every((r) => iris.labels[r] === 0)).toBe(true);
    expect(() => checkSplitPlan(plan, iris)).not.toThrow();
  });

  it('reproduces the reference sizes at 200 (MNIST) and 800 (Fashion) per class', () => {
    for (const [n, sizes] of [
      [200, [1600, 400, 1568, 32, 1440, 160]],
      [800, [6400, 1600, 6272, 128, 5760, 640]],
    ] as const) {
      const ds = toyDataset(new Array<number>(10).fill(n), 1);
      const plan = makeSplitPlan(ds, { scenarios: reference });
      const [a, b] = plan.scenarios;
      expect([
        plan.train.length,
        plan.test.length,
        a.retain.length,
        a.forget.length,
        b.retain.length,
        b.forget.length,
      ]).toEqual(sizes);
    }
  });

  it('carves a stratified validation split from the training rows (sound preset)', () => {
    const plan = makeSplitPlan(iris, { validationFraction: 0.1, scenarios: reference });
    expect([plan.train.length, plan.validation.length, plan.test.length]).toEqual([108, 12, 30]);
    expect(perClass(iris.labels, plan.validation, 3)).toEqual([4, 4, 4]);
    const seen = new Set<number>();
    for (const r of [...plan.train, ...plan.validation, ...plan.test]) {
      expect(seen.has(r)).toBe(false);
      seen.add(r);
    }
    expect(seen.size).toBe(150);
    const inTrain = new Set(plan.train);
    for (const s of plan.scenarios) for (const r of s.forget) expect(inTrain.has(r)).toBe(true);
    expect(plan.scenarios[0].forget.length).toBe(3);
    expect(plan.scenarios[1].forget.length).toBe(36);
    // The validation split never moves the test split: each part has its own Rng stream.
    expect(Array.from(plan.test)).toEqual(Array.from(makeSplitPlan(iris).test));
  });

  it('keeps the rows of a deletion request in the training set in every seed, with the usual split sizes', () => {
    const ids = [0, 1, 2, 3, 50, 51, 100, 149];
    const request = { kind: 'indices', ids } as const;
    for (let seed = 0; seed < 20; seed++) {
      const plain = makeSplitPlan(iris, { seed, validationFraction: 0.1 });
      const plan = makeSplitPlan(iris, { seed, validationFraction: 0.1, scenarios: [request, ...reference] });
      const train = new Set(plan.train);
      for (const id of ids) expect(train.has(id), `seed ${seed}, row ${id}`).toBe(true);
      expect([plan.train.length, plan.validation.length, plan.test.length]).toEqual([
        plain.train.length,
        plain.validation.length,
        plain.test.length,
      ]);
      expect(Array.from(plan.scenarios[0].forget)).toEqual(ids);
      expect(() => checkSplitPlan(plan, iris)).not.toThrow();
    }
    // Without a request the split is what it always was (the pinning draws nothing).
    expect(Array.from(makeSplitPlan(iris, { seed: 3, scenarios: reference }).test)).toEqual(
      Array.from(makeSplitPlan(iris, { seed: 3 }).test),
    );
    expectError(
      () => makeSplitPlan(iris, { scenarios: [{ kind: 'indices', ids: [150] }] }),
      'row id 150 is out of range',
    );
  });

  it('is reproducible from the seed, differs across seeds, and scenarios do not disturb each other', () => {
    const a = makeSplitPlan(iris, { seed: 1, scenarios: reference });
    const b = makeSplitPlan(iris, { seed: 1, scenarios: reference });
    const c = makeSplitPlan(iris, { seed: 2, scenarios: reference });
    expect(splitPlanToJson(b)).toEqual(splitPlanToJson(a));
    expect(Array.from(c.test)).not.toEqual(Array.from(a.test));
    const onlyA = makeSplitPlan(iris, { seed: 1, scenarios: [reference[0]] });
    expect(Array.from(onlyA.scenarios[0].forget)).toEqual(Array.from(a.scenarios[0].forget));
  });

  it('rejects bad fractions and duplicate scenario names', () => {
    expectError(() => makeSplitPlan(iris, { testFraction: 1 }), 'test split', 'strictly between 0 and 1');
    expectError(() => makeSplitPlan(iris, { validationFraction: -0.1 }), 'validation split');
    expectError(
      () => makeSplitPlan(iris, { scenarios: [{ kind: 'subset' }, { kind: 'subset', fraction: 0.1 }] }),
      "scenario name 'subset' is used twice",
    );
  });
});

describe('saved split plans', () => {
  const iris = loadIris();
  const plan = makeSplitPlan(iris, { validationFraction: 0.1, scenarios: reference });
  const saved = () => JSON.parse(JSON.stringify(splitPlanToJson(plan))) as ReturnType<typeof splitPlanToJson>;

  it('round-trip through JSON', () => {
    const restored: SplitPlan = splitPlanFromJson(saved(), iris);
    expect(splitPlanToJson(restored)).toEqual(splitPlanToJson(plan));
    expect(restored.train).toBeInstanceOf(Int32Array);
  });

  it('are checked against the dataset they are resumed with', () => {
    expectError(() => splitPlanFromJson(saved(), toyDataset([75, 75])), 'fingerprint', 'load the same data');
    const overlap = saved();
    overlap.test[0] = overlap.train[0];
    overlap.test.sort((x, y) => x - y);
    expectError(() => splitPlanFromJson(overlap, iris), 'is in both train and test');
    const range = saved();
    range.test[range.test.length - 1] = 150;
    expectError(() => splitPlanFromJson(range, iris), 'test row 150 is out of range');
    const unsorted = saved();
    unsorted.train.reverse();
    expectError(() => splitPlanFromJson(unsorted, iris), 'train row ids must be sorted');
    const missing = saved();
    missing.validation.pop();
    expectError(() => splitPlanFromJson(missing, iris), 'is in none of train, validation and test');
    const leak = saved();
    leak.scenarios[0].forget[0] = leak.test[0];
    leak.scenarios[0].forget.sort((x, y) => x - y);
    expectError(() => splitPlanFromJson(leak, iris), "scenario 'A' uses row", 'not a training row');
    const short = saved();
    short.scenarios[1].retain.pop();
    expectError(
      () => splitPlanFromJson(short, iris),
      "scenario 'B': forget (36) + retain (71) rows must equal the 108 training rows",
    );
    expectError(() => splitPlanFromJson({ ...saved(), version: 2 }, iris), 'unsupported version 2');
    expectError(() => splitPlanFromJson({ ...saved(), train: [1, 'x'] }, iris), 'train[1] must be a row id');
    expectError(() => splitPlanFromJson(null, iris), 'the plan must be an object');
  });
});
