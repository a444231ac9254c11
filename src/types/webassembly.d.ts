/**
 * The part of the WebAssembly JavaScript API that the SIMD kernel uses. Node has it globally, but TypeScript only
 * declares it in the DOM and WebWorker libraries, which would bring browser globals into a Node codebase.
 */
declare namespace WebAssembly {
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  function validate(bytes: Uint8Array): boolean;
}
