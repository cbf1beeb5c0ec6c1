/**
 * Engine threads for Node: worker threads in one process-wide pool shared by
 * every NodeRuntime. Idle workers do not keep the process alive. Synchronous
 * ops go through memory shared with the worker (see `sync-calls.ts`), and
 * the host may wait for them: Node lets its main thread use `Atomics.wait`.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { getQuickJSDigest, getQuickJSModule } from "../../wasm/node.js";
import { CONTROL, METER } from "../engine/protocol.js";
import { availableParallelism, loadavg } from "node:os";
import { createSyncCallBuffer, SyncCallServer, type HotPath } from "../engine/sync-calls.js";
import type { EngineToHost, HostToEngine } from "../engine/thread-protocol.js";
import { EnginePool, type EngineThread, type EngineThreadEvents } from "../host/engine-pool.js";
import type { WasmMessage, WorkerData } from "./worker-data.js";
import { readImageFileAsync } from "./engine-files.js";

/** CSPRNG words a new engine thread gets from the host for its first runs (4 per run). */
const ENTROPY_WORDS = 1024;

/**
 * `words` 32-bit words from the system's CSPRNG: read from the kernel's
 * random device where there is one (a 4 KiB read), else from Node's
 * CSPRNG, whose first use loads Node's crypto modules (10 to 20 ms of the
 * host thread while the first engine thread boots, on two cores taken from
 * that boot). The device is checked to be a character device, so a plain
 * file put in its place is never used.
 */
function systemEntropy(words: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(words);
  const bytes = new Uint8Array(out.buffer);
  try {
    const fd = openSync("/dev/urandom", "r");
    try {
      if (fstatSync(fd).isCharacterDevice() && readSync(fd, bytes, 0, bytes.length, null) === bytes.length) return out;
    } finally {
      closeSync(fd);
    }
  } catch {
    // No such device here (Windows): Node's CSPRNG below.
  }
  return globalThis.crypto.getRandomValues(out);
}

/** Native stack of an engine thread: far above QuickJS's own limit, so deep guest recursion stays a guest error. */
const WORKER_STACK_MB = 16;

/**
 * The host's hot path for synchronous calls: it sleeps up to 1 ms for the
 * engine's next call, watching the first 0.05 ms of it only while the
 * machine has a core to spare for it (a load average below the core count
 * plus one, the host and its engine themselves counting about one; looked up
 * at most once a second): on a busy machine a watching host would take the
 * CPU the engine needs to make that call.
 */
const hotPath: HotPath = {
  waitMs: 1,
  spinMs: (() => {
    let checked = -Infinity;
    let spare = false;
    return () => {
      const now = performance.now();
      if (now - checked > 1000) {
        checked = now;
        spare = loadavg()[0]! < availableParallelism() + 1;
      }
      return spare ? 0.05 : 0;
    };
  })(),
};

/** Starts one engine worker thread. */
async function spawnWorker(memoryLimitMb: number, events: EngineThreadEvents): Promise<EngineThread> {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * 4));
  const meter = new Float64Array(new SharedArrayBuffer(METER.LENGTH * 8));
  const syncCalls = createSyncCallBuffer();
  const calls = new SyncCallServer(syncCalls, hotPath);
  const workerData: WorkerData = { control: control.buffer as SharedArrayBuffer, meter: meter.buffer as SharedArrayBuffer, syncCalls, memoryLimitMb };
  const worker = new Worker(new URL("./engine-worker.js", import.meta.url), {
    workerData,
    // The host's own flags (`--input-type=module -e`, loaders, inspectors) are not the engine's: a worker refuses some of them.
    execArgv: [],
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    stdout: false,
    stderr: false,
  });
  worker.on("message", (message: EngineToHost) => {
    calls.received();
    events.message(message);
  });
  worker.on("error", (error) => events.died(`The sandbox engine crashed: ${error.message}`));
  worker.on("exit", () => events.died("The sandbox engine exited unexpectedly"));
  // After the listeners: adding a 'message' listener refs the worker's port again.
  worker.unref();
  // Compiled (once per process) while the worker boots, which it starts doing only now: the worker first, as the
  // two are the largest parts of a first sandbox and only the worker's boot is on its path. The thread's first
  // CSPRNG words are drawn here too, meanwhile (drawn in the thread, they would load Node's crypto there first).
  // The sandbox image is read meanwhile too, off this thread, and handed over (see readImageFileAsync).
  const compiling = Promise.all([getQuickJSModule(), getQuickJSDigest(), readImageFileAsync()]);
  const entropy = systemEntropy(ENTROPY_WORDS);
  let wasmModule: WebAssembly.Module, wasmDigest: string, image: Uint8Array<ArrayBuffer> | null;
  try {
    [wasmModule, wasmDigest, image] = await compiling;
  } catch (error) {
    void worker.terminate();
    throw error;
  }
  worker.postMessage({ type: "wasm", wasmModule, wasmDigest, entropy, image } satisfies WasmMessage, image ? [entropy.buffer, image.buffer] : [entropy.buffer]);
  return {
    meter,
    post: (message: HostToEngine) => worker.postMessage(message),
    calls,
    signalStop(code) {
      Atomics.store(control, CONTROL.STOP, code);
      Atomics.notify(control, CONTROL.STOP);
    },
    reset() {
      Atomics.store(control, CONTROL.STOP, 0);
      meter[METER.SLICE_START] = 0;
      meter[METER.USED] = 0;
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => void worker.terminate(),
  };
}

/** The process-wide pool: at most 8 engine threads, 4 of them kept idle. */
export const nodeEnginePool = new EnginePool({ spawn: spawnWorker, maxIdle: 4, maxThreads: 8 });
