// The CPU limit counts the engine's whole work on a run, not only guest code:
// time the engine spends between guest callbacks (taking and delivering host
// events, copying values) is the guest's too. Otherwise a run stuck in the
// engine itself would never meet its limit, and the watchdog (which reads the
// same meter) would never end it.
//
// The engine is served in this thread with a port that spins for 150 ms when
// the engine reports that it took a host event carrying bytes: that report is
// made by the engine outside any guest code.
import { describe, expect, it } from "vitest";
import type { EngineToHost, HostToEngine } from "../../dist/src/engine/thread-protocol.js";
import { serveHere, specFor } from "./engine-harness.js";

const SPIN_MS = 150;

/** Runs `setTimeout(() => {}, 400)` and, once the engine waits, hands it one event with bytes; taking it costs SPIN_MS. */
async function runWithSlowTake(cpuTimeLimitMs: number) {
  // The frozen clock: under the default virtual clock the 400 ms timer would not make the engine wait for events.
  const spec = { ...(await specFor(`setTimeout(() => {}, 400);`, 16)), cpuTimeLimitMs, timing: "freeze" as const };
  let sent = false;
  const engine = await serveHere(spec.memoryLimitMb, {
    // Not shared: the engine reports each wait as a "meter" message, which tells the test when it is idle.
    shared: false,
    onSend(message: EngineToHost, serve: (message: HostToEngine) => void) {
      if (message.type === "meter" && !message.busy && !sent) {
        sent = true;
        // No guest op has this id: the guest ignores the event, but the engine must take it first.
        setTimeout(() => serve({ type: "events", runId: 1, events: [{ target: 987_654, name: "data", value: new Uint8Array(8) }] }), 5);
      }
      if (message.type === "taken") {
        const until = performance.now() + SPIN_MS;
        while (performance.now() < until);
      }
    },
  });
  const ended = engine.ended(1);
  engine.serve({ type: "run", runId: 1, spec });
  const end = await ended;
  if (end.type !== "done") throw new Error(`the run failed: ${end.message}`);
  expect(engine.messages.some((m) => m.type === "taken")).toBe(true);
  return end.result;
}

describe("the CPU meter counts the engine's work on the run", () => {
  it("time the engine spends taking host events is charged, waits are not", async () => {
    // A limit far above the run (without one the engine sends no meter messages).
    const result = await runWithSlowTake(60_000);
    expect(result.code).toBe(0);
    expect(result.cpuTimeMs).toBeGreaterThanOrEqual(SPIN_MS);
    // The 400 ms timer wait is not charged.
    expect(result.cpuTimeMs).toBeLessThan(SPIN_MS + 200);
  });

  it("a run whose engine-side work passes the CPU limit ends with 124", async () => {
    const result = await runWithSlowTake(100);
    expect(result.code).toBe(124);
    expect(result.cpuTimeMs).toBeGreaterThanOrEqual(SPIN_MS);
  });
});
