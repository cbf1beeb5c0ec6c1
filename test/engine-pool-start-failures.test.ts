/**
 * The engine pool when its threads cannot start, as on a page whose bundler
 * left the wasm or the engine worker behind (test/bundler-vite.test.ts): a run
 * ends with why instead of waiting forever, and a thread whose script cannot
 * load is not restarted again and again. Fake threads stand in for workers.
 */
import { describe, expect, it } from "vitest";
import { EnginePool, type EngineThread, type EngineThreadEvents } from "../dist/src/host/engine-pool.js";
import { EXIT, type EngineResult, type RunSpec } from "../dist/src/engine/protocol.js";
import type { RunHost } from "../dist/src/driver.js";

/** Only what the pool reads from a spec: the fake threads never run it. */
const SPEC = { memoryLimitMb: 16, cpuTimeLimitMs: 1000, wallTimeLimitMs: 0 } as unknown as RunSpec;
const HOST: RunHost = { stdio: () => {}, op: () => ({ ok: true, value: undefined }) };

/** A thread that starts, then dies on the next task, as a worker whose script answers 404. */
function dyingThread(events: EngineThreadEvents): EngineThread {
  setTimeout(() => events.died("its script could not be loaded"), 0);
  return { meter: null, calls: null, post() {}, signalStop() {}, reset() {}, ref() {}, unref() {}, terminate() {} };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The run's result, or "still waiting" after `ms`. */
function settledWithin(result: Promise<EngineResult>, ms: number): Promise<EngineResult | "still waiting"> {
  return Promise.race([result, pause(ms).then(() => "still waiting" as const)]);
}

describe("EnginePool: threads that cannot start", () => {
  it("a run waiting for the warm-up thread ends with why when that thread fails to start", async () => {
    let spawns = 0;
    const pool = new EnginePool({
      spawn: async () => {
        spawns++;
        await pause(20);
        throw new Error("Could not load the QuickJS wasm from /assets/quickjs.wasm: HTTP 404");
      },
      maxIdle: 2,
      maxThreads: 4,
    });
    const driver = pool.createRuntimeDriver();
    driver.warm(16);
    const program = driver.start(SPEC, HOST);
    expect(await settledWithin(program.result, 2000)).toEqual({
      code: EXIT.ENGINE_FAILURE,
      errorMessage: "Could not start the sandbox engine: Could not load the QuickJS wasm from /assets/quickjs.wasm: HTTP 404",
      fuel: 0,
      cpuTimeMs: 0,
    });
    expect(spawns).toBe(1);
    // The next run tries again (the asset may be there now) and ends the same way.
    expect(await settledWithin(driver.start(SPEC, HOST).result, 2000)).toMatchObject({ code: EXIT.ENGINE_FAILURE });
    expect(spawns).toBe(2);
  });

  it("a thread that dies before running anything is not replaced over and over; the run it gets ends with the crash", async () => {
    let spawns = 0;
    const pool = new EnginePool({ spawn: async (_mb, events) => (spawns++, dyingThread(events)), maxIdle: 2, maxThreads: 4 });
    const driver = pool.createRuntimeDriver();
    driver.warm(16);
    await pause(200);
    expect(spawns).toBe(1);
    const result = await settledWithin(driver.start(SPEC, HOST).result, 2000);
    expect(result).toEqual({ code: EXIT.ENGINE_FAILURE, errorMessage: "its script could not be loaded", fuel: 0, cpuTimeMs: 0 });
    await pause(200);
    // The run's thread, and one replacement started ahead of the next run (it died idle: no more).
    expect(spawns).toBe(3);
  });
});
