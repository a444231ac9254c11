import { QunlearnError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import type { Dataset } from './dataset.js';
import {
  buildScenario,
  checkRequestIds,
  resolveScenarioRequest,
  type ResolvedScenarioRequest,
  type Scenario,
  type ScenarioRequest,
} from './scenarios.js';
import { checkFraction, sortedIds, stratifiedHoldout, type Holdout } from './split.js';

/** Options of {@link makeSplitPlan}. */
export interface SplitPlanOptions {
  /** Fraction of all rows held out for the test set (default 0.2, as the reference). */
  testFraction?: number;
  /** Fraction of the non-test rows carved out for validation (early stopping, model selection); 0 (default) = none, as the `paper` preset. */
  validationFraction?: number;
  /** Forget scenarios over the training rows; default: none. Names must be unique. */
  scenarios?: ScenarioRequest[];
  /** Seed of every draw in the plan (default 0). */
  seed?: number;
}

/** Every row assignment of a run: train, validation and test rows and the forget scenarios, as sorted row ids. */
export interface SplitPlan {
  version: 1;
  /** The data the plan belongs to; a saved plan is only valid for data with this fingerprint. */
  dataset: { name: string; fingerprint: string; rows: number; classNames: string[] };
  seed: number;
  testFraction: number;
  validationFraction: number;
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
  scenarios: Scenario[];
}

/** A split plan as plain JSON (row ids as number arrays), the form saved with a run. */
export interface SplitPlanJson {
  version: 1;
  dataset: SplitPlan['dataset'];
  seed: number;
  testFraction: number;
  validationFraction: number;
  train: number[];
  validation: number[];
  test: number[];
  scenarios: {
    name: string;
    kind: Scenario['kind'];
    forget: number[];
    retain: number[];
    request: ResolvedScenarioRequest;
  }[];
}

/**
 * Makes the split plan of a run, reproducibly from the seed: a stratified train/test split, a stratified validation
 * split carved from the non-test rows, then each forget scenario over the remaining training rows. Each part draws
 * from its own named Rng stream ('split/test', 'split/validation', 'split/scenario/<name>'), so adding a scenario
 * or a validation split never changes the test split, and adding a scenario never changes another scenario. Rows
 * that a deletion request (an `indices` scenario) names always stay in the training set.
 */
export function makeSplitPlan(dataset: Dataset, options: SplitPlanOptions = {}): SplitPlan {
  const testFraction = options.testFraction ?? 0.2;
  const validationFraction = options.validationFraction ?? 0;
  const seed = options.seed ?? 0;
  checkFraction('test split', testFraction);
  if (validationFraction !== 0) checkFraction('validation split', validationFraction);
  const root = new Rng(seed).stream('split');
  const requests = options.scenarios ?? [];
  const pinned = requestedRows(requests, dataset.labels.length);
  const all = Int32Array.from({ length: dataset.labels.length }, (_, i) => i);
  const { kept: nonTest, held: test } = holdoutAround(
    pinned,
    dataset.labels,
    all,
    testFraction,
    root.stream('test'),
    'test split',
  );
  const { kept: train, held: validation } =
    validationFraction === 0
      ? { kept: nonTest, held: new Int32Array(0) }
      : holdoutAround(
          pinned,
          dataset.labels,
          nonTest,
          validationFraction,
          root.stream('validation'),
          'validation split',
        );
  const context = { labels: dataset.labels, classNames: dataset.classNames, train, validation, test };
  const names = new Set<string>();
  const scenarios = requests.map((request) => {
    const { name } = resolveScenarioRequest(request);
    if (names.has(name))
      throw new QunlearnError('config', `scenario name '${name}' is used twice; give each scenario its own name`);
    names.add(name);
    return buildScenario(request, context, root.stream('scenario').stream(name));
  });
  return {
    version: 1,
    dataset: {
      name: dataset.name,
      fingerprint: dataset.fingerprint,
      rows: dataset.labels.length,
      classNames: [...dataset.classNames],
    },
    seed,
    testFraction,
    validationFraction,
    train,
    validation,
    test,
    scenarios,
  };
}

/**
 * The rows that deletion requests name (sorted, without repeats): the premise of a request is that the model was
 * trained on those rows, so the split keeps them in the training set whatever the seed.
 */
function requestedRows(requests: readonly ScenarioRequest[], n: number): Set<number> {
  const rows = new Set<number>();
  for (const request of requests) {
    if (request.kind !== 'indices') continue;
    const resolved = resolveScenarioRequest(request);
    if (resolved.kind !== 'indices') continue;
    checkRequestIds(resolved.ids, n, `scenario '${resolved.name}'`);
    for (const id of resolved.ids) rows.add(id);
  }
  return rows;
}

/**
 * A stratified holdout of `rows` that never holds out a pinned row: the other rows are split so that the held part
 * has the size it would have had without pins (ceil(fraction · rows)), and the pinned rows join the kept part.
 * Without pins this is exactly `stratifiedHoldout`.
 */
function holdoutAround(
  pinned: ReadonlySet<number>,
  labels: Int32Array,
  rows: Int32Array,
  fraction: number,
  rng: Rng,
  what: string,
): Holdout {
  const options = { what, everyClassInBoth: true };
  if (pinned.size === 0) return stratifiedHoldout(labels, rows, fraction, rng, options);
  const free = rows.filter((r) => !pinned.has(r));
  const { kept, held } = stratifiedHoldout(labels, free, fraction, rng, {
    ...options,
    heldCount: Math.ceil(fraction * rows.length),
  });
  return { kept: sortedIds([...kept, ...rows.filter((r) => pinned.has(r))]), held };
}

/** The plan as plain JSON-serialisable data. */
export function splitPlanToJson(plan: SplitPlan): SplitPlanJson {
  return {
    version: plan.version,
    dataset: { ...plan.dataset, classNames: [...plan.dataset.classNames] },
    seed: plan.seed,
    testFraction: plan.testFraction,
    validationFraction: plan.validationFraction,
    train: Array.from(plan.train),
    validation: Array.from(plan.validation),
    test: Array.from(plan.test),
    scenarios: plan.scenarios.map((s) => ({
      name: s.name,
      kind: s.kind,
      forget: Array.from(s.forget),
      retain: Array.from(s.retain),
      request: { ...s.request },
    })),
  };
}

/** Restores a saved plan (parsed JSON) and checks it against the dataset it is resumed with (see checkSplitPlan). */
export function splitPlanFromJson(json: unknown, dataset: Dataset): SplitPlan {
  const bad = (what: string): never => {
    throw new QunlearnError('data', `saved split plan: ${what}`);
  };
  const obj = (v: unknown, what: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : bad(`${what} must be an object`);
  const num = (v: unknown, what: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : bad(`${what} must be a number, got ${JSON.stringify(v)}`);
  const str = (v: unknown, what: string): string =>
    typeof v === 'string' ? v : bad(`${what} must be a string, got ${JSON.stringify(v)}`);
  const ids = (v: unknown, what: string): Int32Array => {
    if (!Array.isArray(v)) return bad(`${what} must be an array of row ids`);
    const out = new Int32Array(v.length);
    v.forEach((x: unknown, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 0x7fffffff)
        bad(`${what}[${i}] must be a row id (a non-negative integer), got ${JSON.stringify(x)}`);
      out[i] = x as number;
    });
    return out;
  };
  const root = obj(json, 'the plan');
  if (root.version !== 1) bad(`unsupported version ${JSON.stringify(root.version)}; this qunlearn reads version 1`);
  const ds = obj(root.dataset, 'dataset');
  const classNames = Array.isArray(ds.classNames)
    ? ds.classNames.map((c, i) => str(c, `dataset.classNames[${i}]`))
    : bad('dataset.classNames must be an array');
  const scenarios = Array.isArray(root.scenarios) ? root.scenarios : bad('scenarios must be an array');
  const plan: SplitPlan = {
    version: 1,
    dataset: {
      name: str(ds.name, 'dataset.name'),
      fingerprint: str(ds.fingerprint, 'dataset.fingerprint'),
      rows: num(ds.rows, 'dataset.rows'),
      classNames,
    },
    seed: num(root.seed, 'seed'),
    testFraction: num(root.testFraction, 'testFraction'),
    validationFraction: num(root.validationFraction, 'validationFraction'),
    train: ids(root.train, 'train'),
    validation: ids(root.validation, 'validation'),
    test: ids(root.test, 'test'),
    scenarios: scenarios.map((raw: unknown, i) => {
      const s = obj(raw, `scenarios[${i}]`);
      const kind = str(s.kind, `scenarios[${i}].kind`);
      if (kind !== 'subset' && kind !== 'class' && kind !== 'indices')
        bad(`scenarios[${i}].kind must be subset, class or indices, got '${kind}'`);
      const request = obj(s.request, `scenarios[${i}].request`) as ResolvedScenarioRequest;
      if (request.kind !== kind) bad(`scenarios[${i}].request.kind must be '${kind}'`);
      return {
        name: str(s.name, `scenarios[${i}].name`),
        kind: kind as Scenario['kind'],
        forget: ids(s.forget, `scenarios[${i}].forget`),
        retain: ids(s.retain, `scenarios[${i}].retain`),
        request,
      };
    }),
  };
  checkSplitPlan(plan, dataset);
  return plan;
}

/**
 * Checks a plan against a dataset before a run resumes with it: same data (fingerprint and row count), every row in
 * exactly one of train, validation and test, each list sorted without duplicates and in range, each scenario's
 * forget and retain a non-empty partition of the training rows, and unique scenario names.
 */
export function checkSplitPlan(plan: SplitPlan, dataset: Dataset): void {
  const bad = (what: string): never => {
    throw new QunlearnError('data', `split plan does not fit dataset '${dataset.name}': ${what}`);
  };
  if (plan.dataset.fingerprint !== dataset.fingerprint) {
    bad(
      `it was made for data with fingerprint ${plan.dataset.fingerprint.slice(0, 12)}… ('${plan.dataset.name}', ${plan.dataset.rows} rows), ` +
        `but the loaded data has fingerprint ${dataset.fingerprint.slice(0, 12)}… (${dataset.labels.length} rows); load the same data (source, sample count and seed) or make a new plan`,
    );
  }
  const n = dataset.labels.length;
  if (plan.dataset.rows !== n) bad(`it records ${plan.dataset.rows} rows, the data has ${n}`);
  const owner = new Int8Array(n);
  const parts: [string, Int32Array][] = [
    ['train', plan.train],
    ['validation', plan.validation],
    ['test', plan.test],
  ];
  parts.forEach(([name, rows], p) => {
    checkSortedIds(rows, n, name, bad);
    for (const r of rows) {
      if (owner[r] !== 0) bad(`row ${r} is in both ${parts[owner[r] - 1][0]} and ${name}`);
      owner[r] = p + 1;
    }
  });
  const missing = owner.indexOf(0);
  if (missing >= 0) bad(`row ${missing} is in none of train, validation and test`);
  if (plan.train.length === 0 || plan.test.length === 0) bad('the train and test splits must not be empty');
  const names = new Set<string>();
  for (const s of plan.scenarios) {
    if (names.has(s.name)) bad(`scenario name '${s.name}' appears twice`);
    names.add(s.name);
    checkSortedIds(s.forget, n, `scenario '${s.name}' forget`, bad);
    checkSortedIds(s.retain, n, `scenario '${s.name}' retain`, bad);
    if (s.forget.length === 0 || s.retain.length === 0)
      bad(`scenario '${s.name}' must have non-empty forget and retain sets`);
    if (s.forget.length + s.retain.length !== plan.train.length) {
      bad(
        `scenario '${s.name}': forget (${s.forget.length}) + retain (${s.retain.length}) rows must equal the ${plan.train.length} training rows`,
      );
    }
    const inForget = new Set(s.forget);
    for (const r of [...s.forget, ...s.retain])
      if (owner[r] !== 1) bad(`scenario '${s.name}' uses row ${r}, which is not a training row`);
    for (const r of s.retain) if (inForget.has(r)) bad(`scenario '${s.name}': row ${r} is in both forget and retain`);
  }
}

function checkSortedIds(rows: Int32Array, n: number, name: string, bad: (what: string) => never): void {
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] < 0 || rows[i] >= n) bad(`${name} row ${rows[i]} is out of range (the data has ${n} rows)`);
    if (i > 0 && rows[i] <= rows[i - 1])
      bad(`${name} row ids must be sorted without duplicates (${rows[i - 1]} then ${rows[i]})`);
  }
}
