/**
 * What a Node engine worker starts with.
 * @module
 */
/**
 * The first message an engine worker gets: the QuickJS module, compiled once
 * per process. It comes after the start, so the first worker of a process
 * loads its code while the host compiles the wasm.
 */
export interface WasmMessage {
  type: "wasm";
  wasmModule: WebAssembly.Module;
  /** SHA-256 (hex) of the bytes it was compiled from: the shipped sandbox image is checked against it. */
  wasmDigest: string;
  /**
   * Words from the host's CSPRNG, handed out to the thread's first runs
   * (each word to one run) before it draws its own: the thread then loads
   * Node's crypto module only after its first runs, not on the way to them.
   */
  entropy: Int32Array<ArrayBuffer>;
  /** The sandbox image file's bytes (read by the host meanwhile), or null if there is none. */
  image: Uint8Array<ArrayBuffer> | null;
}

/** Data each Node engine worker starts with. */
export interface WorkerData {
  /** Int32 control slots (`CONTROL`). */
  control: SharedArrayBuffer;
  /** Float64 meter slots (`METER`). */
  meter: SharedArrayBuffer;
  /** The buffer synchronous ops go through (`createSyncCallBuffer`). */
  syncCalls: SharedArrayBuffer;
  /** Memory limit of the first sandbox to prepare. */
  memoryLimitMb: number;
}
