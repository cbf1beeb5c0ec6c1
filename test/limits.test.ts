import { afterAll, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../dist/src/index.js";
import { harness } from "./helpers.js";

describe("CPU limit", () => {
  const h = harness({ cpuTimeLimitMs: 500 });
  afterAll(() => h.runtime.dispose());

  it("ends an infinite loop with 124 while the host's event loop keeps running", async () => {
    let last = performance.now();
    let maxGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const result = await h.runtime.exec("while (true) {}");
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(result.code).toBe(124);
    expect(result.errorMessage).toBe("CPU time limit exceeded");
    expect(elapsed).toBeLessThan(2000);
    expect(maxGap).toBeLessThan(200);
  });

  it("cannot be caught by the guest", async () => {
    const result = await h.runtime.exec("for (;;) { try { while (true) {} } catch (e) {} }");
    expect(result.code).toBe(124);
  });

  it("ends a guest stuck in a native builtin (watchdog ends the engine thread)", async () => {
    for (const code of ["new Array(2 ** 31).join('')", "(7n ** 200000n).toString()"]) {
      const started = performance.now();
      const result = await h.runtime.exec(code, { cpuTimeLimitMs: 300 });
      expect(result.code, code).toBe(124);
      expect(result.errorMessage).toBe("CPU time limit exceeded");
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });

  it("counts only guest execution, not waiting for timers", async () => {
    const result = await h.runtime.exec("setTimeout(() => {}, 700)", { cpuTimeLimitMs: 300 });
    expect(result.code).toBe(0);
  });

  it("exec's cpuTimeLimitMs overrides the runtime's", async () => {
    const result = await h.runtime.exec("const t = Date.now(); let i = 0; while (i < 3e6) i++;", { cpuTimeLimitMs: 20_000 });
    expect(result.code).toBe(0);
  });

  it("the same runtime runs normally after a limit", async () => {
    expect((await h.runtime.exec("while(true){}")).code).toBe(124);
    expect((await h.runtime.run("module.exports = 'fine'")).exports).toBe("fine");
  });
});

describe("memory limit", () => {
  const h = harness({ memoryLimit: 32 });
  afterAll(() => h.runtime.dispose());

  it("ends the run with its own code and names the limit", async () => {
    const result = await h.runtime.exec("const a = []; for (;;) a.push('x'.repeat(1e5) + a.length)");
    expect(result.code).toBe(EXIT_CODES.MEMORY_LIMIT);
    expect(result.code).toBe(137);
    expect(result.errorMessage).toMatch(/Memory limit of 32 MB exceeded/);
  });

  it("holds even when the guest catches the out-of-memory error", async () => {
    const result = await h.runtime.exec("let kept; try { const a = []; for (;;) a.push(new Uint8Array(1 << 20)) } catch (e) { kept = e } console.log('survived'); module.exports = 1");
    expect(result.code).toBe(137);
  });

  it("holds for one huge allocation", async () => {
    const result = await h.runtime.exec("const b = new ArrayBuffer(64 * 1024 * 1024); console.log(b.byteLength)");
    expect(result.code).toBe(137);
  });

  it("the next program runs normally", async () => {
    expect((await h.runtime.run("module.exports = new Array(1000).fill(1).length")).exports).toBe(1000);
  });
});

describe("deep recursion is a guest error", () => {
  const h = harness({ cpuTimeLimitMs: 10_000 });
  afterAll(() => h.runtime.dispose());

  it.each([
    ["calls", "function f(n) { return f(n + 1) + 1 } f(0)"],
    ["JSON.parse", "JSON.parse('['.repeat(2e5))"],
    ["nested source", "eval('('.repeat(1e5) + '1' + ')'.repeat(1e5))"],
    ["nested functions in source", "eval('function a(){'.repeat(3e4) + '}'.repeat(3e4))"],
    ["JSON.stringify of a deep object", "let o = {}; for (let i = 0; i < 2e5; i++) o = { o }; JSON.stringify(o)"],
    ["deep regexp", "new RegExp('('.repeat(1e5) + ')'.repeat(1e5)).test('x')"],
  ])("%s", async (_name, code) => {
    const result = await h.runtime.exec(code);
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(/stack overflow|too many|InternalError|RangeError|SyntaxError/i);
    const caught = await h.runtime.run(`try { ${code} } catch (e) { module.exports = e.constructor.name }`);
    expect(caught.code).toBe(0);
  });

  it("a deep structure in the exports is a clear error, not a crash", async () => {
    const result = await h.runtime.run("let o = {}; for (let i = 0; i < 5000; i++) o = { o }; module.exports = o");
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(/exports could not be copied.*nested deeper than 500 levels/);
  });
});

describe("terminate and dispose", () => {
  it.each([
    ["busy in a loop", "while (true) {}"],
    ["wedged in a native builtin", "new Array(2 ** 31).join('')"],
    ["waiting on a timer", "setInterval(() => {}, 1000)"],
  ])("terminate() ends a guest %s, and the runtime goes on", async (_kind, code) => {
    const h = harness();
    const pending = h.runtime.exec(code);
    await new Promise((r) => setTimeout(r, 100));
    h.runtime.terminate();
    const result = await pending;
    expect(result.code).toBe(143);
    expect(result.errorMessage).toMatch(/terminated/);
    expect((await h.runtime.run("module.exports = 3")).exports).toBe(3);
    h.runtime.dispose();
  });

  it("terminate() stops every run of the runtime in flight", async () => {
    const h = harness();
    const runs = [h.runtime.exec("while (true) {}"), h.runtime.exec("setInterval(() => {}, 1000)")];
    await new Promise((r) => setTimeout(r, 100));
    h.runtime.terminate();
    expect((await Promise.all(runs)).map((r) => r.code)).toEqual([143, 143]);
    h.runtime.dispose();
  });

  it("dispose() during a run ends it", async () => {
    const h = harness();
    const pending = h.runtime.exec("while (true) {}");
    await new Promise((r) => setTimeout(r, 50));
    h.runtime.dispose();
    expect((await pending).code).toBe(143);
  });
});
