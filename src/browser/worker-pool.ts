/**
 * Engine threads in the browser: module Web Workers, in one pool per page for
 * each worker script. On a cross-origin-isolated page each worker shares
 * control, meter and synchronous-call memory with the page (the page may not
 * block, so its synchronous calls take no hot path: see `sync-calls.ts`);
 * elsewhere it gets none, the watchdog follows its meter reports, and stops
 * arrive as messages.
 * @module
 */
import { getQuickJSModuleAt } from "../../wasm/browser.js";
import { CONTROL, METER } from "../engine/protocol.js";
import type { EngineToHost } from "../engine/thread-protocol.js";
import { EnginePool, type EngineThread, type EngineThreadEvents } from "../host/engine-pool.js";
import { createSyncCallBuffer, SyncCallServer } from "../engine/sync-calls.js";
import type { BrowserWorkerInit } from "./worker-messages.js";

/** Idle workers kept for reuse, and workers alive at once. */
const MAX_IDLE = 2;
const MAX_WORKERS = 4;

/** Whether this page may share memory with its workers. */
function pageIsIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
}

/** Starts one engine worker. */
async function spawnWorker(workerUrl: string, wasmUrl: string, memoryLimitMb: number, events: EngineThreadEvents): Promise<EngineThread> {
  const wasmModule = await getQuickJSModuleAt(wasmUrl);
  const worker = new Worker(workerUrl, { type: "module", name: "quickexec-engine" });
  const shared = pageIsIsolated()
    ? { control: new SharedArrayBuffer(CONTROL.LENGTH * 4), meter: new SharedArrayBuffer(METER.LENGTH * 8), sync: createSyncCallBuffer() }
    : undefined;
  const calls = shared ? new SyncCallServer(shared.sync, null) : null;
  worker.onmessage = (event: MessageEvent) => {
    calls?.received();
    events.message(event.data as EngineToHost);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    events.died(`The sandbox engine crashed: ${event.message || `its script ${workerUrl} could not be loaded`}`);
  };
  worker.onmessageerror = () => events.died("The sandbox engine sent a message the page could not read");
  const init: BrowserWorkerInit = { type: "init", wasmModule, memoryLimitMb, shared };
  worker.postMessage(init);
  const control = shared ? new Int32Array(shared.control) : null;
  const meter = shared ? new Float64Array(shared.meter) : null;
  return {
    meter,
    post: (message) => worker.postMessage(message),
    // Without shared memory the engine never waits for a reply: its synchronous calls fail at once.
    calls,
    signalStop(code) {
      if (!control) return;
      Atomics.store(control, CONTROL.STOP, code);
      Atomics.notify(control, CONTROL.STOP);
    },
    reset() {
      if (control) Atomics.store(control, CONTROL.STOP, 0);
      if (meter) meter.fill(0);
    },
    ref() {},
    unref() {},
    terminate: () => worker.terminate(),
  };
}

const pools = new Map<string, EnginePool>();

/** The page's pool of engine workers running `workerUrl` with the wasm at `wasmUrl`. */
export function browserEnginePool(workerUrl: string, wasmUrl: string): EnginePool {
  const key = `${workerUrl}\n${wasmUrl}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new EnginePool({
      spawn: (memoryLimitMb, events) => spawnWorker(workerUrl, wasmUrl, memoryLimitMb, events),
      maxIdle: MAX_IDLE,
      maxThreads: MAX_WORKERS,
    });
    pools.set(key, pool);
  }
  return pool;
}
