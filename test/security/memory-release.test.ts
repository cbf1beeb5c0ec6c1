// The memory of finished sandboxes goes back to the system, on a schedule the
// engine controls rather than whenever the thread's own collector happens to
// run: a sandbox's linear memory is only freed by a collection, and an engine
// thread allocates so little JavaScript that its collector may not run for
// hundreds of runs (the soak saw +27 MB held for seconds).
//
// - A run whose memory grew past COLLECT_AFTER_BYTES is collected at once.
// - Anything less is collected once the thread has been idle IDLE_COLLECT_MS
//   (while runs keep coming, the thread's own collector frees them).
// - When the collection runs, nothing the engine holds still reaches a
//   finished sandbox's memory.
// - A sandbox whose instance is recycled for the next run (its memory did not
//   grow) leaves nothing to collect and makes no new memory.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IDLE_COLLECT_MS } from "../../dist/src/engine/engine-thread.js";
import type { RunSpec } from "../../dist/src/engine/protocol.js";
import { gc, serveHere, specFor } from "./engine-harness.js";

const MiB = 1048576;
const RealMemory = WebAssembly.Memory;
/** Every memory the engine makes during a case, weakly. */
let made: WeakRef<WebAssembly.Memory>[] = [];

beforeEach(() => {
  made = [];
  WebAssembly.Memory = new Proxy(RealMemory, {
    construct(target, args) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      made.push(new WeakRef(memory));
      return memory;
    },
  });
});
afterEach(() => {
  WebAssembly.Memory = RealMemory;
});

/** Sizes of the memories still reachable (call right after a collection). */
const liveSizes = () => made.map((ref) => ref.deref()?.buffer.byteLength ?? 0).filter((bytes) => bytes > 0);

/**
 * An engine served here whose collections are recorded: after each, which
 * memories are still reachable, and how many collections had happened when
 * each run's "done" was followed by a microtask (that is, by the end of the
 * engine's synchronous work after the run).
 */
async function recordingEngine(memoryLimitMb: number) {
  const collections: number[][] = [];
  const collectedAtDone = new Map<number, number>();
  let onCollect: () => void = () => {};
  const engine = await serveHere(memoryLimitMb, {
    onSend(message) {
      if (message.type === "done") queueMicrotask(() => collectedAtDone.set(message.runId, collections.length));
    },
    collectGarbage() {
      gc();
      collections.push(liveSizes());
      onCollect();
    },
  });
  return {
    collections,
    collectedAtDone,
    nextCollection: () => new Promise<void>((resolve) => (onCollect = resolve)),
    async run(runId: number, spec: RunSpec) {
      // Each run in a task of its own, as from a real host: a WeakRef keeps its target alive until the end of
      // the task it was made in, so runs chained in one task's microtasks would keep each other's memories.
      await new Promise((resolve) => setImmediate(resolve));
      const ended = engine.ended(runId);
      engine.serve({ type: "run", runId, spec });
      const end = await ended;
      if (end.type !== "done") throw new Error(`run ${runId} failed: ${end.message}`);
      // Let the microtask queued at "done" record what the engine did after the run.
      await Promise.resolve();
      return end.result;
    },
  };
}

describe("memory of finished sandboxes", () => {
  it("a small run's instance is recycled for the next run: no new memory, nothing left to collect", async () => {
    const spec = await specFor(`module.exports = 1 + 1;`, 16);
    const engine = await recordingEngine(spec.memoryLimitMb);
    // The first run starts the probe of the module's layout (a throwaway instance) and drops its sandbox.
    expect((await engine.run(1, spec)).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, IDLE_COLLECT_MS * 2));
    expect(engine.collections).toHaveLength(1);
    const madeBefore = made.length;
    for (const runId of [2, 3, 4, 5, 6]) expect((await engine.run(runId, spec)).code).toBe(0);
    // Runs 2 to 6 made no memory (run 2's sandbox was prepared before): each finished instance became the next sandbox.
    expect(made.length).toBe(madeBefore);
    await new Promise((resolve) => setTimeout(resolve, IDLE_COLLECT_MS * 2));
    expect(engine.collections).toHaveLength(1);
  });

  it("a sandbox that grew to the memory limit is collected at once, and is unreachable when that happens", async () => {
    const spec = await specFor(`const a = []; for (;;) a.push("x".repeat(1 << 16) + a.length);`, 32);
    const engine = await recordingEngine(spec.memoryLimitMb);
    const result = await engine.run(1, spec);

    expect(result.code).toBe(137);
    expect(engine.collectedAtDone.get(1)).toBe(1);
    // After the collection only the sandbox prepared for the next run (at its 16 MiB start) remains.
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(engine.collections[0]!.filter((bytes) => bytes > 16 * MiB)).toEqual([]);
    expect(engine.collections[0]!.length).toBeLessThanOrEqual(1);
  });

  // A sandbox that grew (a little) is not recycled: dropped, it waits for the idle collection.
  const GROWN = `globalThis.keep = new Uint8Array(12 << 20).fill(1); module.exports = 1 + 1;`;

  it("a dropped sandbox below the size limit is collected once the thread has been idle for a while", async () => {
    const spec = await specFor(GROWN, 24);
    const engine = await recordingEngine(spec.memoryLimitMb);
    const collected = engine.nextCollection();
    const doneAt = performance.now();
    expect((await engine.run(1, spec)).code).toBe(0);
    expect(engine.collectedAtDone.get(1)).toBe(0);

    await collected;
    expect(performance.now() - doneAt).toBeGreaterThanOrEqual(IDLE_COLLECT_MS - 5);
    expect(engine.collections).toHaveLength(1);
    expect(engine.collections[0]).toHaveLength(1);
  });

  it("a new run postpones the idle collection until the thread is idle again", async () => {
    const spec = await specFor(GROWN, 24);
    const engine = await recordingEngine(spec.memoryLimitMb);
    const collected = engine.nextCollection();
    for (const runId of [1, 2, 3, 4, 5]) expect((await engine.run(runId, spec)).code).toBe(0);
    expect(engine.collections).toHaveLength(0);

    await collected;
    expect(engine.collections).toHaveLength(1);
    // All five finished sandboxes went in the one collection.
    expect(engine.collections[0]).toHaveLength(1);
  });
});
