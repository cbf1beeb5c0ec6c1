/**
 * What a Node engine worker starts with.
 * @module
 */
import type { MessagePort } from "node:worker_threads";

/** Data each Node engine worker starts with. */
export interface WorkerData {
  /** The QuickJS module, compiled once per process. */
  wasmModule: WebAssembly.Module;
  /** Int32 control slots (`CONTROL`). */
  control: SharedArrayBuffer;
  /** Float64 meter slots (`METER`). */
  meter: SharedArrayBuffer;
  /** The worker's end of the channel that carries replies to synchronous ops. */
  syncPort: MessagePort;
  /** Memory limit of the first sandbox to prepare. */
  memoryLimitMb: number;
}
