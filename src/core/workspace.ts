/**
 * Step scopes: a training step's buffers (op outputs, what ops save for their backward, intermediate gradients,
 * batch copies) come from a free list and go back to it when the step ends, so that a loop of steps of one shape
 * allocates no typed arrays after its first step. A step's tensors must not outlive it: those whose data the
 * scope handed out are released when it ends, and any later use of them throws.
 */

import { QunlearnError } from './errors.js';

/** The typed arrays the workspace recycles. */
export type ScratchArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A constructor of one of the {@link ScratchArray} types. */
export type ScratchConstructor<A extends ScratchArray> = new (length: number) => A;

/** Something a scope releases at its end when its buffer came from the scope (a tensor). */
export interface ScopeMember {
  /** Marks the member released when its buffer is in `owned`; returns whether it did. */
  releaseIfOwned(owned: ReadonlySet<ScratchArray>): boolean;
}

/** The free list keeps at most this many bytes; beyond it, returned buffers are left to the garbage collector. */
const FREE_BYTES = 64 << 20;
// Keyed by the type's name and the length (names also match across realms and wrapped constructors).
const free = new Map<string, Map<number, ScratchArray[]>>();
let freeBytes = 0;

interface Scope {
  readonly owned: Set<ScratchArray>;
  readonly members: ScopeMember[];
}

// One scope object is reused by every step, so that opening a scope allocates nothing either.
const scope: Scope = { owned: new Set(), members: [] };
let open = false;

function takeFree<A extends ScratchArray>(ctor: ScratchConstructor<A>, length: number): A | undefined {
  const found = free.get(ctor.name)?.get(length)?.pop() as A | undefined;
  if (found !== undefined) {
    freeBytes -= found.byteLength;
    found.fill(0);
  }
  return found;
}

function putFree(a: ScratchArray): void {
  if (freeBytes + a.byteLength > FREE_BYTES) return;
  const type = a.constructor.name;
  let byLength = free.get(type);
  if (byLength === undefined) free.set(type, (byLength = new Map()));
  let list = byLength.get(a.length);
  if (list === undefined) byLength.set(a.length, (list = []));
  list.push(a);
  freeBytes += a.byteLength;
}

/**
 * A zero-filled array of `length` elements. Inside a step scope it is recycled (valid until the scope ends);
 * outside one it is a fresh array like `new ctor(length)`.
 */
export function scratch<A extends ScratchArray>(ctor: ScratchConstructor<A>, length: number): A {
  if (!open) return new ctor(length);
  const a = takeFree(ctor, length) ?? new ctor(length);
  scope.owned.add(a);
  return a;
}

/** A float64 copy of `values`, from the step's workspace inside a scope (as {@link scratch}). */
export function float64Copy(values: ArrayLike<number>): Float64Array {
  const copy = scratch(Float64Array, values.length);
  copy.set(values);
  return copy;
}

/**
 * A zero-filled array that is never handed back by the scope: a buffer from the free list when one fits (an
 * intermediate gradient, unreachable once its backward ran), else a fresh one.
 */
export function reusable<A extends ScratchArray>(ctor: ScratchConstructor<A>, length: number): A {
  return takeFree(ctor, length) ?? new ctor(length);
}

/**
 * Returns a buffer nothing references any more to the free list before its scope ends (outside a scope too).
 * The caller guarantees that no tensor or closure reads it afterwards.
 */
export function recycle(a: ScratchArray): void {
  if (open) scope.owned.delete(a);
  putFree(a);
}

/**
 * Empties the free list, leaving its buffers to the garbage collector. Called between jobs, whose batch sizes
 * differ: a thread then holds the buffers of the job it runs, not of every job it ran.
 */
export function releaseWorkspace(): void {
  free.clear();
  freeBytes = 0;
}

/** Registers a tensor created inside a step scope, so that the scope can release it. */
export function joinScope(member: ScopeMember): void {
  if (open) scope.members.push(member);
}

/** Whether `a` was handed out by the open step scope (and so is recycled when it ends). */
export function ownedByStep(a: ScratchArray): boolean {
  return open && scope.owned.has(a);
}

/**
 * Runs one step whose buffers are recycled when it returns (or throws). Return plain values: a tensor made
 * inside the step is released with it, so returning one is an error. A scope opened inside another joins it.
 */
export function stepScope<T>(fn: () => T): T {
  if (open) return fn();
  open = true;
  let escaped = false;
  let result: T;
  try {
    result = fn();
  } finally {
    open = false;
    for (const member of scope.members) {
      if (member.releaseIfOwned(scope.owned) && (member as unknown) === result!) escaped = true;
    }
    for (const a of scope.owned) putFree(a);
    scope.members.length = 0;
    scope.owned.clear();
  }
  if (escaped) {
    throw new QunlearnError(
      'autograd',
      'stepScope: the step returned a tensor made inside it, whose buffer is recycled when the step ends; return plain values (item(), a copy with clone() made inside the step)',
    );
  }
  return result;
}
