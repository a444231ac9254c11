import { GATES, type Circuit, type GateName, type ParamSource } from '../../src/quantum/index.js';

/**
 * An independent, slow, dense simulator for tests: one sample at a time, every gate applied with its full matrix
 * from the gate table by explicit index gathering (no fusion, no batching, no kernels), noise by Kraus operators.
 */

type Complex = [number, number];

function value(src: ParamSource, inputs: ArrayLike<number>, weights: ArrayLike<number>): number {
  return src.kind === 'input' ? inputs[src.index] : src.kind === 'weight' ? weights[src.index] : src.value;
}

/** Applies a (2^k x 2^k, interleaved) matrix on `wires` to vector v of n qubits (wire 0 = most significant bit). */
function applyMatrix(u: Float64Array, wires: readonly number[], n: number, v: Complex[]): Complex[] {
  const dim = 1 << wires.length;
  const masks = wires.map((w) => 1 << (n - 1 - w));
  const all = masks.reduce((a, b) => a | b, 0);
  const out = v.map((c) => [c[0], c[1]] as Complex);
  for (let base = 0; base < v.length; base++) {
    if ((base & all) !== 0) continue;
    const idx = Array.from({ length: dim }, (_x, j) => {
      let k = base;
      for (let t = 0; t < wires.length; t++) if (j & (1 << (wires.length - 1 - t))) k |= masks[t];
      return k;
    });
    for (let r = 0; r < dim; r++) {
      let sr = 0;
      let si = 0;
      for (let c = 0; c < dim; c++) {
        const ur = u[2 * (r * dim + c)];
        const ui = u[2 * (r * dim + c) + 1];
        const [xr, xi] = v[idx[c]];
        sr += ur * xr - ui * xi;
        si += ur * xi + ui * xr;
      }
      out[idx[r]] = [sr, si];
    }
  }
  return out;
}

function gateMatrix(name: GateName, params: number[]): Float64Array {
  const g = GATES[name];
  const u = new Float64Array(2 * (1 << (2 * g.numWires)));
  g.matrix(params, u, 0);
  return u;
}

const PAULIS: Array<[number, Float64Array]> = [
  [0, new Float64Array([1, 0, 0, 0, 0, 0, 1, 0])],
  [1, new Float64Array([0, 0, 1, 0, 1, 0, 0, 0])],
  [1, new Float64Array([0, 0, 0, -1, 0, 1, 0, 0])],
  [1, new Float64Array([1, 0, 0, 0, 0, 0, -1, 0])],
];

/** The final density matrix ρ[i][j] of one sample (exact, noise by Kraus operators). */
export function naiveDensity(circuit: Circuit, inputs: ArrayLike<number>, weights: ArrayLike<number>): Complex[][] {
  const n = circuit.qubits;
  const dim = 1 << n;
  let rho: Complex[][] = Array.from({ length: dim }, (_r, i) =>
    Array.from({ length: dim }, (_c, j) => [i === 0 && j === 0 ? 1 : 0, 0] as Complex),
  );
  const conj = (u: Float64Array): Float64Array => u.map((x, i) => (i % 2 === 1 ? -x : x));
  const sandwich = (u: Float64Array, wires: readonly number[], r: Complex[][]): Complex[][] => {
    // U ρ: U on every column; then (Uρ) U†: conj(U) on every row.
    const cols = Array.from({ length: dim }, (_c, j) =>
      applyMatrix(
        u,
        wires,
        n,
        r.map((row) => row[j]),
      ),
    );
    const left = Array.from({ length: dim }, (_r, i) => cols.map((col) => col[i]));
    return left.map((row) => applyMatrix(conj(u), wires, n, row));
  };
  for (const op of circuit.ops) {
    if (op.name === 'DepolarizingChannel') {
      const p = value(op.params[0], inputs, weights);
      const sum: Complex[][] = rho.map((row) => row.map(() => [0, 0] as Complex));
      for (const [k, pauli] of PAULIS) {
        const weight = k === 0 ? 1 - p : p / 3;
        const term = sandwich(pauli, op.wires, rho);
        for (let i = 0; i < dim; i++)
          for (let j = 0; j < dim; j++) {
            sum[i][j][0] += weight * term[i][j][0];
            sum[i][j][1] += weight * term[i][j][1];
          }
      }
      rho = sum;
      continue;
    }
    const params = op.params.map((p) => value(p, inputs, weights));
    rho = sandwich(gateMatrix(op.name, params), op.wires, rho);
  }
  return rho;
}

/** The final statevector of one sample (noise channels are not allowed). */
export function naiveState(circuit: Circuit, inputs: ArrayLike<number>, weights: ArrayLike<number>): Complex[] {
  const n = circuit.qubits;
  let v: Complex[] = Array.from({ length: 1 << n }, (_x, i) => [i === 0 ? 1 : 0, 0]);
  for (const op of circuit.ops) {
    if (op.name === 'DepolarizingChannel') throw new Error('naiveState: noisy circuit');
    v = applyMatrix(
      gateMatrix(
        op.name,
        op.params.map((p) => value(p, inputs, weights)),
      ),
      op.wires,
      n,
      v,
    );
  }
  return v;
}

/** Basis-state probabilities of one sample. */
export function naiveProbabilities(circuit: Circuit, inputs: ArrayLike<number>, weights: ArrayLike<number>): number[] {
  if (circuit.ops.some((op) => op.name === 'DepolarizingChannel')) {
    return naiveDensity(circuit, inputs, weights).map((row, i) => row[i][0]);
  }
  return naiveState(circuit, inputs, weights).map(([r, i]) => r * r + i * i);
}

/** ⟨Z_i⟩ on every wire of one sample. */
export function naiveExpvalZ(circuit: Circuit, inputs: ArrayLike<number>, weights: ArrayLike<number>): number[] {
  const n = circuit.qubits;
  const p = naiveProbabilities(circuit, inputs, weights);
  return Array.from({ length: n }, (_x, i) => p.reduce((s, pk, k) => s + pk * ((k >> (n - 1 - i)) & 1 ? -1 : 1), 0));
}
