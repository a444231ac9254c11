import { cast, crossEntropy, mul, Rng, sum, Tensor, type DType } from '../src/core/index.js';
import { buildModel, resolveModelConfig, type BlockModel } from '../src/models/index.js';
import { time, timingRow, type BenchRow } from './harness.js';

/**
 * The reference's MNIST hybrid model (CNN front-end → 8 angles → 8-qubit, 2-layer circuit → head), forward and
 * backward on a batch of 64, on one core: the whole model, then each part alone on the same inputs, so every figure
 * says which part of the model it covers. The reference (PennyLane default.qubit + TorchLayer, one sample at a time)
 * takes ~2.4 s for the whole model's forward + backward on 64 images.
 */
const BATCH = 64;
const REFERENCE_WHOLE_MS = 2400;

// Multiply-adds of the front-end (conv 1→16, pool, conv 16→32, pool, linear 1568→8): the backward pass computes the
// weight gradients of every layer and the input gradients of all but the first.
const CONV1 = BATCH * 16 * 784 * 9;
const CONV2 = BATCH * 32 * 196 * 144;
const LINEAR = BATCH * 1568 * 8;
const FRONT_END_FLOP = 2 * (CONV1 + CONV2 + LINEAR) + 2 * (CONV1 + 2 * CONV2 + 2 * LINEAR);
// Unfused gates of the 8-qubit, 2-layer reference circuit (24 encoding + 2 · (24 rotations + 8 CZ)) × 2^8 × batch.
const QUANTUM_AMP_GATES = 88 * 256 * BATCH;

function setup(dtype: DType): { model: BlockModel; x: Tensor; labels: Int32Array } {
  const config = resolveModelConfig({
    model: 'cnn-hybrid',
    inputShape: [1, 28, 28],
    classes: 10,
    circuit: { qubits: 8 },
    dtype,
  });
  const model = buildModel(config, new Rng(0).stream('bench/model'));
  const x = new Tensor(new Rng(1).fillUniform(new Float64Array(BATCH * 784)), [BATCH, 1, 28, 28]);
  const labels = Int32Array.from({ length: BATCH }, (_v, i) => i % 10);
  return { model, x, labels };
}

/** Forward + backward of blocks [from, to) of the model on `input`, with a fixed random cotangent at the end. */
function partStep(model: BlockModel, from: number, to: number, input: Tensor): () => void {
  const blocks = model.blocks.slice(from, to);
  let probe = input;
  for (const b of blocks) probe = b.module.forward(probe);
  const cot = new Tensor(new Rng(2).fillUniform(new Float64Array(probe.size), -1, 1), probe.shape);
  return () => {
    for (const p of model.parameters()) p.grad = null;
    let h = input;
    for (const b of blocks) h = b.module.forward(h);
    sum(mul(h, cot)).backward();
  };
}

/** Whole-model and per-part figures for one element type. */
function modelRows(dtype: DType): BenchRow[] {
  const { model, x, labels } = setup(dtype);
  const input = cast(x, dtype);
  const names = model.blocks.map((b) => b.name);
  const angles = names.indexOf('angles');
  const quantum = names.indexOf('quantum');
  // The inputs each part sees in the whole model, as leaves that take gradients as they do there.
  let h = input;
  const inputsOf: Tensor[] = [];
  for (const b of model.blocks) {
    inputsOf.push(new Tensor(h.data, h.shape, { requiresGrad: true }));
    h = b.module.forward(h);
  }
  const whole = time(
    () => {
      for (const p of model.parameters()) p.grad = null;
      crossEntropy(model.forward(input), labels).backward();
    },
    { minRuns: 20, minTimeMs: 4000 },
  );
  const front = time(partStep(model, 0, angles + 1, input), { minRuns: 20, minTimeMs: 3000 });
  const circuit = time(partStep(model, quantum, quantum + 1, inputsOf[quantum]), { minRuns: 30, minTimeMs: 2000 });
  const head = time(partStep(model, quantum + 1, names.length, inputsOf[quantum + 1]), {
    minRuns: 30,
    minTimeMs: 1000,
  });
  const label = `MNIST hybrid, ${dtype}, batch 64, fwd+bwd`;
  return [
    timingRow(`${label}: whole model`, whole, 'ms', 1, {
      target: '<= 30 ms',
      note: `~${Math.round(REFERENCE_WHOLE_MS / whole.minMs)}x the reference's whole model (~2.4 s)`,
    }),
    timingRow(`${label}: CNN front-end alone (convs, pools, linear 1568->8)`, front, 'ms', 1, {
      target: '<= 20 ms',
      note: `${(FRONT_END_FLOP / (front.minMs * 1e6)).toFixed(1)} GFLOP/s`,
    }),
    timingRow(`${label}: quantum layer alone (8 qubits x 2 layers)`, circuit, 'ms', 1, {
      note: `${((circuit.minMs * 1e6) / QUANTUM_AMP_GATES).toFixed(2)} ns per amplitude-gate (forward + VJP)`,
    }),
    timingRow(`${label}: head alone (linear 8->32, relu, linear 32->10)`, head, 'ms'),
  ];
}

/** The whole model and its parts, in float64 and float32. */
export function benchModel(): BenchRow[] {
  return [...modelRows('float64'), ...modelRows('float32')];
}
