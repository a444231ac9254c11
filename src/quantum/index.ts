/**
 * The quantum layer: a gate table, batched statevector and density-matrix simulation of circuits described as
 * data, adjoint and parameter-shift differentiation, finite shots, the QuantumLayer autodiff op, text drawing and
 * OpenQASM 3 export. Wire 0 is the most significant bit of basis-state indices, as in PennyLane.
 */
export { GATE_NAMES, GATES, isGateName, type GateDef, type GateKind, type GateName, type ShiftTerm } from './gates.js';
export {
  constParam,
  inputParam,
  isNoisy,
  logicalGateCount,
  numWeights,
  validateCircuit,
  weightParam,
  type ChannelName,
  type Circuit,
  type Operation,
  type ParamSource,
} from './circuit.js';
export {
  DEFAULT_CIRCUIT,
  DEFAULT_TRAJECTORIES,
  DIFF_METHODS,
  ENCODINGS,
  ENTANGLERS,
  ENTANGLING_GATES,
  MAX_NOISY_QUBITS,
  MAX_QUBITS,
  NOISE_METHODS,
  resolveCircuitSpec,
  resolveNoiseMethod,
  TRAJECTORY_QUBITS,
  type CircuitSpec,
  type DiffMethod,
  type Encoding,
  type Entangler,
  type EntanglingGate,
  type NoiseMethod,
} from './spec.js';
export { buildCircuit, encodingOps, entanglerOps, entanglerPairs, rotationLayerOps } from './builders.js';
export {
  ForwardTape,
  QuantumSimulator,
  type ForwardResult,
  type Gradients,
  type SimulatorOptions,
  type VjpOptions,
} from './simulator.js';
export type { Shift } from './execute.js';
export { circuitJacobian, type CircuitJacobian } from './jacobian.js';
export { initQuantumWeights, quantumLayer, type QuantumLayerOptions } from './layer.js';
export { drawCircuit, type DrawOptions } from './draw.js';
export { toQasm } from './qasm.js';
export type { BoundValues } from './params.js';
