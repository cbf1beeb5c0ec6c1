/**
 * The engine thread under Node: a worker thread serving runs (see
 * `serveEngineThread`). A synchronous op posts its request and blocks in
 * `Atomics.wait` until the host posts the reply on the sync port and notifies.
 * @module
 */
import { setPriority } from "node:os";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { CONTROL, type OpOutcome } from "../engine/protocol.js";
import { serveEngineThread, type EngineThreadPort } from "../engine/engine-thread.js";
import type { EngineToHost } from "../engine/thread-protocol.js";
import type { WorkerData } from "./worker-data.js";

/** The engine thread's nice value (the host thread keeps 0). */
const ENGINE_THREAD_NICE = 10;

// Guests yield the CPU to the host: on Linux a thread's nice value is its own,
// so however many engine threads spin, the host's event loop is served first.
try {
  setPriority(ENGINE_THREAD_NICE);
} catch {
  // Not permitted or not supported here: the thread keeps the default priority.
}

const data = workerData as WorkerData;
const parent = parentPort!;
const control = new Int32Array(data.control);

const port: EngineThreadPort = {
  control,
  meter: new Float64Array(data.meter),
  shared: true,
  send(message: EngineToHost) {
    parent.postMessage(message);
  },
  callSync(runId, op, args): OpOutcome {
    Atomics.store(control, CONTROL.SYNC_READY, 0);
    parent.postMessage({ type: "op", runId, op, args } satisfies EngineToHost);
    Atomics.wait(control, CONTROL.SYNC_READY, 0);
    const reply = receiveMessageOnPort(data.syncPort);
    if (!reply) return { ok: false, error: { name: "Error", message: "The host did not answer the operation" } };
    return reply.message as OpOutcome;
  },
};

parent.on("message", serveEngineThread(port, data.wasmModule, data.memoryLimitMb));
