// Snapshots under the Node driver, beyond the shared suite: what the engine
// re-binds on restore keeps working (the rejection tracker, the stack limit,
// timers and the guest's clock), a verified Snapshot restores many times, and
// its metadata says what it holds.
import { afterEach, describe, expect, it } from "vitest";
import * as quickexec from "../dist/src/index.js";

let runtime: quickexec.NodeRuntime | null = null;
afterEach(() => {
  runtime?.dispose();
  runtime = null;
});

function makeRuntime(options: Partial<quickexec.NodeRuntimeOptions> = {}) {
  runtime = new quickexec.NodeRuntime({
    systemDriver: quickexec.createNodeDriver({ filesystem: quickexec.createInMemoryFileSystem() }),
    runtimeDriverFactory: quickexec.createNodeRuntimeDriverFactory(),
    ...options,
  });
  return runtime;
}

describe("snapshots (Node driver)", () => {
  it("a restored module reports unhandled rejections, keeps its stack limit, runs timers and keeps its clock going", async () => {
    const rt = makeRuntime({ timingMitigation: "off" });
    const m = await rt.load(`
      const started = performance.now();
      module.exports = {
        lose() { Promise.reject(new Error("lost")); return 1; },
        deep() { const f = (n) => f(n + 1); try { f(0); } catch (e) { return e.name + ": " + e.message; } },
        later: () => new Promise((r) => setTimeout(() => r("timer ran"), 10)),
        elapsed: () => performance.now() - started,
      };`);
    await new Promise((r) => setTimeout(r, 50));
    const restored = await rt.restore(await m.snapshot());
    const lost = await restored.call("lose");
    expect([lost.code, lost.errorMessage?.split("\n")[0]]).toEqual([1, "Error: lost"]);
    expect((await restored.call("deep")).value).toBe("InternalError: stack overflow");
    expect((await restored.call("later")).value).toBe("timer ran");
    // The clock goes on from the snapshot's reading: never back to zero.
    expect((await restored.call("elapsed")).value).toBeGreaterThanOrEqual(50);
  });

  it("a restored module keeps its time zone (the guest's TZ when captured), whatever the restoring runtime's", async () => {
    const rt = makeRuntime({
      systemDriver: quickexec.createNodeDriver({ filesystem: quickexec.createInMemoryFileSystem(), processConfig: { env: { TZ: "America/New_York" } }, permissions: quickexec.allowAllEnv }),
    });
    const m = await rt.load(`module.exports = { hour: () => new Date(0).getHours(), tz: () => process.env.TZ };`);
    expect((await m.call("hour")).value).toBe(19);
    const bytes = await m.snapshot();
    runtime = null;
    rt.dispose();
    // A runtime whose guests are in UTC restores it: the module's own process.env still says New York, and so does its clock.
    const other = makeRuntime();
    const restored = await other.restore(bytes);
    expect((await restored.call("tz")).value).toBe("America/New_York");
    expect((await restored.call("hour")).value).toBe(19);
    expect((await other.run(`module.exports = new Date(0).getHours()`)).exports).toBe(0);
  });

  it("readSnapshot verifies once; its Snapshot restores many independent modules and tells what it holds", async () => {
    const rt = makeRuntime();
    const m = await rt.load(`let n = 0; module.exports = { inc: () => ++n };`);
    await m.call("inc");
    const bytes = await m.snapshot();
    const snap = await quickexec.readSnapshot(bytes);
    expect(snap.quickexecVersion).toBe("0.1.0");
    expect(snap.byteLength).toBe(bytes.length);
    expect(snap.memoryBytes % 65536).toBe(0);
    expect(snap.wasmBuild).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.isFrozen(snap)).toBe(true);
    const values: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const restored = await rt.restore(snap);
      values.push((await restored.call("inc")).value, (await restored.call("inc")).value);
      restored.dispose();
    }
    expect(values).toEqual([2, 3, 2, 3, 2, 3]);
    // Changing the caller's bytes later does not reach the verified copy.
    bytes.fill(0);
    const again = await rt.restore(snap);
    expect((await again.call("inc")).value).toBe(2);
  });

  it("restoring the same snapshot again (its thread restored it ahead while idle) or a newer one gives each its own state", async () => {
    const rt = makeRuntime();
    const m = await rt.load(`let n = 0; module.exports = { inc: () => ++n, lose() { Promise.reject(new Error("lost")); return n; } };`);
    await m.call("inc");
    const first = await quickexec.readSnapshot(await m.snapshot());
    await m.call("inc");
    await m.call("inc");
    const newer = await quickexec.readSnapshot(await m.snapshot());
    const seen: unknown[] = [];
    // Idle pauses between restores: the thread restores the last snapshot ahead meanwhile.
    for (const snap of [first, first, first, newer, newer, first]) {
      const restored = await rt.restore(snap);
      seen.push((await restored.call("inc")).value);
      const lost = await restored.call("lose");
      seen.push(lost.code, lost.errorMessage?.split("\n")[0]);
      restored.dispose();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(seen).toEqual([2, 1, "Error: lost", 2, 1, "Error: lost", 2, 1, "Error: lost", 4, 1, "Error: lost", 4, 1, "Error: lost", 2, 1, "Error: lost"]);
    // Raw bytes are verified again, and restore the same state.
    const again = await rt.restore(await m.snapshot());
    expect((await again.call("inc")).value).toBe(4);
  });

  it("a snapshot restored again into the instance of a module that grew its heap comes back as it was", async () => {
    const rt = makeRuntime();
    const m = await rt.load(`let big = null; module.exports = { grow() { big = Array.from({ length: 300000 }, (_, i) => ({ i })); return big.length; }, state: () => (big === null ? "empty" : big.length) };`);
    const snap = await quickexec.readSnapshot(await m.snapshot());
    m.dispose();
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const restored = await rt.restore(snap);
      seen.push((await restored.call("state")).value, (await restored.call("grow")).value, (await restored.call("state")).value);
      restored.dispose();
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(seen).toEqual(["empty", 300000, 300000, "empty", 300000, 300000, "empty", 300000, 300000]);
  });

  it("a dead module cannot be snapshotted, and says why", async () => {
    const rt = makeRuntime();
    const m = await rt.load(`module.exports = { spin() { for (;;); } }`);
    const spun = await m.call("spin", [], { cpuTimeLimitMs: 50 });
    expect(spun.code).toBe(124);
    await expect(m.snapshot()).rejects.toThrow(/This module can no longer be called: a limit ended it/);
  });
});
