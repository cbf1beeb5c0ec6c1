/**
 * What the differential suite cannot show: node:async_hooks' AsyncLocalStorage
 * carried through host callbacks (child process events, fetch), the
 * perf_hooks clock under the frozen clock, and the stack-trace API seeing only
 * the guest's own frames.
 */
import { describe, expect, it } from "vitest";
import { allowAll, type CommandExecutor, type NetworkAdapter } from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** A command executor that prints one line and exits 0 a few milliseconds later. */
const echoExecutor: CommandExecutor = {
  spawn(_command, _args, options) {
    let resolveExit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    setTimeout(() => {
      options.onStdout?.(new TextEncoder().encode("hello\n"));
      setTimeout(() => resolveExit(0), 5);
    }, 5);
    return { writeStdin: () => {}, closeStdin: () => {}, kill: () => resolveExit(143), wait: () => exited };
  },
};

/** A network adapter answering every fetch with "ok", without touching the network. */
const fakeNetwork: NetworkAdapter = {
  fetch: async (request) => ({ status: 200, statusText: "OK", headers: [["content-type", "text/plain"]], url: request.url, redirected: false, body: new TextEncoder().encode("ok") }),
  dnsLookup: async () => [{ address: "127.0.0.1", family: 4 }],
  httpRequest: async (request) => ({ status: 200, statusText: "OK", headers: [], url: request.url, redirected: false, body: new Uint8Array() }),
};

describe("AsyncLocalStorage through host callbacks", () => {
  it("keeps the store for child process events and fetch continuations", async () => {
    const h = harness({ cpuTimeLimitMs: 5000 }, { commandExecutor: echoExecutor, networkAdapter: fakeNetwork, permissions: allowAll });
    try {
      const r = await h.runtime.run(`
        const { AsyncLocalStorage } = require("async_hooks");
        const cp = require("child_process");
        const als = new AsyncLocalStorage();
        const out = { seen: [] };
        module.exports = out;
        als.run("spawned", () => {
          const child = cp.spawn("echo", ["hi"]);
          child.stdout.on("data", () => out.seen.push("data " + als.getStore()));
          child.on("exit", () => out.seen.push("exit " + als.getStore()));
        });
        als.run("fetched", () => {
          fetch("http://127.0.0.1/x").then((res) => res.text()).then((text) => out.seen.push(text + " " + als.getStore()));
        });
        out.outside = String(als.getStore());`);
      expect(r.errorMessage, h.stderr()).toBeUndefined();
      const e = r.exports as { seen: string[]; outside: string };
      expect(e.outside).toBe("undefined");
      expect([...e.seen].sort()).toEqual(["data spawned", "exit spawned", "ok fetched"]);
    } finally {
      h.runtime.dispose();
    }
  });
});

describe("perf_hooks under the timing mitigation", () => {
  it("follows the frozen clock: now() stays 0 and every duration is 0", async () => {
    const h = harness({ timingMitigation: "freeze" });
    try {
      const r = await h.runtime.run(`
        const { performance: p, monitorEventLoopDelay } = require("perf_hooks");
        const t0 = performance.now();
        for (let i = 0; i < 1e5; i++);
        performance.mark("a");
        for (let i = 0; i < 1e5; i++);
        const m = performance.measure("m", "a");
        module.exports = { same: p === performance, t0, t1: performance.now(), mark: performance.getEntriesByName("a")[0].startTime,
          duration: m.duration, origin: performance.timeOrigin === Date.now(), eld: typeof monitorEventLoopDelay().enable };`);
      expect(r.errorMessage).toBeUndefined();
      expect(r.exports).toEqual({ same: true, t0: 0, t1: 0, mark: 0, duration: 0, origin: true, eld: "function" });
    } finally {
      h.runtime.dispose();
    }
  });

  it("runs with the real clock when the mitigation is off", async () => {
    const h = harness({ timingMitigation: "off" });
    try {
      const r = await h.runtime.run(`const t0 = performance.now(); const d0 = Date.now(); while (Date.now() - d0 < 5);
        module.exports = performance.now() > t0 && performance.measure("x").duration > 0;`);
      expect(r.exports).toBe(true);
    } finally {
      h.runtime.dispose();
    }
  });
});

describe("the stack-trace API", () => {
  it("re-capturing a host error's stack gives the guest's frames, and the hook never sees host ones", async () => {
    const h = harness({}, { permissions: allowAll });
    try {
      const r = await h.runtime.run(`
        let hooked = [];
        Error.prepareStackTrace = (e, sites) => { hooked = sites.map((s) => String(s.getFileName())); return "hooked" };
        let err; try { require("fs").readFileSync("/no/such/file") } catch (e) { err = e }
        const before = err.stack;
        Error.captureStackTrace(err);
        const after = err.stack;
        Error.prepareStackTrace = undefined;
        module.exports = { code: err.code, before: typeof before, after, hooked };`, "/root/host-error.js");
      expect(r.errorMessage).toBeUndefined();
      const e = r.exports as { code: string; before: string; after: string; hooked: string[] };
      expect(e.code).toBe("ENOENT");
      expect(e.after).toBe("hooked");
      expect(e.hooked.length).toBeGreaterThan(0);
      expect(e.hooked.every((f) => f === "/root/host-error.js" || /^node:[a-z_]/.test(f))).toBe(true);
    } finally {
      h.runtime.dispose();
    }
  });

  it("hands prepareStackTrace only the guest's own frames", async () => {
    const h = harness();
    try {
      const r = await h.runtime.run(`
        Error.prepareStackTrace = (e, sites) => sites.map((s) => String(s.getFileName()));
        function f() { const o = {}; Error.captureStackTrace(o); return o.stack; }
        const files = [f(), [1].map(() => f())[0]].flat();
        Error.prepareStackTrace = undefined;
        module.exports = files;`, "/root/main.js");
      expect(r.errorMessage).toBeUndefined();
      const files = r.exports as string[];
      expect(files.length).toBeGreaterThan(1);
      // Guest files and guest builtins only; the engine's own prelude frames are dropped.
      for (const file of files) expect(file === "/root/main.js" || file === "undefined" || /^node:[a-z_]/.test(file)).toBe(true);
      expect(files.some((f) => /node_modules|\/work\/|dist\/src|\.ts$|node:internal/.test(f))).toBe(false);
    } finally {
      h.runtime.dispose();
    }
  });
});
