/**
 * The virtual clock beside host work, and the options of reproducible runs
 * (the shared driver cases in test/shared/reproducible-cases.ts cover the
 * clock and the seed under both drivers). While an async op is pending the
 * loop really waits for the host, at most until the next timer's delay has
 * passed in real time; then the clock jumps to that timer.
 */
import { describe, expect, it } from "vitest";
import { NodeRuntime, allowAllNetwork, createNodeDriver, createNodeRuntimeDriverFactory, type NetworkAdapter } from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** An adapter whose lookups answer after the given real delay (ms) per name; unknown names never answer. */
function lookupsAfter(delays: Record<string, number>): NetworkAdapter {
  return {
    async dnsLookup(hostname) {
      const delay = delays[hostname];
      if (delay === undefined) return new Promise(() => {});
      await new Promise((r) => setTimeout(r, delay));
      return [{ address: "10.0.0.1", family: 4 }];
    },
    fetch: () => Promise.reject(new Error("not used here")),
    httpRequest: () => Promise.reject(new Error("not used here")),
  };
}

describe("the virtual clock and host work", () => {
  it("a pending op is really waited for: it answers before a long timer, which then fires at its virtual deadline", async () => {
    const h = harness({}, { networkAdapter: lookupsAfter({ host: 150 }), permissions: allowAllNetwork });
    try {
      const started = performance.now();
      const r = await h.runtime.run(`
        const t0 = Date.now(), log = [];
        require("dns").lookup("host", () => log.push(["lookup", Date.now() - t0]));
        setTimeout(() => log.push(["timer", Date.now() - t0]), 60_000);
        module.exports = log;`);
      const wall = performance.now() - started;
      expect(r.code, r.errorMessage).toBe(0);
      const [lookup, timer] = r.exports as [string, number][];
      // The host took 150 real ms; the guest's clock did not see them (it moved only with the guest's work).
      expect(lookup![0]).toBe("lookup");
      expect(lookup![1]).toBeLessThan(5);
      expect(timer![0]).toBe("timer");
      expect(timer![1]).toBeGreaterThanOrEqual(60_000);
      expect(timer![1]).toBeLessThan(60_005);
      expect(wall).toBeGreaterThanOrEqual(140);
      expect(wall).toBeLessThan(30_000);
    } finally {
      h.runtime.dispose();
    }
  });

  it("a timeout around an op that never answers fires after its delay in real time, not at once", async () => {
    const h = harness({}, { networkAdapter: lookupsAfter({}), permissions: allowAllNetwork });
    try {
      const started = performance.now();
      const r = await h.runtime.exec(`
        const t0 = Date.now();
        require("dns").lookup("never", () => console.log("answered"));
        setTimeout(() => { console.log("timed out at", Date.now() - t0); process.exit(0); }, 200);`);
      expect(r.code, r.errorMessage).toBe(0);
      expect(h.stdout()).toMatch(/^timed out at 20\d\n$/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      h.runtime.dispose();
    }
  });

  it("an endless interval no longer sleeps: the CPU limit ends it", async () => {
    const h = harness({ cpuTimeLimitMs: 300 });
    try {
      const r = await h.runtime.exec(`let n = 0; setInterval(() => { n++ }, 1000)`);
      expect(r.code).toBe(124);
    } finally {
      h.runtime.dispose();
    }
  });
});

describe("options of reproducible runs", () => {
  const make = (options: Record<string, unknown>) => () =>
    new NodeRuntime({ systemDriver: createNodeDriver(), runtimeDriverFactory: createNodeRuntimeDriverFactory(), ...options });

  it("refuse bad values with an error naming the option", () => {
    expect(make({ timingMitigation: "virtul" })).toThrow(/timingMitigation must be "virtual", "freeze" or "off", got the string "virtul"/);
    expect(make({ randomSeed: 1.5 })).toThrow(RangeError);
    expect(make({ randomSeed: 2 ** 60 })).toThrow(/randomSeed must be a safe integer or a string/);
    expect(make({ randomSeed: {} })).toThrow(TypeError);
    expect(make({ randomSeed: "x".repeat(4097) })).toThrow(/at most 4096 characters/);
    expect(make({ virtualClockStart: "2025-01-01" })).toThrow(/virtualClockStart must be a number of milliseconds since the epoch or a Date/);
    expect(make({ virtualClockStart: new Date(NaN) })).toThrow(/virtualClockStart must be a valid date/);
    expect(make({ virtualClockStart: 1.5 })).toThrow(RangeError);
    expect(make({ timingMitigation: "freeze", virtualClockStart: 0 })).toThrow(/applies to timingMitigation "virtual" only/);
  });

  it("exec checks its own randomSeed and virtualClockStart", async () => {
    const h = harness();
    try {
      await expect(h.runtime.exec("1", { randomSeed: NaN } as never)).rejects.toThrow(/randomSeed/);
      await expect(h.runtime.exec("1", { virtualClockStart: "soon" } as never)).rejects.toThrow(/virtualClockStart/);
      expect((await h.runtime.exec("1", { randomSeed: "ok", virtualClockStart: 0 })).code).toBe(0);
    } finally {
      h.runtime.dispose();
    }
  });
});
