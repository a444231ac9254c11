import { controlled, set2 } from './matrix.js';
import * as fdlibm from '../core/math.js';

/**
 * The gate table: every gate the simulator knows, as data. Conventions are PennyLane's: RX(θ) = exp(-iθX/2),
 * RY, RZ likewise, Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ), PhaseShift(φ) = diag(1, e^{iφ}), and two-qubit gates act on
 * wires [control, target] with the first wire as the more significant bit of the 4x4 matrix.
 *
 * Kernels are chosen by `kind`, never by name: 'single' gates are fused into one 2x2 per wire, 'controlled' gates
 * apply their target's 2x2 where the control is |1> (or, with `diagonalSigns`, join a ±1 diagonal), 'swap'
 * permutes amplitudes.
 */
export type GateName =
  | 'RX'
  | 'RY'
  | 'RZ'
  | 'Rot'
  | 'PhaseShift'
  | 'H'
  | 'X'
  | 'Y'
  | 'Z'
  | 'S'
  | 'T'
  | 'CNOT'
  | 'CZ'
  | 'CRX'
  | 'CRY'
  | 'CRZ'
  | 'SWAP';

/** Which kernel family applies a gate. */
export type GateKind = 'single' | 'controlled' | 'swap';

/** One term c·f(θ + s) of a parameter-shift rule f'(θ) = Σ c·f(θ + s). */
export type ShiftTerm = readonly [coefficient: number, shift: number];

/** A row of the gate table. */
export interface GateDef {
  readonly name: GateName;
  readonly kind: GateKind;
  readonly numWires: 1 | 2;
  readonly numParams: number;
  /** For controlled gates: the single-qubit gate applied to the target when the control is |1>. */
  readonly target: GateName | null;
  /** For constant real diagonal two-qubit gates (CZ): the diagonal, which lets a set of them act as one ±1 mask. */
  readonly diagonalSigns: readonly number[] | null;
  /** Parameter-shift rule shared by all of the gate's parameters (null for constant gates). */
  readonly shiftRule: readonly ShiftTerm[] | null;
  /** Writes the 2^w x 2^w matrix (complex interleaved, row-major) at `offset`. */
  matrix(params: ArrayLike<number>, out: Float64Array, offset: number): void;
  /**
   * Writes the Hermitian generator G_k of parameter `slot`, defined by ∂U/∂θ_k = -(i/2)·G_k·U (PennyLane's
   * convention, so RX has G = X). For Rot it depends on the other angles. Absent for constant gates.
   */
  generator?(params: ArrayLike<number>, slot: number, out: Float64Array, offset: number): void;
  /** OpenQASM 3 statement(s) for the gate with the given argument and qubit expressions. */
  qasm(args: readonly string[], qubits: readonly string[]): string;
}

const HALF_PI = Math.PI / 2;
const TWO_TERM: readonly ShiftTerm[] = [
  [0.5, HALF_PI],
  [-0.5, -HALF_PI],
];
const C_PLUS = (Math.SQRT2 + 1) / (4 * Math.SQRT2);
const C_MINUS = (Math.SQRT2 - 1) / (4 * Math.SQRT2);
/** PennyLane's four-term rule for controlled rotations, whose generator has eigenvalues 0 and ±1/2. */
const FOUR_TERM: readonly ShiftTerm[] = [
  [C_PLUS, HALF_PI],
  [-C_PLUS, -HALF_PI],
  [-C_MINUS, 3 * HALF_PI],
  [C_MINUS, -3 * HALF_PI],
];

/** Writes n·σ = nx·X + ny·Y + nz·Z. */
function pauliVector(nx: number, ny: number, nz: number, out: Float64Array, o: number): void {
  set2(out, o, nz, 0, nx, -ny, nx, ny, -nz, 0);
}

function constant(name: GateName, qasmName: string, m: readonly number[]): GateDef {
  return {
    name,
    kind: 'single',
    numWires: 1,
    numParams: 0,
    target: null,
    diagonalSigns: null,
    shiftRule: null,
    matrix: (_p, out, o) => {
      for (let i = 0; i < 8; i++) out[o + i] = m[i];
    },
    qasm: (_a, q) => `${qasmName} ${q[0]};`,
  };
}

/** sin and cos of the last half angle taken, and that angle (compared with Object.is: -0 is not 0); NaN's at first. */
const half = Float64Array.of(Number.NaN, Number.NaN);
let lastAngle = Number.NaN;

/**
 * Fills `half` with sin(θ/2), cos(θ/2). An encoding RX(x)·RY(x)·RZ(x) asks for the same angle three times in a row
 * (and the adjoint pass again), so the last angle's values are reused.
 */
function halfAngle(theta: number): Float64Array {
  if (!Object.is(theta, lastAngle)) {
    fdlibm.sincos(theta / 2, half);
    lastAngle = theta;
  }
  return half;
}

/** Scratch of sincos for the gates that need several angles. */
const trig = new Float64Array(6);

function rotation(
  name: GateName,
  qasmName: string,
  write: (c: number, s: number, out: Float64Array, o: number) => void,
  pauli: readonly [number, number, number],
): GateDef {
  return {
    name,
    kind: 'single',
    numWires: 1,
    numParams: 1,
    target: null,
    diagonalSigns: null,
    shiftRule: TWO_TERM,
    matrix: (p, out, o) => {
      const h = halfAngle(p[0]);
      write(h[1], h[0], out, o);
    },
    generator: (_p, _k, out, o) => pauliVector(pauli[0], pauli[1], pauli[2], out, o),
    qasm: (a, q) => `${qasmName}(${a[0]}) ${q[0]};`,
  };
}

function controlledGate(
  name: GateName,
  qasmName: string,
  targetName: SingleGateName,
  diagonalSigns: readonly number[] | null = null,
): GateDef {
  const target = SINGLE[targetName];
  const scratch = new Float64Array(8);
  return {
    name,
    kind: 'controlled',
    numWires: 2,
    numParams: target.numParams,
    target: targetName,
    diagonalSigns,
    shiftRule: target.numParams > 0 ? FOUR_TERM : null,
    matrix: (p, out, o) => {
      target.matrix(p, scratch, 0);
      controlled(scratch, 0, out, o);
    },
    // ∂CU/∂θ = |1><1| ⊗ ∂U/∂θ = -(i/2)(|1><1| ⊗ G)·CU.
    generator:
      target.generator === undefined
        ? undefined
        : (p, k, out, o) => {
            target.generator!(p, k, scratch, 0);
            controlled(scratch, 0, out, o);
            out[o] = 0;
            out[o + 10] = 0;
          },
    qasm: (a, q) => `${qasmName}${a.length > 0 ? `(${a[0]})` : ''} ${q[0]}, ${q[1]};`,
  };
}

const S2 = Math.SQRT1_2;

type SingleGateName = 'RX' | 'RY' | 'RZ' | 'Rot' | 'PhaseShift' | 'H' | 'X' | 'Y' | 'Z' | 'S' | 'T';

const SINGLE: Record<SingleGateName, GateDef> = {
  RX: rotation('RX', 'rx', (c, s, out, o) => set2(out, o, c, 0, 0, -s, 0, -s, c, 0), [1, 0, 0]),
  RY: rotation('RY', 'ry', (c, s, out, o) => set2(out, o, c, 0, -s, 0, s, 0, c, 0), [0, 1, 0]),
  RZ: rotation('RZ', 'rz', (c, s, out, o) => set2(out, o, c, -s, 0, 0, 0, 0, c, s), [0, 0, 1]),
  PhaseShift: {
    name: 'PhaseShift',
    kind: 'single',
    numWires: 1,
    numParams: 1,
    target: null,
    diagonalSigns: null,
    shiftRule: TWO_TERM,
    matrix: (p, out, o) => {
      fdlibm.sincos(p[0], trig);
      set2(out, o, 1, 0, 0, 0, 0, 0, trig[1], trig[0]);
    },
    // ∂U/∂φ = i|1><1|·U, so G = -2|1><1|.
    generator: (_p, _k, out, o) => set2(out, o, 0, 0, 0, 0, 0, 0, -2, 0),
    qasm: (a, q) => `p(${a[0]}) ${q[0]};`,
  },
  Rot: {
    name: 'Rot',
    kind: 'single',
    numWires: 1,
    numParams: 3,
    target: null,
    diagonalSigns: null,
    shiftRule: TWO_TERM,
    matrix: (p, out, o) => {
      fdlibm.sincos(p[1] / 2, trig);
      fdlibm.sincos((p[0] + p[2]) / 2, trig, 2);
      fdlibm.sincos((p[0] - p[2]) / 2, trig, 4);
      const s = trig[0],
        c = trig[1],
        sinSum = trig[2],
        cosSum = trig[3],
        sinDiff = trig[4],
        cosDiff = trig[5];
      set2(
        out,
        o,
        cosSum * c,
        -sinSum * c,
        -cosDiff * s,
        -sinDiff * s,
        cosDiff * s,
        -sinDiff * s,
        cosSum * c,
        sinSum * c,
      );
    },
    // Each angle's generator is its Pauli conjugated by the rotations applied after it:
    // φ: RZ(ω)RY(θ)·Z·(…)†, θ: RZ(ω)·Y·RZ(ω)†, ω: Z.
    generator: (p, k, out, o) => {
      fdlibm.sincos(p[1], trig);
      fdlibm.sincos(p[2], trig, 2);
      const st = trig[0],
        ct = trig[1],
        sw = trig[2],
        cw = trig[3];
      if (k === 0) pauliVector(st * cw, st * sw, ct, out, o);
      else if (k === 1) pauliVector(-sw, cw, 0, out, o);
      else pauliVector(0, 0, 1, out, o);
    },
    qasm: (a, q) => `rz(${a[0]}) ${q[0]}; ry(${a[1]}) ${q[0]}; rz(${a[2]}) ${q[0]};`,
  },
  H: constant('H', 'h', [S2, 0, S2, 0, S2, 0, -S2, 0]),
  X: constant('X', 'x', [0, 0, 1, 0, 1, 0, 0, 0]),
  Y: constant('Y', 'y', [0, 0, 0, -1, 0, 1, 0, 0]),
  Z: constant('Z', 'z', [1, 0, 0, 0, 0, 0, -1, 0]),
  S: constant('S', 's', [1, 0, 0, 0, 0, 0, 0, 1]),
  T: constant('T', 't', [1, 0, 0, 0, 0, 0, S2, S2]),
};

/** Every gate, by name. */
export const GATES: Readonly<Record<GateName, GateDef>> = {
  ...SINGLE,
  CNOT: controlledGate('CNOT', 'cx', 'X'),
  CZ: controlledGate('CZ', 'cz', 'Z', [1, 1, 1, -1]),
  CRX: controlledGate('CRX', 'crx', 'RX'),
  CRY: controlledGate('CRY', 'cry', 'RY'),
  CRZ: controlledGate('CRZ', 'crz', 'RZ'),
  SWAP: {
    name: 'SWAP',
    kind: 'swap',
    numWires: 2,
    numParams: 0,
    target: null,
    diagonalSigns: null,
    shiftRule: null,
    matrix: (_p, out, o) => {
      out.fill(0, o, o + 32);
      for (const [r, c] of [
        [0, 0],
        [1, 2],
        [2, 1],
        [3, 3],
      ])
        out[o + 2 * (r * 4 + c)] = 1;
    },
    qasm: (_a, q) => `swap ${q[0]}, ${q[1]};`,
  },
};

/** The gate names, in table order. */
export const GATE_NAMES = Object.keys(GATES) as GateName[];

/** True when `name` is a gate of the table. */
export function isGateName(name: string): name is GateName {
  return Object.hasOwn(GATES, name);
}
