import { describe, expect, it } from "vitest";
import { createNodeRuntimeDriverFactory } from "../dist/src/index.js";
import { runSpec } from "./run-spec.js";

/** A run spec as NodeRuntime would build it. */
const spec = (code: string) => runSpec(code);

describe("the transport between engine thread and host", () => {
  it("a synchronous guest call waits for asynchronous host work, off the guest's CPU budget", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    const calls: Array<[string, unknown[]]> = [];
    let hostTicks = 0;
    const ticker = setInterval(() => hostTicks++, 5);
    const program = driver.start(spec(`
      const order = [];
      order.push("before");
      process.env.KEY = "value";           // a sync op: env.set
      order.push("after");
      let error;
      try { delete process.env.GONE } catch (e) { error = { code: e.code, errno: e.errno, syscall: e.syscall, path: e.path, message: e.message } }
      module.exports = { order, error, env: process.env.KEY };
    `), {
      stdio: () => {},
      op: async (op, args) => {
        calls.push([op, args]);
        await new Promise((resolve) => setTimeout(resolve, 150));
        if (op === "env.delete") return { ok: false, error: { name: "Error", message: "ENOENT: no such thing", code: "ENOENT", errno: -2, syscall: "unsetenv", path: "/x" } };
        return { ok: true, value: undefined };
      },
    });
    const result = await program.result;
    clearInterval(ticker);
    driver.dispose();
    expect(result.code, result.errorMessage).toBe(0);
    expect(JSON.parse(result.exportsJson!)).toEqual([
      "o",
      [
        ["order", ["a", ["before", "after"]]],
        ["error", ["o", [["code", "ENOENT"], ["errno", -2], ["syscall", "unsetenv"], ["path", "/x"], ["message", "ENOENT: no such thing"]]]],
        ["env", "value"],
      ],
    ]);
    expect(calls).toEqual([["env.set", ["KEY", "value"]], ["env.delete", ["GONE"]]]);
    expect(result.cpuTimeMs).toBeLessThan(250);
    expect(hostTicks).toBeGreaterThan(20);
  });

  it("a host op that throws or rejects reaches the guest as an error, and the host keeps going", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    const program = driver.start(spec(`
      const out = [];
      for (let i = 0; i < 2; i++) try { process.env["K" + i] = "v" } catch (e) { out.push(e.message) }
      module.exports = out;
    `), {
      stdio: () => {},
      op: (_op, args) => {
        if (args[0] === "K0") throw new Error("host op threw");
        return Promise.reject(new Error("host op rejected"));
      },
    });
    const result = await program.result;
    driver.dispose();
    expect(result.code).toBe(0);
    expect(result.exportsJson).toBe(JSON.stringify(["a", ["host op threw", "host op rejected"]]));
  });

  it("terminate() ends a guest blocked in a host call that never answers, and the next run works", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    const stuck = driver.start(spec(`process.env.KEY = "value"; module.exports = "unreachable"`), {
      stdio: () => {},
      op: () => new Promise(() => {}),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    stuck.terminate();
    const result = await stuck.result;
    expect(result.code).toBe(143);
    const next = driver.start(spec("module.exports = 'next'"), { stdio: () => {}, op: () => ({ ok: true, value: undefined }) });
    expect((await next.result).exportsJson).toBe(JSON.stringify("next"));
    driver.dispose();
  });

  it("a reply always reaches the call it answers: stops racing slow sync ops never hand one run's answer to another", async () => {
    const driver = createNodeRuntimeDriverFactory().createRuntimeDriver();
    // Each answer names the file asked for, after a random delay; half the runs are stopped mid-wait.
    const echo = async (op: string, args: unknown[]) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      return op === "fs.readFile" ? { ok: true as const, value: String(args[0]) } : { ok: true as const, value: undefined };
    };
    const program = (tag: string) => `
      const fs = require("fs");
      for (let i = 0; i < 40; i++) {
        const want = "/${tag}/" + i;
        const got = fs.readFileSync(want, "utf8");
        if (got !== want) throw new Error("asked for " + want + ", got " + got);
      }
      module.exports = "${tag} ok";
    `;
    for (let round = 0; round < 12; round++) {
      const stopped = driver.start(spec(program(`stopped${round}`)), { stdio: () => {}, op: echo });
      setTimeout(() => stopped.terminate(), 2 + Math.random() * 30);
      const others = [0, 1].map((k) => driver.start(spec(program(`run${round}-${k}`)), { stdio: () => {}, op: echo }));
      const stoppedResult = await stopped.result;
      expect([0, 143], stoppedResult.errorMessage).toContain(stoppedResult.code);
      for (const [k, other] of others.entries()) {
        const result = await other.result;
        expect(result.errorMessage).toBeUndefined();
        expect(result.exportsJson).toBe(JSON.stringify(`run${round}-${k} ok`));
      }
    }
    driver.dispose();
  }, 60_000);
});
