/**
 * The engine thread under Node: a worker that runs one sandbox at a time and
 * keeps the next one ready. Talks to the host through its parent port; a
 * synchronous op posts its request and blocks in `Atomics.wait` until the
 * host posts the reply on the sync port and notifies.
 * @module
 */
import { setPriority } from "node:os";
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { Sandbox, type EngineHost } from "../engine/sandbox.js";
import { CONTROL, type OpOutcome, type RunSpec } from "../engine/protocol.js";
import type { HostToWorker, WorkerData, WorkerToHost } from "./worker-protocol.js";

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
const port = parentPort!;
const control = new Int32Array(data.control);
const meter = new Float64Array(data.meter);
const syncPort: MessagePort = data.syncPort;

let ready: { memoryLimitMb: number; sandbox: Promise<Sandbox> } | null = null;

/** Prepares the next sandbox ahead of time. */
function prepare(memoryLimitMb: number): void {
  const sandbox = Sandbox.create(data.wasmModule, memoryLimitMb);
  sandbox.catch(() => {});
  ready = { memoryLimitMb, sandbox };
}

function take(memoryLimitMb: number): Promise<Sandbox> {
  if (ready && ready.memoryLimitMb === memoryLimitMb) {
    const { sandbox } = ready;
    ready = null;
    return sandbox;
  }
  return Sandbox.create(data.wasmModule, memoryLimitMb);
}

function send(message: WorkerToHost): void {
  port.postMessage(message);
}

async function run(runId: number, spec: RunSpec): Promise<void> {
  const host: EngineHost = {
    control,
    meter,
    stdio(channel, message) {
      send({ type: "stdio", runId, channel, message });
    },
    callSync(op: string, args: unknown[]): OpOutcome {
      Atomics.store(control, CONTROL.SYNC_READY, 0);
      send({ type: "op", runId, op, args });
      Atomics.wait(control, CONTROL.SYNC_READY, 0);
      const reply = receiveMessageOnPort(syncPort);
      if (!reply) return { ok: false, error: { name: "Error", message: "The host did not answer the operation" } };
      return reply.message as OpOutcome;
    },
  };
  let sandbox: Sandbox | null = null;
  try {
    sandbox = await take(spec.memoryLimitMb);
    const result = await sandbox.execute(spec, host);
    send({ type: "done", runId, result });
  } catch (error) {
    send({ type: "failed", runId, message: error instanceof Error ? error.message : String(error) });
  } finally {
    sandbox?.dispose();
    Atomics.store(control, CONTROL.STOP, 0);
  }
  prepare(spec.memoryLimitMb);
}

port.on("message", (message: HostToWorker) => {
  if (message.type === "run") void run(message.runId, message.spec);
});
prepare(data.memoryLimitMb);
