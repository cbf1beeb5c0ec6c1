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
import { CONTROL, type HostEvent, type OpOutcome, type RunSpec } from "../engine/protocol.js";
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

/** The run in progress: its id, the host events not yet taken, and a pending wait to end early. */
let current: { runId: number; events: HostEvent[]; wake: (() => void) | null } | null = null;

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
  const state = { runId, events: [] as HostEvent[], wake: null as (() => void) | null };
  current = state;
  const host: EngineHost = {
    control,
    meter,
    submit(id, op, args) {
      send({ type: "submit", runId, id, op, args });
    },
    takeEvents() {
      const events = state.events;
      state.events = [];
      let bytes = 0;
      for (const event of events) if (event.value instanceof Uint8Array) bytes += event.value.byteLength;
      if (bytes > 0) send({ type: "taken", runId, bytes });
      return events;
    },
    wait(ms) {
      if (state.events.length > 0 || Atomics.load(control, CONTROL.STOP) !== 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          state.wake = null;
          resolve();
        }
        state.wake = done;
      });
    },
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
    current = null;
    sandbox?.dispose();
    Atomics.store(control, CONTROL.STOP, 0);
  }
  prepare(spec.memoryLimitMb);
}

port.on("message", (message: HostToWorker) => {
  if (message.type === "run") return void run(message.runId, message.spec);
  const state = current;
  if (!state || state.runId !== message.runId) return;
  if (message.type === "events") state.events.push(...message.events);
  state.wake?.();
});
prepare(data.memoryLimitMb);
