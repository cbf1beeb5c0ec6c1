// A finished sandbox's linear memory must be collectable when the engine
// thread asks for a collection after a big run: otherwise a guest that grew
// its heap to the limit keeps that memory resident on the host until the
// thread's collector happens to run (the soak saw +27 MB for a second or more).
import { afterEach, describe, expect, it } from "vitest";
import { gc, serveHere, specFor } from "./engine-harness.js";

const RealMemory = WebAssembly.Memory;
afterEach(() => {
  WebAssembly.Memory = RealMemory;
});

describe("memory of finished sandboxes", () => {
  it("a sandbox that grew to the memory limit is unreachable when the engine thread collects after it", async () => {
    const spec = await specFor(`const a = []; for (;;) a.push("x".repeat(1 << 16) + a.length);`, 32);

    // Every memory the engine makes from here on, weakly.
    const made: WeakRef<WebAssembly.Memory>[] = [];
    WebAssembly.Memory = new Proxy(RealMemory, {
      construct(target, args) {
        const memory = Reflect.construct(target, args) as WebAssembly.Memory;
        made.push(new WeakRef(memory));
        return memory;
      },
    });

    /** Per collection: the byte sizes of the memories still reachable right after it. */
    const liveAfterCollections: number[][] = [];
    let finished: () => void = () => {};
    const collected = new Promise<void>((resolve) => (finished = resolve));
    const engine = await serveHere(spec.memoryLimitMb, {
      collectGarbage() {
        gc();
        liveAfterCollections.push(made.map((ref) => ref.deref()?.buffer.byteLength ?? 0).filter((bytes) => bytes > 0));
        finished();
      },
    });
    const ended = engine.ended(1);
    engine.serve({ type: "run", runId: 1, spec });
    const end = await ended;
    await collected;

    expect(end.type === "done" ? end.result.code : end).toBe(137);
    // The run's memory grew past its 16 MiB start; after the collection only
    // the sandbox prepared for the next run (still at its start size) remains.
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(liveAfterCollections).toHaveLength(1);
    expect(liveAfterCollections[0]!.filter((bytes) => bytes > 16 * 1048576)).toEqual([]);
    expect(liveAfterCollections[0]!.length).toBeLessThanOrEqual(2);
  });
});
