import { afterAll, describe, expect, it } from "vitest";
import { harness } from "./helpers.js";

describe("the event loop runs in Node's order", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  async function order(code: string): Promise<string[]> {
    const result = await h.runtime.run(`const log = []; module.exports = log;\n${code}`);
    expect(result.code, result.errorMessage).toBe(0);
    return result.exports as string[];
  }

  it("sync, nextTick, microtasks, timers, immediates", async () => {
    expect(
      await order(`
        setTimeout(() => log.push("timeout"), 0);
        setImmediate(() => log.push("immediate"));
        Promise.resolve().then(() => log.push("promise"));
        queueMicrotask(() => log.push("microtask"));
        process.nextTick(() => log.push("tick"));
        log.push("sync");
      `),
    ).toEqual(["sync", "tick", "promise", "microtask", "timeout", "immediate"]);
  });

  it("nextTicks run before promise callbacks, and ticks queued by microtasks after them", async () => {
    expect(
      await order(`
        Promise.resolve().then(() => { log.push("p1"); process.nextTick(() => log.push("tick from p1")); });
        Promise.resolve().then(() => log.push("p2"));
        process.nextTick(() => { log.push("t1"); Promise.resolve().then(() => log.push("p from t1")); });
        process.nextTick(() => log.push("t2"));
      `),
    ).toEqual(["t1", "t2", "p1", "p2", "p from t1", "tick from p1"]);
  });

  it("microtasks drain between timer callbacks", async () => {
    expect(
      await order(`
        setTimeout(() => { log.push("t1"); Promise.resolve().then(() => log.push("p1")); process.nextTick(() => log.push("n1")); }, 0);
        setTimeout(() => log.push("t2"), 0);
      `),
    ).toEqual(["t1", "n1", "p1", "t2"]);
  });

  it("timers fire by deadline, then by creation", async () => {
    expect(
      await order(`
        setTimeout(() => log.push("30"), 30);
        setTimeout(() => log.push("10a"), 10);
        setTimeout(() => log.push("10b"), 10);
        setTimeout(() => log.push("0"), 0);
      `),
    ).toEqual(["0", "10a", "10b", "30"]);
  });

  it("immediates queued during the check phase wait for the next iteration, after due timers", async () => {
    expect(await order(`setImmediate(() => { log.push("i1"); setImmediate(() => log.push("i3")); }); setImmediate(() => log.push("i2"));`)).toEqual([
      "i1",
      "i2",
      "i3",
    ]);
    const real = harness({ timingMitigation: "off" });
    const result = await real.runtime.run(`
      const log = []; module.exports = log;
      setImmediate(() => {
        log.push("i1");
        setImmediate(() => log.push("i3"));
        setTimeout(() => log.push("t"), 0);
        const end = Date.now() + 5; while (Date.now() < end);
      });
      setImmediate(() => log.push("i2"));
    `);
    real.runtime.dispose();
    expect(result.exports).toEqual(["i1", "i2", "t", "i3"]);
  });

  it("inside an immediate, a new immediate runs before a 0 ms timeout", async () => {
    expect(await order(`setImmediate(() => { setTimeout(() => log.push("timeout"), 0); setImmediate(() => log.push("immediate")); });`)).toEqual([
      "immediate",
      "timeout",
    ]);
  });

  it("setInterval repeats until cleared; clear* cancel; args are passed", async () => {
    expect(
      await order(`
        let n = 0;
        const iv = setInterval((a, b) => { log.push(a + b + (++n)); if (n === 3) clearInterval(iv); }, 1, "x", "y");
        const t = setTimeout(() => log.push("cancelled"), 1); clearTimeout(t);
        const im = setImmediate(() => log.push("cancelled too")); clearImmediate(im);
        clearTimeout(undefined); clearTimeout(12345);
      `),
    ).toEqual(["xy1", "xy2", "xy3"]);
  });

  it("timer objects: ref/unref, hasRef, refresh, numeric ids", async () => {
    const result = await h.runtime.run(`
      const t = setTimeout(() => { throw new Error("unref'd timer must not keep the program alive") }, 50);
      t.unref();
      const k = setTimeout(() => {}, 1);
      module.exports = [t.hasRef(), k.hasRef(), typeof +k, typeof k.refresh];
    `);
    expect(result).toMatchObject({ code: 0, exports: [false, true, "number", "function"] });
  });

  it("the run ends once nothing is pending", async () => {
    // Under the virtual clock (the default) the timers do not really wait: the guest's clock shows they did.
    const result = await h.runtime.run("let n = 0; const t0 = performance.now(); setTimeout(() => setTimeout(() => { n = 2 }, 40), 40); process.on('exit', () => { module.exports = [n, performance.now() - t0] })");
    const [n, waited] = result.exports as [number, number];
    expect(n).toBe(2);
    expect(waited).toBeGreaterThanOrEqual(80);
  });

  it("a bad callback throws Node's ERR_INVALID_ARG_TYPE", async () => {
    const result = await h.runtime.run("try { setTimeout('code', 1) } catch (e) { module.exports = e.code }");
    expect(result.exports).toBe("ERR_INVALID_ARG_TYPE");
  });

  it("timers/promises", async () => {
    const result = await h.runtime.run("const { setTimeout: sleep } = require('timers/promises'); sleep(5, 'v').then((v) => { module.exports = v + '!' })");
    expect(result).toMatchObject({ code: 0, exports: "v!" });
    const esm = await h.runtime.run("import { setTimeout as sleep } from 'node:timers/promises'; export const v = await sleep(5, 'slept');", "/m.mjs");
    expect(esm.exports).toEqual({ v: "slept" });
  });
});
