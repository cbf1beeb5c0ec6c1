// A finished sandbox's linear memory must be collectable when the engine
// thread asks for a collection after a big run: otherwise a guest that grew
// its heap to the limit keeps that memory resident on the host until the
// thread's collector happens to run (the soak saw +27 MB for a second or more).
//
// Drives `serveEngineThread` in this thread with a recording port, so the
// test can see which wasm memories are still reachable at the moment the
// engine calls `collectGarbage`.
import v8 from "node:v8";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { serveEngineThread, type EngineThreadPort } from "../../dist/src/engine/engine-thread.js";
import { CONTROL, METER, type RunSpec } from "../../dist/src/engine/protocol.js";
import type { EngineToHost } from "../../dist/src/engine/thread-protocol.js";
import { getQuickJSModule } from "../../dist/wasm/node.js";
import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory, type RuntimeDriverFactory } from "../../dist/src/index.js";

/** A full collection of this thread's heap (the flag is set just long enough to get `gc`). */
const gc: () => void = (() => {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === "function") return own;
  v8.setFlagsFromString("--expose-gc");
  try {
    return vm.runInNewContext("gc") as () => void;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
})();

/** The spec the runtime sends to its engine for `code`, taken from a real run. */
async function specFor(code: string, memoryLimit: number): Promise<RunSpec> {
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

const RealMemory = WebAssembly.Memory;
afterEach(() => {
  WebAssembly.Memory = RealMemory;
});

describe("memory of finished sandboxes", () => {
  it("a sandbox that grew to the memory limit is unreachable when the engine thread collects after it", async () => {
    const spec = await specFor(`const a = []; for (;;) a.push("x".repeat(1 << 16) + a.length);`, 32);
    const wasmModule = await getQuickJSModule();

    // Every memory the engine makes from here on, weakly.
    const made: WeakRef<WebAssembly.Memory>[] = [];
    WebAssembly.Memory = new Proxy(RealMemory, {
      construct(target, args) {
        const memory = Reflect.construct(target, args) as WebAssembly.Memory;
        made.push(new WeakRef(memory));
        return memory;
      },
    });

    const messages: EngineToHost[] = [];
    /** Per collection: the byte sizes of the memories still reachable right after it. */
    const liveAfterCollections: number[][] = [];
    let finished: () => void = () => {};
    const collected = new Promise<void>((resolve) => (finished = resolve));
    const port: EngineThreadPort = {
      control: new Int32Array(new SharedArrayBuffer(CONTROL.LENGTH * 4)),
      meter: new Float64Array(new SharedArrayBuffer(METER.LENGTH * 8)),
      shared: true,
      send: (message) => void messages.push(message),
      callSync: (_runId, op) => ({ ok: false, error: { name: "Error", message: `no host here for ${op}` } }),
      collectGarbage() {
        gc();
        liveAfterCollections.push(made.map((ref) => ref.deref()?.buffer.byteLength ?? 0).filter((bytes) => bytes > 0));
        finished();
      },
    };
    const serve = serveEngineThread(port, wasmModule, spec.memoryLimitMb);
    serve({ type: "run", runId: 1, spec });
    await collected;

    const done = messages.find((m) => m.type === "done" || m.type === "failed");
    expect(done?.type === "done" ? done.result.code : done).toBe(137);
    // The run's memory grew past its 16 MiB start; after the collection only
    // the sandbox prepared for the next run (still at its start size) remains.
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(liveAfterCollections).toHaveLength(1);
    expect(liveAfterCollections[0]!.filter((bytes) => bytes > 16 * 1048576)).toEqual([]);
    expect(liveAfterCollections[0]!.length).toBeLessThanOrEqual(2);
  });
});
