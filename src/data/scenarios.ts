import { QunlearnError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import { requestDigest } from './forget-ids.js';
import { checkFraction, sortedIds, stratifiedHoldout } from './split.js';

/** What to forget. Every kind draws only from the training rows (never validation or test rows). */
export type ScenarioRequest =
  /** A stratified random fraction of the training rows (reference scenario A: 0.02, n_f = ceil(0.02 · n_train)). */
  | { kind: 'subset'; name?: string; fraction?: number }
  /** Every training row of the given classes (reference scenario B: class 0). */
  | { kind: 'class'; name?: string; classes?: number[] }
  /**
   * A real deletion request: dataset row ids, in any order. It is identified by its content (the sorted ids), never
   * by where it came from: the default name, which also names its random streams, is a digest of the ids, and the
   * split plan puts these rows in the training set.
   */
  | { kind: 'indices'; name?: string; ids: readonly number[] };

/** A request with its defaults filled in, as recorded in a split plan. */
export type ResolvedScenarioRequest =
  | { kind: 'subset'; name: string; fraction: number }
  | { kind: 'class'; name: string; classes: number[] }
  | { kind: 'indices'; name: string; ids: number[] };

/** A forget scenario: the forget rows and the retain rows (training − forget), both sorted dataset row ids. */
export interface Scenario {
  name: string;
  kind: ScenarioRequest['kind'];
  forget: Int32Array;
  retain: Int32Array;
  /** The request that produced it, defaults filled in. */
  request: ResolvedScenarioRequest;
}

/** The split a scenario is drawn from: labels and class names of the dataset, and its sorted split row ids. */
export interface ScenarioContext {
  labels: Int32Array;
  classNames: readonly string[];
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Fills in a request's defaults (fraction 0.02, class [0], a name from the kind) without checking it. */
export function resolveScenarioRequest(request: ScenarioRequest): ResolvedScenarioRequest {
  switch (request.kind) {
    case 'subset':
      return { kind: 'subset', name: request.name ?? 'subset', fraction: request.fraction ?? 0.02 };
    case 'class': {
      const classes = request.classes ?? [0];
      return { kind: 'class', name: request.name ?? `class-${classes.join('+')}`, classes: [...classes] };
    }
    case 'indices': {
      if (!Array.isArray(request.ids)) {
        throw new QunlearnError(
          'config',
          `an indices scenario needs its row ids ('ids'), got ${JSON.stringify(request)}; runs recorded by older versions named a file instead: start a new run`,
        );
      }
      const ids = [...request.ids].sort((a, b) => a - b);
      return { kind: 'indices', name: request.name ?? `indices-${requestDigest(ids)}`, ids };
    }
    default:
      throw new QunlearnError(
        'config',
        `unknown scenario kind '${(request as { kind: unknown }).kind}'; known kinds: subset, class, indices`,
      );
  }
}

/** Builds one forget scenario over the training rows of `context`; `rng` is the scenario's own stream. */
export function buildScenario(request: ScenarioRequest, context: ScenarioContext, rng: Rng): Scenario {
  const resolved = resolveScenarioRequest(request);
  const what = `scenario '${resolved.name}'`;
  let forget: Int32Array;
  if (resolved.kind === 'subset') {
    checkFraction(`${what} (subset)`, resolved.fraction);
    forget = stratifiedHoldout(context.labels, context.train, resolved.fraction, rng, {
      what,
      everyClassInBoth: false,
    }).held;
  } else if (resolved.kind === 'class') {
    forget = classRows(resolved.classes, context, what);
  } else {
    forget = requestedRows(resolved, context, what);
  }
  return {
    name: resolved.name,
    kind: resolved.kind,
    forget,
    retain: difference(context.train, forget, what),
    request: resolved,
  };
}

function classRows(classes: number[], context: ScenarioContext, what: string): Int32Array {
  const numClasses = context.classNames.length;
  const known = () => context.classNames.map((n, i) => `${i} (${n})`).join(', ');
  if (classes.length === 0)
    throw new QunlearnError('config', `${what}: no class to forget; give at least one class id (known: ${known()})`);
  const wanted = new Set<number>();
  for (const c of classes) {
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new QunlearnError('config', `${what}: class ${c} does not exist; the classes are ${known()}`);
    }
    if (wanted.has(c)) throw new QunlearnError('config', `${what}: class ${c} is listed twice`);
    wanted.add(c);
  }
  const rows = Array.from(context.train).filter((r) => wanted.has(context.labels[r]));
  for (const c of wanted) {
    if (!rows.some((r) => context.labels[r] === c)) {
      throw new QunlearnError(
        'config',
        `${what}: class ${c} ('${context.classNames[c]}') has no training samples to forget`,
      );
    }
  }
  return sortedIds(rows);
}

function requestedRows(
  request: ResolvedScenarioRequest & { kind: 'indices' },
  context: ScenarioContext,
  what: string,
): Int32Array {
  const n = context.labels.length;
  const splitOf = new Int8Array(n);
  const splitNames = ['in no split', 'in the training split', 'in the validation split', 'in the test split'];
  context.train.forEach((r) => (splitOf[r] = 1));
  context.validation.forEach((r) => (splitOf[r] = 2));
  context.test.forEach((r) => (splitOf[r] = 3));
  checkRequestIds(request.ids, n, what);
  for (const id of request.ids) {
    if (splitOf[id] !== 1) {
      throw new QunlearnError(
        'data',
        `${what}: row id ${id} is ${splitNames[splitOf[id]]}; a deletion request may only name training rows (a split plan made with the request puts them there)`,
      );
    }
  }
  return Int32Array.from(request.ids);
}

/** Checks a request's sorted ids against a dataset of `n` rows: non-empty, integers in range, no repeats. */
export function checkRequestIds(sorted: readonly number[], n: number, what: string): void {
  if (sorted.length === 0)
    throw new QunlearnError('data', `${what}: the deletion request names no row ids; the forget set would be empty`);
  sorted.forEach((id, i) => {
    if (!Number.isSafeInteger(id) || id < 0)
      throw new QunlearnError(
        'data',
        `${what}: ${JSON.stringify(id)} is not a row id; row ids are non-negative integers (0-based dataset rows)`,
      );
    if (id >= n)
      throw new QunlearnError(
        'data',
        `${what}: row id ${id} is out of range; the dataset has ${n} rows (ids 0..${n - 1})`,
      );
    if (i > 0 && sorted[i - 1] === id) throw new QunlearnError('data', `${what}: row id ${id} is repeated`);
  });
}

/** train − forget (both sorted), refusing an empty forget set or one that leaves no rows to retain. */
function difference(train: Int32Array, forget: Int32Array, what: string): Int32Array {
  if (forget.length === 0) throw new QunlearnError('config', `${what}: the forget set is empty`);
  if (forget.length >= train.length) {
    throw new QunlearnError(
      'config',
      `${what}: the forget set is the whole training set (${train.length} rows); nothing would be retained`,
    );
  }
  const drop = new Set(forget);
  return train.filter((r) => !drop.has(r));
}
