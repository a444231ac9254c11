import { arenaMemory } from './arena.js';
import { assembleModule } from './wasm-asm.js';
import { convFunctions } from './wasm-conv-module.js';
import { gemmFunctions } from './wasm-gemm-module.js';

type Kernel = (...args: number[]) => void;

/** One precision's kernels, all running on the arena's memory (contracts in wasm-gemm-module.ts and wasm-conv-module.ts). */
export interface PrecisionKernels {
  gemm: Kernel;
  pad: Kernel;
  unpadAdd: Kernel;
  pool: Kernel;
  pool2: Kernel;
  scatter: Kernel;
}

/** The compiled kernels by precision. */
export interface WasmKernels {
  float64: PrecisionKernels;
  float32: PrecisionKernels;
}

let kernels: WasmKernels | null | undefined;

/** The module's bytes. */
function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule([...gemmFunctions(), ...convFunctions()]);
}

/** The kernels, or null where WebAssembly SIMD is unavailable (callers then use their JavaScript paths). */
export function wasmKernels(): WasmKernels | null {
  if (kernels !== undefined) return kernels;
  const bytes = kernelModuleBytes();
  const memory = arenaMemory();
  if (memory === null || !WebAssembly.validate(bytes)) return (kernels = null);
  const fns = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<
    string,
    Kernel
  >;
  const of = (suffix: string): PrecisionKernels => ({
    gemm: fns[`gemm_${suffix}`],
    pad: fns[`pad_${suffix}`],
    unpadAdd: fns[`unpad_add_${suffix}`],
    pool: fns[`pool_${suffix}`],
    pool2: fns[`pool2_${suffix}`],
    scatter: fns[`scatter_${suffix}`],
  });
  return (kernels = { float64: of('f64'), float32: of('f32') });
}

/** Whether the SIMD kernels can run here. */
export function wasmGemmAvailable(): boolean {
  return wasmKernels() !== null;
}
