/**
 * Scratch memory of the kernels: one growable buffer (a WebAssembly memory where WebAssembly exists, so the SIMD
 * kernels can read it) that every kernel call lays out from address 0 and reuses. Calls never nest, so one buffer
 * serves all of them; it only grows, to the largest call seen, and later calls of the same sizes allocate nothing.
 */

/** Typed views of the arena's buffer, valid until the next {@link reserveArena} that grows it. */
export interface ArenaViews {
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
}

const PAGE = 65536;
let memory: WebAssembly.Memory | null | undefined;
let plain: ArrayBuffer = new ArrayBuffer(0);
let views: ArenaViews | null = null;

/** The arena's WebAssembly memory, or null where WebAssembly is unavailable. */
export function arenaMemory(): WebAssembly.Memory | null {
  if (memory === undefined)
    memory = typeof WebAssembly === 'undefined' ? null : new WebAssembly.Memory({ initial: 16 });
  return memory;
}

function buffer(): ArrayBuffer {
  return arenaMemory()?.buffer ?? plain;
}

/** Grows the arena to at least `bytes` and returns views of it. */
export function reserveArena(bytes: number): ArenaViews {
  const mem = arenaMemory();
  const have = buffer().byteLength;
  if (have < bytes) {
    if (mem !== null) mem.grow(Math.ceil((bytes - have) / PAGE));
    else plain = new ArrayBuffer(Math.ceil(bytes / PAGE) * PAGE);
    views = null;
  }
  if (views === null || views.f64.buffer !== buffer()) {
    const b = buffer();
    views = { f64: new Float64Array(b), f32: new Float32Array(b), i32: new Int32Array(b), u8: new Uint8Array(b) };
  }
  return views;
}

/** Lays out regions of the arena for one kernel call: byte addresses, each 16-byte aligned. */
export class ArenaLayout {
  private top = 0;

  /** Reserves `count` elements of `size` bytes; returns the region's byte address. */
  take(count: number, size: number): number {
    const at = this.top;
    this.top += Math.ceil((count * size) / 16) * 16;
    return at;
  }

  /** Total bytes laid out so far. */
  get bytes(): number {
    return this.top;
  }
}
