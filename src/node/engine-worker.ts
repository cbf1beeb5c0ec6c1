/**
 * The engine thread under Node: a worker thread serving runs (see
 * `serveEngineThread`) once the host sent it the compiled QuickJS module.
 * Synchronous ops go through memory shared with the host (`sync-calls.ts`).
 * @module
 */
import { setPriority } from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { SyncCallClient } from "../engine/sync-calls.js";
import { serveEngineThread, type EngineThreadPort } from "../engine/engine-thread.js";
import type { HostToEngine } from "../engine/thread-protocol.js";
import type { WasmMessage, WorkerData } from "./worker-data.js";

/** The engine thread's nice value (the host thread keeps 0). */
const ENGINE_THREAD_NICE = 10;

// Guests yield the CPU to the host: on Linux a thread's nice value is its own,
// so however many engine threads spin, the host's event loop is served first.
try {
  setPriority(ENGINE_THREAD_NICE);
} catch {
  // Not permitted or not supported here: the thread keeps the default priority.
}

/**
 * A full collection of this thread's heap, which frees the linear memory of
 * discarded wasm instances at once. V8 only hands out `gc` to contexts made
 * while `--expose-gc` is set, so the flag is set just long enough to make one
 * such context, then cleared again.
 */
function makeCollector(): (() => void) | undefined {
  // Started with --expose-gc: the thread has it already, and the flag stays as the host set it.
  const own: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof own === "function") return () => (own as () => void)();
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
}

const data = workerData as WorkerData;
const parent = parentPort!;
const calls = new SyncCallClient(data.syncCalls, (message) => parent.postMessage(message));

const port: EngineThreadPort = {
  control: new Int32Array(data.control),
  meter: new Float64Array(data.meter),
  shared: true,
  collectGarbage: makeCollector(),
  send: (message) => calls.send(message),
  callSync: (runId, op, args) => calls.call(runId, op, args),
};

// The first message is the compiled QuickJS module; the host's messages for runs follow it.
let serve: ((message: HostToEngine) => void) | null = null;
parent.on("message", (message: HostToEngine | WasmMessage) => {
  if (serve) return serve(message as HostToEngine);
  serve = serveEngineThread(port, (message as WasmMessage).wasmModule, data.memoryLimitMb);
});
