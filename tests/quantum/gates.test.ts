import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { GATE_NAMES, GATES } from '../../src/quantum/index.js';
import { cdagger, cidentity, cmul, maxDiff } from '../helpers/complex.js';

const rng = new Rng(7, 'quantum/gates');

function matrixOf(name: keyof typeof GATES, params: number[]): Float64Array {
  const g = GATES[name];
  const dim = 1 << g.numWires;
  const m = new Float64Array(2 * dim * dim);
  g.matrix(params, m, 0);
  return m;
}

function randomParams(n: number): number[] {
  return Array.from({ length: n }, () => rng.uniformIn(-2 * Math.PI, 2 * Math.PI));
}

describe('gate table', () => {
  it('every gate is unitary', () => {
    for (const name of GATE_NAMES) {
      const dim = 1 << GATES[name].numWires;
      for (let trial = 0; trial < 5; trial++) {
        const u = matrixOf(name, randomParams(GATES[name].numParams));
        expect(maxDiff(cmul(u, cdagger(u, dim), dim), cidentity(dim)), name).toBeLessThan(1e-14);
      }
    }
  });

  it('matches closed forms and PennyLane conventions', () => {
    const t = 0.7;
    const [c, s] = [Math.cos(t / 2), Math.sin(t / 2)];
    expect(maxDiff(matrixOf('RX', [t]), [c, 0, 0, -s, 0, -s, c, 0])).toBeLessThan(1e-15);
    expect(maxDiff(matrixOf('RY', [t]), [c, 0, -s, 0, s, 0, c, 0])).toBeLessThan(1e-15);
    expect(maxDiff(matrixOf('RZ', [t]), [c, -s, 0, 0, 0, 0, c, s])).toBeLessThan(1e-15);
    expect(maxDiff(matrixOf('PhaseShift', [t]), [1, 0, 0, 0, 0, 0, Math.cos(t), Math.sin(t)])).toBeLessThan(1e-15);
    expect(maxDiff(matrixOf('S', []), [1, 0, 0, 0, 0, 0, 0, 1])).toBe(0);
    // Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ)
    const [phi, theta, omega] = [0.3, -1.1, 2.4];
    const rot = cmul(matrixOf('RZ', [omega]), cmul(matrixOf('RY', [theta]), matrixOf('RZ', [phi]), 2), 2);
    expect(maxDiff(matrixOf('Rot', [phi, theta, omega]), rot)).toBeLessThan(1e-15);
    // Controlled gates act on the second wire when the first (most significant) is |1>.
    const cnot = new Float64Array(32);
    for (const [r, col] of [
      [0, 0],
      [1, 1],
      [2, 3],
      [3, 2],
    ])
      cnot[2 * (r * 4 + col)] = 1;
    expect(maxDiff(matrixOf('CNOT', []), cnot)).toBe(0);
    const crx = matrixOf('CRX', [t]);
    expect(maxDiff([crx[2 * 10], crx[2 * 10 + 1], crx[2 * 11], crx[2 * 11 + 1]], [c, 0, 0, -s])).toBeLessThan(1e-15);
    expect(GATES.CZ.diagonalSigns).toEqual([1, 1, 1, -1]);
  });

  it('generator = derivative: dU/dθ_k = -(i/2)·G_k·U for every parametrised gate and parameter', () => {
    const h = 1e-6;
    for (const name of GATE_NAMES) {
      const g = GATES[name];
      if (g.numParams === 0) continue;
      const dim = 1 << g.numWires;
      for (let trial = 0; trial < 4; trial++) {
        const params = randomParams(g.numParams);
        const u = matrixOf(name, params);
        for (let k = 0; k < g.numParams; k++) {
          const plus = [...params];
          const minus = [...params];
          plus[k] += h;
          minus[k] -= h;
          const up = matrixOf(name, plus);
          const um = matrixOf(name, minus);
          const numeric = up.map((v, i) => (v - um[i]) / (2 * h));
          const gen = new Float64Array(2 * dim * dim);
          g.generator!(params, k, gen, 0);
          expect(maxDiff(gen, cdagger(gen, dim)), `${name} generator ${k} is Hermitian`).toBeLessThan(1e-15);
          const gu = cmul(gen, u, dim);
          // -(i/2)(a + ib) = b/2 - (i/2)a
          const analytic = gu.map((_v, i) => (i % 2 === 0 ? gu[i + 1] / 2 : -gu[i - 1] / 2));
          expect(maxDiff(analytic, numeric), `${name} parameter ${k}`).toBeLessThan(1e-8);
        }
      }
    }
  });

  it('shift rules are exact on the gates’ frequency spectrum', () => {
    // f(θ) = ⟨v|U(θ)† A U(θ)|v⟩ for a random Hermitian A and state v: a trigonometric polynomial of the gate's
    // frequencies, which the shift rule must differentiate exactly.
    for (const name of GATE_NAMES) {
      const g = GATES[name];
      if (g.numParams === 0) continue;
      const dim = 1 << g.numWires;
      const a = new Float64Array(2 * dim * dim).map(() => rng.uniformIn(-1, 1));
      const herm = a.map((v, i) => (v + cdagger(a, dim)[i]) / 2);
      const v = new Float64Array(2 * dim * dim).map(() => rng.uniformIn(-1, 1));
      const f = (params: number[]): number => {
        const u = matrixOf(name, params);
        const m = cmul(cdagger(v, dim), cmul(cdagger(u, dim), cmul(herm, cmul(u, v, dim), dim), dim), dim);
        return m[0];
      };
      const params = randomParams(g.numParams);
      for (let k = 0; k < g.numParams; k++) {
        const shifted = g.shiftRule!.reduce((acc, [c, s]) => {
          const p = [...params];
          p[k] += s;
          return acc + c * f(p);
        }, 0);
        const plus = [...params];
        const minus = [...params];
        plus[k] += 1e-6;
        minus[k] -= 1e-6;
        expect(Math.abs(shifted - (f(plus) - f(minus)) / 2e-6), `${name} parameter ${k}`).toBeLessThan(1e-7);
      }
    }
  });
});
