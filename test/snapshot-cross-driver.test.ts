// Snapshots are portable between drivers: a module snapshotted under the
// Node driver restores in headless Chromium under the browser driver (on a
// cross-origin-isolated page and on one that is not), goes on from its
// state there, is snapshotted again in the page, and that snapshot restores
// back under Node. The shared suite (test/shared/cases.ts) covers snapshots
// within each driver.
import { describe, expect, it } from "vitest";
import * as quickexec from "../dist/src/index.js";
import { useSharedPage } from "./browser/shared-page.js";

const openSharedPage = useSharedPage();

const PLUGIN = `
  let calls = 0;
  const byKey = new Map();
  class Entry { constructor(v) { this.v = v; } doubled() { return this.v * 2; } }
  module.exports = {
    version: 3,
    put(key, v) { calls++; byKey.set(key, new Entry(v)); return byKey.size; },
    get(key) { calls++; return byKey.get(key).doubled(); },
    calls: () => calls,
  };`;

function nodeRuntime() {
  return new quickexec.NodeRuntime({
    systemDriver: quickexec.createNodeDriver({ filesystem: quickexec.createInMemoryFileSystem() }),
    runtimeDriverFactory: quickexec.createNodeRuntimeDriverFactory(),
  });
}

for (const isolated of [true, false]) {
  describe(`snapshots across drivers: Node and Chromium (${isolated ? "cross-origin-isolated page" : "page not isolated"})`, () => {
    it("a snapshot taken under Node restores in the browser, and the browser's snapshot restores under Node", async () => {
      const { opened } = await openSharedPage(isolated);

      const rt = nodeRuntime();
      try {
        const m = await rt.load(PLUGIN);
        await m.call("put", ["a", 20]);
        await m.call("put", ["b", 1]);
        const fromNode = await m.snapshot();

        // As text, so the test's transform leaves the page's dynamic import alone.
        const inPage = (await opened.page.evaluate(`(async (bytes) => {
          const q = await import("/dist/browser/quickexec.js");
          const runtime = new q.NodeRuntime({ systemDriver: q.createBrowserDriver({ filesystem: "memory" }), runtimeDriverFactory: q.createBrowserRuntimeDriverFactory() });
          try {
            const restored = await runtime.restore(new Uint8Array(bytes));
            const got = await restored.call("get", ["a"]);
            await restored.call("put", ["c", 50]);
            const calls = await restored.call("calls");
            const again = await restored.snapshot();
            return { exports: restored.exports, got: got.value, calls: calls.value, bytes: Array.from(again) };
          } finally {
            runtime.dispose();
          }
        })(${JSON.stringify(Array.from(fromNode))})`)) as { exports: unknown; got: unknown; calls: unknown; bytes: number[] };
        expect({ exports: inPage.exports, got: inPage.got, calls: inPage.calls }).toEqual({ exports: { version: 3 }, got: 40, calls: 4 });

        const back = await rt.restore(new Uint8Array(inPage.bytes));
        expect((await back.call("get", ["c"])).value).toBe(100);
        expect((await back.call("calls")).value).toBe(5);
        // The original module under Node never saw the browser's calls.
        expect((await m.call("calls")).value).toBe(2);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${opened.describeProblems()}`);
      } finally {
        rt.dispose();
        await opened.page.close();
      }
    }, 120_000);
  });
}
