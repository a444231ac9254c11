import type { Rng } from '../../core/random.js';
import type { Tensor } from '../../core/tensor.js';
import { buildCircuit } from '../../quantum/builders.js';
import { initQuantumWeights, quantumLayer } from '../../quantum/layer.js';
import { QuantumSimulator } from '../../quantum/simulator.js';
import type { CircuitSpec } from '../../quantum/spec.js';
import { Module } from '../module.js';

/**
 * The variational quantum circuit as a layer: angles [batch, qubits] -> ⟨Z_i⟩ [batch, qubits], with trainable
 * weights [layers, 3, qubits] initialised U[0, 2π) like PennyLane's TorchLayer. The whole batch is simulated at
 * once; the backward pass is the simulator's adjoint VJP (or parameter shift, as configured).
 */
export class QuantumLayer extends Module {
  readonly weights: Tensor;
  private readonly simulator: QuantumSimulator;
  private readonly shots: Rng;
  private resets = 0;

  constructor(
    readonly spec: CircuitSpec,
    private readonly rng: Rng,
  ) {
    super();
    this.simulator = new QuantumSimulator(buildCircuit(spec), { shots: spec.shots, diff: spec.diff });
    this.weights = this.addParam('weights', initQuantumWeights(rng.stream('init'), spec.layers, spec.qubits));
    this.shots = rng.stream('shots');
  }

  forward(x: Tensor): Tensor {
    return quantumLayer(x, this.weights, this.simulator, { rng: this.shots });
  }

  /** Re-draws the weights from U[0, 2π) with a fresh named stream. */
  override reset(): void {
    this.rng.stream(`reset-${++this.resets}`).fillUniform(this.weights.data, 0, 2 * Math.PI);
  }
}
