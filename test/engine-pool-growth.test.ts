/**
 * How the engine pool grows under a burst of runs: one thread starts at a
 * time (a thread lowers its priority only once its script runs, so threads
 * booting together would take every core from the host), the next once the
 * last is up, until the runs no longer wait or the pool is full; every run
 * ends. Fake threads stand in for workers and answer each run after a delay.
 */
import { describe, expect, it } from "vitest";
import { EnginePool, type EngineThread, type EngineThreadEvents } from "../dist/src/host/engine-pool.js";
import { EXIT, type RunSpec } from "../dist/src/engine/protocol.js";
import type { HostToEngine } from "../dist/src/engine/thread-protocol.js";
import type { RunHost } from "../dist/src/driver.js";

/** Only what the pool reads from a spec: the fake threads never run it. */
const SPEC = { memoryLimitMb: 16, cpuTimeLimitMs: 0, wallTimeLimitMs: 0 } as unknown as RunSpec;
const HOST: RunHost = { stdio: () => {}, op: () => ({ ok: true, value: undefined }) };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A thread that ends each run with exit code 0 after `runMs`. */
function fakeThread(events: EngineThreadEvents, runMs: number): EngineThread {
  return {
    meter: null,
    calls: null,
    post(message: HostToEngine) {
      if (message.type !== "run") return;
      const { runId } = message;
      setTimeout(() => events.message({ type: "done", runId, result: { code: EXIT.OK, fuel: 0, cpuTimeMs: 0 } }), runMs);
    },
    signalStop() {},
    reset() {},
    ref() {},
    unref() {},
    terminate() {},
  };
}

/** A pool of fake threads that take `bootMs` to start; counts how many start at once. */
function countingPool(bootMs: number, runMs: number, maxThreads: number) {
  const counts = { started: 0, booting: 0, mostBootingAtOnce: 0 };
  const pool = new EnginePool({
    spawn: async (_mb, events) => {
      counts.started++;
      counts.booting++;
      counts.mostBootingAtOnce = Math.max(counts.mostBootingAtOnce, counts.booting);
      await pause(bootMs);
      counts.booting--;
      return fakeThread(events, runMs);
    },
    maxIdle: maxThreads,
    maxThreads,
  });
  return { pool, counts };
}

describe("EnginePool: growing under a burst of runs", () => {
  it("starts one thread at a time, up to its maximum, while long runs wait; every run ends", async () => {
    const { pool, counts } = countingPool(20, 400, 4);
    const driver = pool.createRuntimeDriver();
    const results = await Promise.all(Array.from({ length: 6 }, () => driver.start(SPEC, HOST).result));
    expect(results.map((r) => r.code)).toEqual(Array(6).fill(EXIT.OK));
    expect(counts.mostBootingAtOnce).toBe(1);
    // Each thread came up while runs still waited: the pool grew to its maximum, no further.
    expect(counts.started).toBe(4);
  });

  it("stops growing once no run waits: short runs are taken by the threads already up", async () => {
    const { pool, counts } = countingPool(100, 1, 8);
    const driver = pool.createRuntimeDriver();
    driver.warm(16);
    const results = await Promise.all(Array.from({ length: 8 }, () => driver.start(SPEC, HOST).result));
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(EXIT.OK));
    expect(counts.mostBootingAtOnce).toBe(1);
    // The warm-up thread came up and worked through the queue before a second one was up.
    expect(counts.started).toBeLessThanOrEqual(2);
  });
});
