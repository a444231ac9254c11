import { describe, expect, it } from 'vitest';
import {
  buildCircuit,
  DEFAULT_CIRCUIT,
  entanglerPairs,
  logicalGateCount,
  resolveCircuitSpec,
  validateCircuit,
  weightParam,
  type Circuit,
} from '../../src/quantum/index.js';
import { compilePlan } from '../../src/quantum/plan.js';

describe('CircuitSpec', () => {
  it('fills defaults: the reference circuit', () => {
    expect(resolveCircuitSpec()).toEqual({ ...DEFAULT_CIRCUIT });
    expect(resolveCircuitSpec({ qubits: 8 })).toMatchObject({
      qubits: 8,
      layers: 2,
      encoding: 'reference',
      entangler: 'ring',
      entanglingGate: 'cz',
      noise: 0,
      shots: null,
      diff: 'adjoint',
    });
  });

  it('rejects bad keys and values, naming them and listing what is allowed', () => {
    expect(() => resolveCircuitSpec({ entangler: 'rng' })).toThrow(
      "entangler: unknown value 'rng'; expected one of ring, linear, all-to-all, none",
    );
    expect(() => resolveCircuitSpec({ entanglingGate: 'cx' })).toThrow(
      "entanglingGate: unknown value 'cx'; expected one of cz, cnot",
    );
    expect(() => resolveCircuitSpec({ encoding: 3 })).toThrow(
      'encoding: unknown value 3; expected one of reference, rx, ry, rz',
    );
    expect(() => resolveCircuitSpec({ diff: 'backprop' })).toThrow(
      "diff: unknown value 'backprop'; expected one of adjoint, parameter-shift",
    );
    expect(() => resolveCircuitSpec({ qbits: 4 })).toThrow(
      "circuit spec: unknown key 'qbits'; expected one of qubits, layers,",
    );
    expect(() => resolveCircuitSpec({ qubits: 0 })).toThrow('qubits: expected an integer from 1 to 20, got 0');
    expect(() => resolveCircuitSpec({ qubits: 2.5 })).toThrow('qubits: expected an integer from 1 to 20, got 2.5');
    expect(() => resolveCircuitSpec({ layers: -1 })).toThrow('layers: expected an integer');
    expect(() => resolveCircuitSpec({ noise: 1.5 })).toThrow('noise: expected a probability in [0, 1], got 1.5');
    expect(() => resolveCircuitSpec({ noise: 0.1, qubits: 11, noiseMethod: 'exact' })).toThrow(
      'supports at most 10 qubits, got qubits = 11',
    );
    expect(() => resolveCircuitSpec({ shots: 0 })).toThrow('shots: expected a positive integer or null (exact), got 0');
    expect(() => resolveCircuitSpec({ reupload: 'yes' })).toThrow('reupload: expected true or false, got "yes"');
    expect(() => resolveCircuitSpec([])).toThrow('circuit spec: expected an object');
  });
});

describe('circuit builders', () => {
  it('entangler pairs: ring closes the chain (but not on 2 qubits), linear does not, all-to-all takes every i<j', () => {
    expect(entanglerPairs('ring', 4)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
    ]);
    expect(entanglerPairs('ring', 2)).toEqual([[0, 1]]);
    expect(entanglerPairs('ring', 1)).toEqual([]);
    expect(entanglerPairs('linear', 4)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(entanglerPairs('all-to-all', 3)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(entanglerPairs('none', 5)).toEqual([]);
  });

  it('builds the reference circuit: encoding, then RX·RY·RZ(w[l,axis,q]) and a CZ ring per layer', () => {
    const c = buildCircuit(resolveCircuitSpec({ qubits: 4, layers: 2 }));
    expect(c.weightShape).toEqual([2, 3, 4]);
    expect(c.numInputs).toBe(4);
    expect(logicalGateCount(c)).toBe(12 + 2 * (12 + 4));
    expect(c.ops.slice(0, 3)).toEqual([
      { name: 'RX', wires: [0], params: [{ kind: 'input', index: 0 }] },
      { name: 'RY', wires: [0], params: [{ kind: 'input', index: 0 }] },
      { name: 'RZ', wires: [0], params: [{ kind: 'input', index: 0 }] },
    ]);
    // Second layer, axis 1 (RY), wire 2 reads weight (1·3 + 1)·4 + 2 = 18.
    const ry = c.ops.filter((op) => op.name === 'RY' && op.params[0].kind === 'weight' && op.wires[0] === 2);
    expect(ry[1].params[0]).toEqual(weightParam(18));
    expect(c.ops.filter((op) => op.name === 'CZ').map((op) => op.wires)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
    ]);
  });

  it('re-uploads the encoding before every layer and places noise after each encoding block and layer', () => {
    const c = buildCircuit(
      resolveCircuitSpec({ qubits: 2, layers: 3, encoding: 'ry', reupload: true, noise: 0.02, entanglingGate: 'cnot' }),
    );
    expect(c.ops.filter((op) => op.name === 'RY' && op.params[0].kind === 'input')).toHaveLength(6);
    expect(c.ops.filter((op) => op.name === 'DepolarizingChannel')).toHaveLength(2 * 6);
    expect(c.ops.filter((op) => op.name === 'CNOT')).toHaveLength(3);
    expect(
      buildCircuit(resolveCircuitSpec({ qubits: 2, layers: 3 })).ops.filter((op) => op.params[0]?.kind === 'input'),
    ).toHaveLength(6);
  });

  it('validates hand-made circuits, naming the bad operation', () => {
    const base: Circuit = { qubits: 2, numInputs: 1, weightShape: [1], ops: [] };
    const bad = (op: Circuit['ops'][number]) => () => validateCircuit({ ...base, ops: [op] });
    expect(bad({ name: 'RX', wires: [2], params: [weightParam(0)] })).toThrow(
      'circuit op 0 (RX): wire 2 is out of range for 2 qubit(s)',
    );
    expect(bad({ name: 'CNOT', wires: [1, 1], params: [] })).toThrow('wires must be distinct');
    expect(bad({ name: 'RX', wires: [0], params: [] })).toThrow('needs 1 parameter(s), got 0');
    expect(bad({ name: 'RX', wires: [0], params: [weightParam(3)] })).toThrow(
      'weight index 3 is out of range for 1 weight(s)',
    );
    expect(bad({ name: 'Toffoli' as 'RX', wires: [0], params: [] })).toThrow('unknown gate; expected one of RX, RY');
    expect(bad({ name: 'DepolarizingChannel', wires: [0], params: [weightParam(0)] })).toThrow(
      'the probability must be a constant in [0, 1]',
    );
  });
});

describe('fusion', () => {
  it('fuses the encoding with the first layer into one 2x2 per wire and each CZ ring into one diagonal', () => {
    const plan = compilePlan(buildCircuit(resolveCircuitSpec({ qubits: 8, layers: 2 })));
    expect(plan.steps.map((s) => s.kind)).toEqual(['local', 'diagonal', 'local', 'diagonal']);
    expect(plan.productStart).toBe(true);
    const first = plan.steps[0];
    expect(first.kind === 'local' && first.gates.map((g) => [g.wire, g.rotations.length, g.perSample])).toEqual(
      Array.from({ length: 8 }, (_v, q) => [q, 6, true]),
    );
    const second = plan.steps[2];
    expect(second.kind === 'local' && second.gates.every((g) => g.rotations.length === 3 && !g.perSample)).toBe(true);
  });

  it('keeps order where gates do not commute (CNOT entanglers are separate steps)', () => {
    const plan = compilePlan(buildCircuit(resolveCircuitSpec({ qubits: 3, layers: 1, entanglingGate: 'cnot' })));
    expect(plan.steps.map((s) => s.kind)).toEqual(['local', 'controlled', 'controlled', 'controlled']);
  });
});
