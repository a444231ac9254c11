import { QunlearnError } from './errors.js';
import type { FloatArray } from './dtype.js';
import * as fdlibm from './math.js';

/**
 * Seeded random numbers. The one generator is xoshiro128** 1.0 (Blackman and Vigna, 2018): 128 bits of state,
 * 32-bit outputs, period 2^128 - 1, fast in JavaScript because it needs only 32-bit integer operations.
 *
 * A generator is identified by a key: the user's seed plus a path of stream names. Its initial state is a 128-bit
 * hash of that key, so `rng.stream('oracle')` depends only on the parent's key, never on how many numbers the
 * parent has drawn. Adding a method or a training step therefore never shifts another component's randomness.
 */
export class Rng {
  /** The seed this generator's key starts from. */
  readonly seed: number;
  /** Stream names from the root to this generator, joined by '/'. */
  readonly path: string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number, path = '') {
    if (!Number.isSafeInteger(seed)) {
      throw new QunlearnError('config', `seed must be an integer, got ${seed}`);
    }
    this.seed = seed;
    this.path = path;
    const [a, b, c, d] = hashKey(`${seed}|${path}`);
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
    if ((a | b | c | d) === 0) this.s0 = 1;
  }

  /** An independent generator named `name` under this one (depends only on this generator's key). */
  stream(name: string): Rng {
    return new Rng(this.seed, this.path === '' ? name : `${this.path}/${name}`);
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * fdlibm.log(u));
    this.spareNormal = r * fdlibm.sin(2 * Math.PI * v);
    return mean + std * r * fdlibm.cos(2 * Math.PI * v);
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new QunlearnError('config', `Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Fills an array with uniform values in [low, high). */
  fillUniform(out: FloatArray, low = 0, high = 1): FloatArray {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformIn(low, high);
    return out;
  }

  /** Fills an array with normal values. */
  fillNormal(out: FloatArray, mean = 0, std = 1): FloatArray {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** `k` distinct indices drawn uniformly from 0..n-1, in draw order (partial Fisher-Yates). */
  choice(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new QunlearnError('config', `Rng.choice: cannot draw ${k} distinct items from ${n}`);
    }
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
    }
    return pool.slice(0, k);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Final avalanche of MurmurHash3's 32-bit hash: a bijective mix of a 32-bit integer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 128-bit hash of a string: four multiplicative lanes over the UTF-16 code units, cross-mixed at the end. */
function hashKey(key: string): [number, number, number, number] {
  let h1 = 0x6a09e667;
  let h2 = 0xbb67ae85;
  let h3 = 0x3c6ef372;
  let h4 = 0xa54ff53a;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x9e3779b1);
    h2 = Math.imul(h2 ^ c, 0x85ebca77);
    h3 = Math.imul(h3 ^ c, 0xc2b2ae3d);
    h4 = Math.imul(h4 ^ c, 0x27d4eb2f);
    h1 = rotl(h1, 13) ^ h4;
    h2 = rotl(h2, 17) ^ h1;
    h3 = rotl(h3, 11) ^ h2;
    h4 = rotl(h4, 19) ^ h3;
  }
  h1 = fmix32(h1 ^ key.length);
  h2 = fmix32(h2 ^ h1);
  h3 = fmix32(h3 ^ h2);
  h4 = fmix32(h4 ^ h3);
  h1 = fmix32(h1 ^ h4);
  return [h1, h2, h3, h4];
}
