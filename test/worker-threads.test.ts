/**
 * node:worker_threads workers are nested sandboxes: each runs on its own
 * engine thread under the parent's limits and permissions, and ends with its
 * parent. (What Node prints for workers is checked by the differential case
 * worker-threads.js.)
 */
import { afterAll, describe, expect, it } from "vitest";
import { allowAll, createInMemoryFileSystem } from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** A parent program that starts `code` as an eval worker and prints its events. */
function parentOf(code: string): string {
  return `
    const { Worker } = require("worker_threads");
    const w = new Worker(${JSON.stringify(code)}, { eval: true });
    w.on("message", (m) => console.log("message", JSON.stringify(m)));
    w.on("error", (e) => console.log("error", e.code, e.message));
    w.on("exit", (code) => console.log("exit", code));
  `;
}

describe("worker_threads workers under the parent's limits", () => {
  const h = harness({ cpuTimeLimitMs: 500, memoryLimit: 48 }, { permissions: allowAll });
  afterAll(() => h.runtime.dispose());

  it("a worker in an endless loop is ended by the CPU limit; the parent goes on", async () => {
    const before = h.stdout().length;
    const result = await h.runtime.exec(parentOf("while (true) {}"));
    expect(result.code).toBe(0);
    expect(h.stdout().slice(before)).toBe("error ERR_QUICKEXEC_WORKER_LIMIT CPU time limit exceeded\nexit 124\n");
  });

  it("a worker that allocates without end hits the memory limit", async () => {
    const before = h.stdout().length;
    const result = await h.runtime.exec(parentOf("const a = []; for (;;) a.push(new Uint8Array(1 << 20));"));
    expect(result.code).toBe(0);
    expect(h.stdout().slice(before)).toMatch(/^error ERR_WORKER_OUT_OF_MEMORY Memory limit of 48 MB exceeded\nexit 137\n$/);
  });

  // In flight at most: the memory limit queued before the worker opened its port, and the memory limit after.
  it("messages a busy worker does not take stop at its memory limit", async () => {
    const result = await h.runtime.exec(`
      const { Worker } = require("worker_threads");
      const w = new Worker("require('worker_threads'); while (true) {}", { eval: true });
      const big = "x".repeat(1 << 20);
      let sent = 0;
      try { for (;;) { w.postMessage(big); sent++; } } catch (e) { console.log(e.code, sent >= 48 && sent <= 96) }
      w.terminate().then((code) => console.log("terminated", code));
    `, { cpuTimeLimitMs: 5000 });
    expect(result.code).toBe(0);
    expect(h.stdout()).toContain("ERR_QUICKEXEC_WORKER_BACKLOG true\nterminated 1\n");
  });

  it("a worker cannot start workers of its own", async () => {
    const before = h.stdout().length;
    await h.runtime.exec(
      parentOf(`const wt = require("worker_threads"); try { new wt.Worker("1", { eval: true }) } catch (e) { wt.parentPort.postMessage([e.code, e.message]) }`),
    );
    expect(h.stdout().slice(before)).toBe(
      'message ["ERR_QUICKEXEC_NO_NESTED_WORKERS","new Worker() cannot run inside a worker: quickexec allows one level of workers, started by the main program"]\nexit 0\n',
    );
  });
});

describe("worker_threads workers under the parent's permissions", () => {
  it("a worker gets the parent's fs permission: denied paths stay denied", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/workspace/ok.txt", "fine");
    await fs.writeFile("/workspace/worker.js", `const { parentPort } = require("worker_threads"); const fs = require("fs");
      let secret; try { secret = fs.readFileSync("/secret.txt", "utf8") } catch (e) { secret = e.code }
      parentPort.postMessage([fs.readFileSync("/workspace/ok.txt", "utf8"), secret]);`);
    await fs.writeFile("/secret.txt", "TOP SECRET");
    await fs.writeFile("/secret-worker.js", "console.log('escaped')");
    const inWorkspace = (r: { path: string }) => (r.path === "/workspace" || r.path.startsWith("/workspace/") ? { allow: true } : { allow: false, reason: "outside the workspace" });
    const h = harness({}, { filesystem: fs, permissions: { fs: inWorkspace } });
    try {
      const result = await h.runtime.exec(`
        const { Worker } = require("worker_threads");
        try { new Worker("/secret-worker.js") } catch (e) { console.log("start", e.code) }
        new Worker("/workspace/worker.js").on("message", (m) => console.log(JSON.stringify(m)));
      `, { cwd: "/workspace" });
      expect(result.code).toBe(0);
      expect(h.stdout()).toBe('start EACCES\n["fine","EACCES"]\n');
    } finally {
      h.runtime.dispose();
    }
  });
});

describe("worker_threads workers end with their parent", () => {
  const h = harness({ timingMitigation: "off" }, { permissions: allowAll });
  afterAll(() => h.runtime.dispose());
  const ticking = `setInterval(() => console.log("tick"), 5);`;
  const ticks = () => h.stdout().split("\n").filter((line) => line === "tick").length;

  it("an unref'd worker is ended when the parent's program ends", async () => {
    const result = await h.runtime.exec(`
      const { Worker } = require("worker_threads");
      const w = new Worker(${JSON.stringify(ticking)}, { eval: true });
      w.unref();
      setTimeout(() => console.log("parent done"), 100);
    `);
    expect(result.code).toBe(0);
    expect(h.stdout()).toContain("parent done");
    const atEnd = ticks();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ticks()).toBeLessThanOrEqual(atEnd + 1);
  });

  it("process.exit in the parent ends a ref'd worker", async () => {
    const result = await h.runtime.exec(`
      const { Worker } = require("worker_threads");
      new Worker(${JSON.stringify(ticking)}, { eval: true });
      setTimeout(() => process.exit(3), 100);
    `);
    expect(result.code).toBe(3);
    const atEnd = ticks();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ticks()).toBeLessThanOrEqual(atEnd + 1);
  });

  it("a ref'd worker keeps the parent alive until it exits", async () => {
    const before = h.stdout().length;
    const result = await h.runtime.exec(`
      const { Worker } = require("worker_threads");
      const w = new Worker("setTimeout(() => process.exit(5), 150)", { eval: true });
      w.on("exit", (code) => console.log("worker exit", code));
    `);
    expect(result.code).toBe(0);
    expect(h.stdout().slice(before)).toBe("worker exit 5\n");
  });
});
