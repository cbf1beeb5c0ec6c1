/**
 * The asynchronous half of the transport: ops that run on the host while the
 * guest goes on, and whose outcomes come back as events delivered by the
 * guest's event loop. Driven through `dns.lookup` and `fetch` with adapters
 * written here that answer when the test says so (nothing touches a network).
 */
import { describe, expect, it } from "vitest";
import { allowAllNetwork, type NetworkAdapter, type NetworkRequest } from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** An adapter whose lookups answer after the given delay (ms) per name; fetch waits for its signal. */
function slowAdapter(delays: Record<string, number>, log: string[] = []): NetworkAdapter & { fetched: NetworkRequest[] } {
  const fetched: NetworkRequest[] = [];
  return {
    fetched,
    async dnsLookup(hostname) {
      log.push(`lookup ${hostname}`);
      const delay = delays[hostname];
      if (delay === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
      await new Promise((r) => setTimeout(r, delay));
      return [{ address: `10.0.0.${delay % 250}`, family: 4 }];
    },
    fetch(request) {
      fetched.push(request);
      // Never answers: only the run's end (or the guest) can abort it.
      return new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(new Error("aborted"))));
    },
    async httpRequest() {
      throw new Error("not used here");
    },
  };
}

describe("async ops", () => {
  it("a pending op keeps the program alive, and outcomes arrive in the order the host settles them", async () => {
    const h = harness({ timingMitigation: "off" }, { networkAdapter: slowAdapter({ slow: 120, fast: 10, mid: 60 }), permissions: allowAllNetwork });
    try {
      const result = await h.runtime.run(`
        const dns = require("dns");
        const order = [];
        for (const name of ["slow", "fast", "mid"]) {
          dns.lookup(name, (err, address) => {
            order.push(name + " " + address);
            // Microtasks queued by a callback run before the next event is delivered.
            Promise.resolve().then(() => order.push("tick after " + name));
          });
        }
        order.push("sync end");
        module.exports = order;
      `);
      expect(result.code, result.errorMessage).toBe(0);
      expect(result.exports).toEqual([
        "sync end",
        "fast 10.0.0.10", "tick after fast",
        "mid 10.0.0.60", "tick after mid",
        "slow 10.0.0.120", "tick after slow",
      ]);
      // Waiting is not guest execution: the CPU meter counts only the guest's own work.
      expect(result.stats.wallTimeMs).toBeGreaterThanOrEqual(120);
      expect(result.stats.cpuTimeMs).toBeLessThan(result.stats.wallTimeMs);
    } finally {
      h.runtime.dispose();
    }
  });

  it("a failed op rejects with a Node-style error; an error thrown in its callback is uncaught unless a listener takes it", async () => {
    const h = harness({}, { networkAdapter: slowAdapter({ known: 1 }), permissions: allowAllNetwork });
    try {
      const result = await h.runtime.run(`
        const dns = require("dns");
        const out = {};
        process.on("uncaughtException", (e) => { out.caught = e.message; });
        dns.promises.lookup("unknown.test").catch((e) => { out.code = e.code; out.syscall = e.syscall; out.hostname = e.hostname; });
        dns.lookup("known", () => { throw new Error("thrown in a callback"); });
        setTimeout(() => { out.later = "the loop went on"; }, 20);
        module.exports = out;
      `);
      expect(result.code, result.errorMessage).toBe(0);
      expect(result.exports).toEqual({ code: "ENOTFOUND", syscall: "getaddrinfo", hostname: "unknown.test", caught: "thrown in a callback", later: "the loop went on" });

      const fatal = await h.runtime.exec(`require("dns").lookup("known", () => { throw new Error("boom in callback"); });`);
      expect(fatal.code).toBe(1);
      expect(fatal.errorMessage).toContain("boom in callback");
    } finally {
      h.runtime.dispose();
    }
  });

  it("terminate() ends a run waiting on an op that never settles, and the run's end aborts the host request", async () => {
    const adapter = slowAdapter({});
    const h = harness({}, { networkAdapter: adapter, permissions: allowAllNetwork });
    try {
      const run = h.runtime.exec(`fetch("http://example.test/never").then(() => console.log("answered"));`);
      const start = Date.now();
      while (adapter.fetched.length === 0 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 5));
      expect(adapter.fetched).toHaveLength(1);
      expect(adapter.fetched[0]!.signal.aborted).toBe(false);
      h.runtime.terminate();
      const result = await run;
      expect(result.code).toBe(143);
      expect(adapter.fetched[0]!.signal.aborted).toBe(true);
      expect(h.stdout()).toBe("");
    } finally {
      h.runtime.dispose();
    }
  });

  it("process.exit() in an op's callback ends the run at once, with later outcomes dropped", async () => {
    const adapter = slowAdapter({ first: 5, second: 80 });
    const h = harness({}, { networkAdapter: adapter, permissions: allowAllNetwork });
    try {
      const result = await h.runtime.exec(`
        const dns = require("dns");
        dns.lookup("second", () => console.log("second answered"));
        dns.lookup("first", () => { console.log("first answered"); process.exit(7); });
      `);
      expect(result.code).toBe(7);
      expect(h.stdout()).toBe("first answered\n");
      // The late outcome of "second" reaches nothing; the next run on the same threads is clean.
      await new Promise((r) => setTimeout(r, 100));
      const next = await h.runtime.run(`module.exports = 1 + 1;`);
      expect(next.exports).toBe(2);
    } finally {
      h.runtime.dispose();
    }
  });

  it("many concurrent ops all settle (no lost or duplicated outcomes)", async () => {
    const delays: Record<string, number> = {};
    for (let i = 0; i < 200; i++) delays[`n${i}`] = 1 + (i % 7);
    const h = harness({}, { networkAdapter: slowAdapter(delays), permissions: allowAllNetwork });
    try {
      const result = await h.runtime.run(`
        const { lookup } = require("dns").promises;
        const names = Array.from({ length: 200 }, (_, i) => "n" + i);
        const settled = [];
        for (const n of names) lookup(n).then((r) => settled.push(n + "=" + r.address));
        module.exports = settled;
      `);
      expect(result.code, result.errorMessage).toBe(0);
      const settled = result.exports as string[];
      expect(settled).toHaveLength(200);
      expect(new Set(settled).size).toBe(200);
      expect([...settled].sort()).toEqual(Object.keys(delays).map((n) => `${n}=10.0.0.${delays[n]}`).sort());
    } finally {
      h.runtime.dispose();
    }
  });
});
