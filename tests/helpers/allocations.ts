/** A typed array constructed while {@link countAllocations} was watching. */
export interface Allocation {
  type: string;
  length: number;
  bytes: number;
}

const WATCHED = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array', 'Uint16Array', 'Uint32Array'] as const;

/**
 * Every typed array of a watched type (non-empty) constructed while `fn` runs, found by replacing the global
 * constructors with counting proxies (code looks them up on the global object at each `new` and `from`).
 */
export function countAllocations(fn: () => void): Allocation[] {
  const seen: Allocation[] = [];
  const globals = globalThis as unknown as Record<string, unknown>;
  const originals = WATCHED.map((name) => globals[name] as new (...args: unknown[]) => ArrayBufferView);
  WATCHED.forEach((name, i) => {
    globals[name] = new Proxy(originals[i], {
      construct(target, args, newTarget) {
        const made = Reflect.construct(target, args, newTarget) as ArrayBufferView & { length: number };
        if (made.byteLength > 0) seen.push({ type: name, length: made.length, bytes: made.byteLength });
        return made;
      },
    });
  });
  try {
    fn();
  } finally {
    WATCHED.forEach((name, i) => (globals[name] = originals[i]));
  }
  return seen;
}
