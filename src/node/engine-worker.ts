/**
 * The engine thread under Node: a worker thread serving runs (see
 * `serveEngineThread`) once the host sent it the compiled QuickJS module. A
 * synchronous op posts its request with its number and blocks in
 * `Atomics.wait` until the host posts the reply on the sync port and stores
 * that number; replies to other calls found on the port are dropped.
 * @module
 */
import { setPriority } from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { CONTROL, callNumbers, type OpOutcome } from "../engine/protocol.js";
import { serveEngineThread, type EngineThreadPort } from "../engine/engine-thread.js";
import type { EngineToHost, HostToEngine } from "../engine/thread-protocol.js";
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
const control = new Int32Array(data.control);
const nextCallNumber = callNumbers();
/** How long the engine looks for a reply whose number was already stored before it gives up, ms. */
const LATE_REPLY_MS = 1000;

/** Takes the reply to call `seq` off the sync port, dropping any older ones. */
function takeReply(seq: number): OpOutcome | undefined {
  for (let entry = receiveMessageOnPort(data.syncPort); entry; entry = receiveMessageOnPort(data.syncPort)) {
    const reply = entry.message as { seq: number; outcome: OpOutcome };
    if (reply.seq === seq) return reply.outcome;
  }
  return undefined;
}

const port: EngineThreadPort = {
  control,
  meter: new Float64Array(data.meter),
  shared: true,
  collectGarbage: makeCollector(),
  send(message: EngineToHost) {
    parent.postMessage(message);
  },
  callSync(runId, op, args): OpOutcome {
    const seq = nextCallNumber();
    parent.postMessage({ type: "op", runId, op, args, seq } satisfies EngineToHost);
    for (let ready = Atomics.load(control, CONTROL.SYNC_READY); ready !== seq; ready = Atomics.load(control, CONTROL.SYNC_READY)) {
      Atomics.wait(control, CONTROL.SYNC_READY, ready);
    }
    // The reply is posted before its number is stored, so it is normally there already.
    for (let waited = 0; waited <= LATE_REPLY_MS; waited++) {
      const outcome = takeReply(seq);
      if (outcome) return outcome;
      Atomics.wait(control, CONTROL.STOP, Atomics.load(control, CONTROL.STOP), 1);
    }
    return { ok: false, error: { name: "Error", message: "The host did not answer the operation" } };
  },
};

// The first message is the compiled QuickJS module; the host's messages for runs follow it.
let serve: ((message: HostToEngine) => void) | null = null;
parent.on("message", (message: HostToEngine | WasmMessage) => {
  if (serve) return serve(message as HostToEngine);
  serve = serveEngineThread(port, (message as WasmMessage).wasmModule, data.memoryLimitMb);
});
