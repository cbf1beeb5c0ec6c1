// Drives `serveEngineThread` in the test's own thread with a recording port,
// for cases that must see what the engine does between its messages (which
// memories are reachable when it collects, what its meter counts).
import v8 from "node:v8";
import vm from "node:vm";
import { serveEngineThread, type EngineThreadPort } from "../../dist/src/engine/engine-thread.js";
import { CONTROL, METER, type RunSpec } from "../../dist/src/engine/protocol.js";
import type { EngineToHost, HostToEngine } from "../../dist/src/engine/thread-protocol.js";
import { getQuickJSModule } from "../../dist/wasm/node.js";
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory, type RuntimeDriverFactory } from "../../dist/src/index.js";

/** A full collection of this thread's heap (the flag is set just long enough to get `gc`). */
export const gc: () => void = (() => {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === "function") return own;
  v8.setFlagsFromString("--expose-gc");
  try {
    return vm.runInNewContext("gc") as () => void;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
})();

/** The spec a NodeRuntime sends to its engine for `code`, taken from a real run. */
export async function specFor(code: string, memoryLimit: number): Promise<RunSpec> {
  const base = createNodeRuntimeDriverFactory();
  let seen: RunSpec | null = null;
  const recording: RuntimeDriverFactory = {
    createRuntimeDriver() {
      const driver = base.createRuntimeDriver();
      return {
        ...driver,
        start(spec, host) {
          seen = spec;
          return driver.start(spec, host);
        },
        dispose: () => driver.dispose(),
      };
    },
  };
  const runtime = new NodeRuntime({ systemDriver: createNodeDriver(), runtimeDriverFactory: recording, memoryLimit });
  try {
    await runtime.exec(code);
  } finally {
    runtime.dispose();
  }
  if (!seen) throw new Error("the runtime never started the program");
  return seen;
}

/** What the test gives the engine thread besides the defaults. */
export interface PortOptions {
  /** Whether control and meter count as shared with the host (default true). */
  shared?: boolean;
  /** Sees every message the engine posts, after it is recorded; `serve` answers it. */
  onSend?(message: EngineToHost, serve: (message: HostToEngine) => void): void;
  /** The engine's collection request (absent: the engine has none). */
  collectGarbage?(): void;
}

/** An engine thread served in this thread: its handler and what it posted. */
export interface ServedEngine {
  serve(message: HostToEngine): void;
  readonly messages: EngineToHost[];
  /** Settles with the run's "done" or "failed" message. */
  ended(runId: number): Promise<Extract<EngineToHost, { type: "done" | "failed" }>>;
}

/** Serves an engine thread here; synchronous ops are refused (there is no host). */
export async function serveHere(memoryLimitMb: number, options: PortOptions = {}): Promise<ServedEngine> {
  const wasmModule = await getQuickJSModule();
  const messages: EngineToHost[] = [];
  const waiting = new Map<number, (message: Extract<EngineToHost, { type: "done" | "failed" }>) => void>();
  let serve: (message: HostToEngine) => void = () => {};
  const port: EngineThreadPort = {
    control: new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * 4)),
    meter: new Float64Array(new SharedArrayBuffer(METER.LENGTH * 8)),
    shared: options.shared ?? true,
    send(message) {
      messages.push(message);
      options.onSend?.(message, serve);
      if (message.type === "done" || message.type === "failed") waiting.get(message.runId)?.(message);
    },
    callSync: (_runId, op) => ({ ok: false, error: { name: "Error", message: `no host here for ${op}` } }),
    collectGarbage: options.collectGarbage,
  };
  serve = serveEngineThread(port, wasmModule, memoryLimitMb);
  return {
    serve,
    messages,
    ended: (runId) => new Promise((resolve) => waiting.set(runId, resolve)),
  };
}
