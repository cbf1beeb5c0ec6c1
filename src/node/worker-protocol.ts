/**
 * Messages between the host thread and a Node engine worker.
 * @module
 */
import type { MessagePort } from "node:worker_threads";
import type { EngineResult, HostEvent, RunSpec } from "../engine/protocol.js";

/** Data each engine worker starts with. */
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

/** Host to worker. */
export type HostToWorker =
  | { type: "run"; runId: number; spec: RunSpec }
  /** Host events for the run (async op outcomes, pushed data). */
  | { type: "events"; runId: number; events: HostEvent[] }
  /** Wakes an idle run so it sees the stop request. */
  | { type: "stop"; runId: number };

/** Worker to host. */
export type WorkerToHost =
  | { type: "stdio"; runId: number; channel: "stdout" | "stderr"; message: string }
  | { type: "op"; runId: number; op: string; args: unknown[] }
  /** The engine took events carrying this many bytes (so the host knows what is still queued). */
  | { type: "taken"; runId: number; bytes: number }
  /** An async op: the host answers with an event for `id`. */
  | { type: "submit"; runId: number; id: number; op: string; args: unknown[] }
  | { type: "done"; runId: number; result: EngineResult }
  | { type: "failed"; runId: number; message: string };
