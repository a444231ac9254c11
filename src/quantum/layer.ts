import { allocate } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import type { Rng } from '../core/random.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import { gradBuffer, isGradEnabled, Tensor } from '../core/tensor.js';
import { float64Copy } from '../core/workspace.js';
import type { QuantumSimulator } from './simulator.js';

/** Options of {@link quantumLayer}. */
export interface QuantumLayerOptions {
  /** Draws the shots (forward and every parameter-shift evaluation); required when the simulator has shots. */
  rng?: Rng;
}

/**
 * The quantum layer as an autodiff op: angles [batch, numInputs] and weights (shape `circuit.weightShape`) ->
 * ⟨Z_i⟩ on every wire, [batch, qubits], in the dtype of the inputs. Its backward is the simulator's VJP (adjoint,
 * or parameter shift when configured or under shots) and fills only the gradients of tensors that require them;
 * the adjoint VJP starts from the final states this forward pass kept (no second forward pass).
 */
export function quantumLayer(
  inputs: Tensor,
  weights: Tensor,
  sim: QuantumSimulator,
  options: QuantumLayerOptions = {},
): Tensor {
  if (inputs.rank !== 2 || inputs.shape[1] !== sim.numInputs) {
    throw new ShapeError(
      `quantumLayer: inputs must be [batch, ${sim.numInputs}] angles, got shape ${formatShape(inputs.shape)}`,
    );
  }
  if (!shapesEqual(weights.shape, sim.circuit.weightShape)) {
    throw new ShapeError(
      `quantumLayer: weights must have shape ${formatShape(sim.circuit.weightShape)}, got ${formatShape(weights.shape)}`,
    );
  }
  const batch = inputs.shape[0];
  const n = sim.qubits;
  // Copies, so that the backward pass sees the values of the forward pass even if the caller edits the tensors.
  const x = float64Copy(inputs.data);
  const w = float64Copy(weights.data);
  // Keep the final states for the backward pass only when a graph is being recorded through this layer.
  const keep = isGradEnabled() && (inputs.requiresGrad || weights.requiresGrad);
  const { values, tape } = sim.forward(x, w, batch, { rng: options.rng, keep });
  const out = allocate(inputs.dtype, values.length);
  out.set(values);
  return Tensor.fromOp('quantumLayer', out, [batch, n], [inputs, weights], (g) => {
    const grads = sim.vjp(x, w, batch, float64Copy(g), {
      inputs: inputs.requiresGrad,
      weights: weights.requiresGrad,
      rng: options.rng,
      tape,
    });
    if (grads.inputs !== null) {
      const gi = gradBuffer(inputs);
      for (let i = 0; i < gi.length; i++) gi[i] += grads.inputs[i];
    }
    if (grads.weights !== null) {
      const gw = gradBuffer(weights);
      const nw = sim.numWeights;
      for (let b = 0; b < batch; b++) for (let j = 0; j < nw; j++) gw[j] += grads.weights[b * nw + j];
    }
  });
}

/** Trainable weights [layers, 3, qubits] drawn from U[0, 2π), as PennyLane's TorchLayer initialises them. */
export function initQuantumWeights(rng: Rng, layers: number, qubits: number): Tensor {
  const data = rng.fillUniform(new Float64Array(layers * 3 * qubits), 0, 2 * Math.PI);
  return new Tensor(data, [layers, 3, qubits], { requiresGrad: true, name: 'quantum.weights' });
}
