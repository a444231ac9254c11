import { describe, expect, it } from 'vitest';
import * as fdlibm from '../../src/core/math.js';

/** A seeded stream of uniform numbers in [0, 1) (an LCG: the test needs many arguments, not statistical quality). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Node 20's V8 computes Math.exp, log, sin, cos, expm1 and tanh with fdlibm, so the ports must agree bit for bit
// with them here: that is what keeps every result of the command line unchanged.
const CASES: [string, (x: number) => number, (x: number) => number, (u: () => number) => number][] = [
  ['exp', fdlibm.exp, Math.exp, (u) => (u() - 0.5) * 1500],
  ['exp near 0', fdlibm.exp, Math.exp, (u) => (u() - 0.5) * 1e-6],
  ['log', fdlibm.log, Math.log, (u) => Math.exp((u() - 0.5) * 1400)],
  ['log near 1', fdlibm.log, Math.log, (u) => 1 + (u() - 0.5) * 1e-3],
  ['log subnormal', fdlibm.log, Math.log, (u) => u() * 1e-310],
  ['sin', fdlibm.sin, Math.sin, (u) => (u() - 0.5) * 200],
  ['sin, large angles', fdlibm.sin, Math.sin, (u) => (u() - 0.5) * 2e6],
  ['cos', fdlibm.cos, Math.cos, (u) => (u() - 0.5) * 200],
  ['expm1', fdlibm.expm1, Math.expm1, (u) => (u() - 0.5) * 100],
  ['tanh', fdlibm.tanh, Math.tanh, (u) => (u() - 0.5) * 50],
  ['tanh near 0', fdlibm.tanh, Math.tanh, (u) => (u() - 0.5) * 1e-7],
];

describe('fdlibm ports', () => {
  it.each(CASES)("%s equals Node's Math bit for bit on 200,000 arguments", (_name, port, reference, draw) => {
    const u = uniform(12345);
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000 && mismatches.length < 3; i++) {
      const x = draw(u);
      if (!Object.is(port(x), reference(x))) mismatches.push(`${x}: ${port(x)} vs ${reference(x)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('handles the special values as Math does', () => {
    for (const x of [0, -0, 1, -1, Math.PI / 2, -Math.PI / 4, 709.79, -745.2, 1e-320, Infinity, -Infinity, NaN]) {
      for (const [name, port, reference] of CASES) expect(Object.is(port(x), reference(x)), `${name}(${x})`).toBe(true);
      expect(Object.is(fdlibm.log(Math.abs(x)), Math.log(Math.abs(x))), `log(|${x}|)`).toBe(true);
    }
  });

  it('sincos equals sin and cos bit for bit', () => {
    const u = uniform(777);
    const out = new Float64Array(2);
    const args = [0, -0, Math.PI / 4, -Math.PI / 2, 1e-9, 1e7, Infinity, NaN];
    for (let i = 0; i < 100_000; i++) args.push((u() - 0.5) * (i % 2 === 0 ? 20 : 2e6));
    const mismatches = args.filter((x) => {
      fdlibm.sincos(x, out);
      return !Object.is(out[0], fdlibm.sin(x)) || !Object.is(out[1], fdlibm.cos(x));
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  });

  it('are accurate to within an ulp of the true values at known points', () => {
    expect(fdlibm.exp(1)).toBe(Math.E);
    expect(fdlibm.log(Math.E)).toBeCloseTo(1, 15);
    expect(fdlibm.sin(Math.PI / 6)).toBeCloseTo(0.5, 15);
    expect(fdlibm.cos(Math.PI / 3)).toBeCloseTo(0.5, 15);
    expect(fdlibm.tanh(Math.log(3) / 2)).toBeCloseTo(0.5, 15);
  });
});
