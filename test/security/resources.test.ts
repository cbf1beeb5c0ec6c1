// Attack cases (issue 6): resource limits. A guest tries to exhaust CPU, memory, the stack, the event loop,
// the host's memory through its output, and host resources (children, requests) through the op table.
// Each case states what "contained" means and checks exactly that.
import { afterAll, describe, expect, it } from "vitest";
import { allowAllChildProcess, allowAllNetwork, type StdioEvent } from "../../dist/src/index.js";
import { harness } from "../helpers.js";
import { MiB, busyWait, recordingAdapter, recordingExecutor, rssPeak, sleep } from "./recorders.js";

/** A limit code: CPU (124) or memory (137). */
const LIMIT_CODES = [124, 137];

/** The same runtime runs an ordinary program correctly after an attack. */
async function stillFine(runtime: ReturnType<typeof harness>["runtime"]): Promise<void> {
  const next = await runtime.run(`module.exports = [1, 2, 3].map((x) => x * 2).join(",") + typeof globalThis.leftover;`);
  expect(next.code).toBe(0);
  expect(next.exports).toBe("2,4,6undefined");
}

describe("CPU: infinite loops end with 124, whatever they hide in", () => {
  const h = harness({ cpuTimeLimitMs: 200 });
  afterAll(() => h.runtime.dispose());

  it.each([
    ["for(;;){}", "globalThis.leftover = 1; for (;;) {}"],
    ["while(true) in a try/finally whose finally loops again", "for (;;) { try { while (true) {} } catch (e) {} finally { for (;;) {} } }"],
    ["a getter", "const o = { get x() { for (;;) {} } }; o.x"],
    ["a Promise then callback", "Promise.resolve().then(() => { for (;;) {} })"],
    ["a setTimeout callback", "setTimeout(() => { while (true) {} }, 0)"],
    ["an async generator", "(async function* () { for (;;) {} })().next()"],
    ["for await over an endless async generator", "(async () => { for await (const x of (async function* () { for (;;) yield 1 })()) {} })()"],
  ])("%s", async (_name, code) => {
    // Contained: exit 124 with the CPU message; the guest's catch/finally cannot swallow the stop.
    const r = await h.runtime.exec(code);
    expect(r.code).toBe(124);
    expect(r.errorMessage).toBe("CPU time limit exceeded");
  });

  it("a catastrophic regular expression is interrupted (124), even inside try/catch", async () => {
    // Contained: the regex engine polls the interrupt handler (or the watchdog ends it): 124, no result escapes.
    for (const code of [
      `/(a+)+$/.test("a".repeat(40) + "!")`,
      `try { "a".repeat(40).replace(/(a|aa)+b/, "") } catch (e) {} module.exports = "escaped"`,
      `try { new RegExp("(x+x+)+y").exec("x".repeat(60)) } finally { module.exports = "escaped" }`,
    ]) {
      const r = await h.runtime.run(code);
      expect(r.code, code).toBe(124);
      expect(r.exports).toBeUndefined();
    }
    await stillFine(h.runtime);
  });
});

describe("CPU: native builtins that run long without polling end with a limit code", () => {
  // A large memory cap so the builtins run long rather than hitting the memory limit at once.
  const h = harness({ cpuTimeLimitMs: 200, memoryLimit: 1024 });
  afterAll(() => h.runtime.dispose());

  it.each([
    ["Array.prototype.sort of 3e6 numbers with a comparator", "const a = Array.from({ length: 3e6 }, (_, i) => (i * 7919) % 1e6); a.sort((x, y) => x - y)"],
    ["String.prototype.repeat of 2**29", `"x".repeat(2 ** 29).length`],
    ["Array.prototype.join of 1e7 elements", `Array(1e7).fill("ab").join("xyz").length`],
    ["String.prototype.replaceAll on a 64 MiB string", `"ab".repeat(2 ** 25).replaceAll("a", "cc").length`],
    ["JSON.parse of a 60 MB array", `JSON.parse("[" + "1,".repeat(3e7) + "1]").length`],
    ["JSON.stringify of 1e7 objects", `JSON.stringify(Array.from({ length: 1e7 }, (_, i) => ({ i }))).length`],
    ["Array(1e8).fill", "Array(1e8).fill(0).length"],
    ["typed array sort of 3e7 doubles", "const t = new Float64Array(3e7); for (let i = 0; i < t.length; i += 1000) t[i] = -i; t.sort(); t[0]"],
    ["typed array sort with a comparator", "new Float64Array(3e7).sort((a, b) => b - a)[0]"],
  ])("%s", async (_name, code) => {
    // Contained: the run ends with 124 or 137 and the message that names the limit; never a hang or a result.
    const r = await h.runtime.run(`module.exports = (() => { ${code} })()`);
    expect(LIMIT_CODES).toContain(r.code);
    expect(r.errorMessage).toMatch(/CPU time limit exceeded|Memory limit of 1024 MB exceeded/);
    expect(r.exports).toBeUndefined();
  });
});

describe("memory: huge strings, arrays, objects and typed arrays", () => {
  const h = harness({ cpuTimeLimitMs: 5000, memoryLimit: 64 });
  afterAll(() => h.runtime.dispose());

  /** Runs `code`, which may catch the allocation error itself and export its name. */
  async function attempt(code: string) {
    const peak = rssPeak();
    const r = await h.runtime.run(code);
    return { r, growth: peak.stop() };
  }

  it.each([
    ["\"x\".repeat(2**29)", `try { module.exports = "x".repeat(2 ** 29).length } catch (e) { module.exports = e.name }`],
    ["\"x\".repeat(2**31) (past the engine's string limit)", `try { module.exports = "x".repeat(2 ** 31).length } catch (e) { module.exports = e.name }`],
    ["string doubling in a loop", `let s = "x"; try { for (;;) s += s } catch (e) { module.exports = e.name }`],
    ["array growth in a loop", `const a = []; try { for (;;) a.push(a.length, {}) } catch (e) { module.exports = e.name }`],
    ["an object property flood", `const o = {}; try { for (let i = 0; ; i++) o["key" + i] = i } catch (e) { module.exports = e.name }`],
    ["a Map flood", `const m = new Map(); try { for (let i = 0; ; i++) m.set(i, [i]) } catch (e) { module.exports = e.name }`],
  ])("%s", async (_name, code) => {
    // Contained: 137 (even if the guest caught the error), or a caught RangeError/InternalError for sizes the
    // engine refuses up front; the host's RSS grows by at most the sandbox's own cap plus slack, never by
    // what the guest asked for (up to 2 GiB here).
    const { r, growth } = await attempt(code);
    if (r.code === 0) expect(["RangeError", "InternalError"]).toContain(r.exports);
    else {
      expect(r.code).toBe(137);
      expect(r.errorMessage).toBe("Memory limit of 64 MB exceeded");
    }
    expect(growth).toBeLessThan(256 * MiB);
  });

  it("typed arrays near the cap: just under it, past it, and resizing past it", async () => {
    // Contained: whatever fits is usable; anything past the 64 MiB cap is 137 or a caught RangeError; never more
    // host memory than the cap. The whole instance counts, so "memoryLimit minus a little" does not fit.
    const fits = await h.runtime.run(`const a = new Uint8Array(32 * 1024 * 1024); a[a.length - 1] = 7; module.exports = a[a.length - 1];`);
    expect(fits).toMatchObject({ code: 0, exports: 7 });
    for (const code of [
      `new Uint8Array(64 * 1024 * 1024 - 4096)`,
      `new ArrayBuffer(65 * 1024 * 1024)`,
      `new ArrayBuffer(2 ** 32)`,
      `const b = new ArrayBuffer(1024, { maxByteLength: 2 ** 30 }); b.resize(2 ** 30)`,
      `const b = new ArrayBuffer(1024, { maxByteLength: 2 ** 27 }); for (let n = 1 << 20; ; n += 1 << 20) b.resize(n)`,
      `const kept = []; for (;;) kept.push(new Float64Array(1 << 20))`,
    ]) {
      const { r, growth } = await attempt(`try { ${code}; module.exports = "allocated" } catch (e) { module.exports = e.name }`);
      if (r.code === 0) expect(r.exports, code).toBe("RangeError");
      else expect(r.code, code).toBe(137);
      expect(growth, code).toBeLessThan(256 * MiB);
    }
    await stillFine(h.runtime);
  });
});

describe("stack: deep recursion of every kind is a guest error or a limit, and the next run is fine", () => {
  const h = harness({ cpuTimeLimitMs: 3000 });
  afterAll(() => h.runtime.dispose());
  const deep = "let o = {}; for (let i = 0; i < 2e4; i++) o = { o };";

  it.each([
    ["plain function", "function f(n) { return f(n + 1) + 1 } f(0)"],
    ["mutual recursion", "function a(n) { return b(n + 1) } function b(n) { return a(n + 1) } a(0)"],
    ["a getter reading itself", "const o = { get x() { return this.x } }; o.x"],
    ["a Proxy get trap", "const p = new Proxy({}, { get(t, k, r) { return r[k] } }); p.x"],
    ["a Proxy apply trap", "const p = new Proxy(function () {}, { apply() { return p() } }); p()"],
    ["toString", "const o = { toString() { return String(this) } }; String(o)"],
    ["valueOf", "const o = { valueOf() { return +this } }; +o"],
    ["JSON.stringify of a deep object", `${deep} JSON.stringify(o)`],
    ["JSON.parse of deeply nested text", "JSON.parse('['.repeat(2e5) + ']'.repeat(2e5))"],
    ["deeply nested source ((((...))))", "eval('('.repeat(1e5) + '1' + ')'.repeat(1e5))"],
    ["deeply nested source [[[[...]]]]", "eval('['.repeat(1e5) + ']'.repeat(1e5))"],
    ["deeply nested source of functions", "(0, eval)('function a(){'.repeat(3e4) + '}'.repeat(3e4))"],
    ["a regexp with deep nesting", "new RegExp('(?:'.repeat(3e4) + 'a' + ')'.repeat(3e4)).test('a')"],
    ["a regexp with deep capture groups", "new RegExp('('.repeat(1e5) + 'a' + ')'.repeat(1e5)).test('a')"],
    ["Function.prototype.apply recursion", "function f() { return f.apply(null, arguments) } f(1, 2)"],
    ["Reflect.apply recursion", "function f() { return Reflect.apply(f, null, []) } f()"],
    ["a chain of 1e4 bind()s", "let g = function () { return 1 }; for (let i = 0; i < 1e4; i++) g = g.bind(null); g()"],
    ["recursion through Array.prototype.map", "function f() { [1].map(f) } f()"],
    ["a constructor constructing itself", "class A { constructor() { new A() } } new A()"],
    ["yield* into itself", "function* g() { yield* g() } g().next()"],
    ["String() of a deeply nested array", "let a = []; for (let i = 0; i < 2e5; i++) a = [a]; String(a)"],
    ["async recursion", "async function f(n) { return await f(n + 1) } await f(0)"],
    ["a thenable whose then() calls itself", "const t = { then(resolve) { return this.then(resolve) } }; await t"],
  ])("%s", async (_name, code) => {
    // Contained: the guest catches a RangeError/InternalError/SyntaxError about the stack (or hits 124/137);
    // nothing reaches the host, and the next run in the same runtime is correct.
    const r = await h.runtime.run(`export default await (async () => { try { ${code}; return ["no error"] } catch (e) { return [e.name, e.message] } })();`, "/root/deep.mjs");
    if (r.code === 0) {
      const [name, message] = (r.exports as { default: [string, string] }).default;
      expect(["RangeError", "InternalError", "SyntaxError"]).toContain(name);
      // QuickJS reports a stack overflow met while parsing a function's parameters as "missing formal parameter".
      expect(message).toMatch(/stack overflow|too much recursion|too many|missing formal parameter/);
    } else {
      expect(LIMIT_CODES).toContain(r.code);
    }
    await stillFine(h.runtime);
  });

  it("a promise-then chain: 1e5 links settle, and endless re-resolution ends with 124", async () => {
    // Contained: long chains are plain data for the engine (no native recursion); an endless one is a CPU limit.
    const chain = await h.runtime.run(`let p = Promise.resolve(0); for (let i = 0; i < 1e5; i++) p = p.then((v) => v + 1); module.exports = {}; p.then((v) => (module.exports.v = v));`);
    expect(chain).toMatchObject({ code: 0, exports: { v: 1e5 } });
    const endless = await h.runtime.exec(`const t = { then(resolve) { resolve(t) } }; Promise.resolve(t);`, { cpuTimeLimitMs: 200 });
    expect(endless.code).toBe(124);
  });
});

describe("event loop: microtask, tick and timer floods", () => {
  const h = harness({ cpuTimeLimitMs: 200 });
  afterAll(() => h.runtime.dispose());

  it.each([
    ["queueMicrotask forever", "(function f() { queueMicrotask(f) })()"],
    ["Promise.resolve().then recursion forever", "(function f() { Promise.resolve().then(f) })()"],
    ["process.nextTick forever", "(function f() { process.nextTick(f) })()"],
    ["await in an endless loop", "(async () => { for (;;) await null })()"],
    ["setImmediate forever", "(function f() { setImmediate(f) })()"],
  ])("%s", async (_name, code) => {
    // Contained: the loop never yields for good, so the CPU limit ends it: 124.
    const r = await h.runtime.exec(code);
    expect(r.code).toBe(124);
  });

  it("1e6 timers, 1e6 intervals and an endless setInterval(0) end with a limit; host memory stays flat", async () => {
    // Contained: timers live in the guest's own scheduler (inside its memory cap), so a flood ends with 124 or
    // 137 and the host's RSS grows by far less than a million host timers would take.
    // The endless setInterval(0) spends little CPU per 1 ms tick (waiting is free), so it gets a small budget.
    for (const [code, cpuTimeLimitMs] of [
      ["for (let i = 0; i < 1e6; i++) setTimeout(() => {}, i % 1000)", 200],
      ["for (let i = 0; i < 1e6; i++) setInterval(() => {}, 0)", 200],
      ["let n = 0; setInterval(() => { n++ }, 0)", 50],
    ] as const) {
      const peak = rssPeak();
      const r = await h.runtime.exec(code, { cpuTimeLimitMs });
      expect(LIMIT_CODES, code).toContain(r.code);
      expect(peak.stop(), code).toBeLessThan(192 * MiB);
    }
    await stillFine(h.runtime);
  });
});

describe("output floods: the host's memory stays bounded whatever the guest prints", () => {
  it("console.log of 64 KiB lines in a loop under a CPU limit: 124, everything delivered in order, host RSS flat", async () => {
    // Contained: the run ends with 124; every line that reached the host is whole; the host's RSS grows by
    // less than half of what was delivered (the output is not piling up on the host).
    let bytes = 0;
    let broken = 0;
    const peak = rssPeak();
    const h = harness({ cpuTimeLimitMs: 1000, onStdio: (e) => ((bytes += e.message.length), e.message.length === 65537 || broken++) });
    const r = await h.runtime.exec(`const line = "y".repeat(65536); for (;;) console.log(line)`);
    const growth = peak.stop();
    h.runtime.dispose();
    expect(r.code).toBe(124);
    expect(broken).toBe(0);
    expect(bytes).toBeGreaterThan(16 * MiB);
    expect(growth).toBeLessThan(bytes / 2);
  });

  it("a slow onStdio hook: the guest is held back instead of its output piling up on the host", async () => {
    // Contained: 256 MiB written in 1 MiB chunks to a hook that blocks the host for 1.5 s on the first chunk
    // (sleeping, so the guest has the CPU) and then takes 2 ms per chunk: every byte arrives, in order, and the
    // host's RSS grows by far less than what was written. Without backpressure the guest wrote on while the
    // host slept and the host's message queue held it: 200-260 MiB of growth; with it, about 10 MiB.
    const chunks: number[] = [];
    const peak = rssPeak();
    const h = harness({
      onStdio: (e: StdioEvent) => {
        peak.sample();
        chunks.push(e.message.length);
        if (chunks.length === 1) sleep(1500);
        else busyWait(2);
      },
    });
    const r = await h.runtime.exec(`const s = "z".repeat(1 << 20); for (let i = 0; i < 256; i++) process.stdout.write(s)`, { cpuTimeLimitMs: 120_000 });
    const growth = peak.stop();
    h.runtime.dispose();
    expect(r.code).toBe(0);
    expect(chunks).toEqual(new Array(256).fill(MiB));
    expect(growth).toBeLessThan(64 * MiB);
  });

  it("one huge console.log of 50 MB, then the same line written again and again: delivered whole, host RSS bounded", async () => {
    // Contained: each 50 MiB line arrives whole; the host's RSS grows by at most the sandbox's own 128 MiB cap
    // plus four copies of one line on its way (guest string, its UTF-8 copy, the message, the host's string),
    // below the 500 MiB the guest printed: lines do not pile up.
    const sizes: number[] = [];
    const peak = rssPeak();
    const h = harness({ memoryLimit: 128, onStdio: (e) => void sizes.push(e.message.length) });
    const r = await h.runtime.exec(`const s = "w".repeat(50 * 1024 * 1024); console.log(s); for (let i = 0; i < 9; i++) process.stdout.write(s)`);
    const growth = peak.stop();
    h.runtime.dispose();
    expect(r.code).toBe(0);
    expect(sizes).toEqual([50 * MiB + 1, ...new Array(9).fill(50 * MiB)]);
    expect(growth).toBeLessThan((128 + 4 * 50) * MiB);
  });

  it("process.stdout.write of tiny chunks as fast as possible: 124, host RSS flat", async () => {
    // Contained: a flood of one-byte messages is bounded like large ones: 124 at the limit, and the host's RSS
    // stays within a small fixed bound (message overhead cannot pile up either).
    let events = 0;
    const peak = rssPeak();
    const h = harness({ cpuTimeLimitMs: 500, onStdio: () => void events++ });
    const r = await h.runtime.exec(`for (;;) { process.stdout.write("x"); process.stderr.write("y") }`);
    const growth = peak.stop();
    h.runtime.dispose();
    expect(r.code).toBe(124);
    expect(events).toBeGreaterThan(1000);
    expect(growth).toBeLessThan(64 * MiB);
  });
});

describe("host resources: a guest that spawns or fetches in a loop", () => {
  it("spawn in a loop: bounded by the CPU limit, and every child is killed when the run ends", async () => {
    // Contained: 124; every child the executor started was sent SIGKILL (9) and none is left running.
    const rec = recordingExecutor();
    const h = harness({ cpuTimeLimitMs: 200 }, { commandExecutor: rec.executor, permissions: { ...allowAllChildProcess } });
    const r = await h.runtime.exec(`const cp = require("child_process"); for (;;) cp.spawn("sleep", ["1000"])`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    h.runtime.dispose();
    expect(r.code).toBe(124);
    expect(rec.children.length).toBeGreaterThan(10);
    expect(rec.live()).toBe(0);
    expect(rec.children.every((c) => c.kills.includes(9))).toBe(true);
  });

  it("spawn in a loop with a denying permission: nothing is started, the loop ends with 124", async () => {
    // Contained: the executor is never called; every attempt is a guest error; 124 ends the loop.
    const rec = recordingExecutor();
    let asked = 0;
    const h = harness({ cpuTimeLimitMs: 200 }, { commandExecutor: rec.executor, permissions: { childProcess: () => (asked++, { allow: false }) } });
    const r = await h.runtime.exec(`const cp = require("child_process"); for (;;) { try { cp.spawnSync("sleep", ["1000"]) } catch (e) {} cp.spawn("sleep").on("error", () => {}) }`);
    h.runtime.dispose();
    expect(r.code).toBe(124);
    expect(asked).toBeGreaterThan(10);
    expect(rec.children).toHaveLength(0);
  });

  it("fetch and http.get in a loop: bounded by the CPU limit, and every request is aborted when the run ends", async () => {
    // Contained: 124; every request the adapter received has its signal aborted afterwards; no real packet
    // (the adapter is a recorder).
    const rec = recordingAdapter();
    const h = harness({ cpuTimeLimitMs: 200 }, { networkAdapter: rec.adapter, permissions: { ...allowAllNetwork } });
    const r = await h.runtime.exec(`
      const http = require("http");
      (async () => { for (;;) { fetch("http://127.0.0.1:40001/f").catch(() => {}); http.get("http://127.0.0.1:40001/h").on("error", () => {}); await null } })();`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    h.runtime.dispose();
    expect(r.code).toBe(124);
    expect(rec.log.requests.length).toBeGreaterThan(10);
    expect(rec.log.requests.map((q) => new URL(q.url).host)).toEqual(new Array(rec.log.requests.length).fill("127.0.0.1:40001"));
    expect(rec.pending()).toBe(0);
  });
});

describe("host timers: delays past setTimeout's range (2^31 - 1 ms) stay long", () => {
  // Node's setTimeout turns a longer delay into 1 ms and prints a TimeoutOverflowWarning on the host.
  // Contained: the delay means what it says, and the host prints nothing.
  const warnings: string[] = [];
  const onWarning = (warning: Error) => void warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  afterAll(() => void process.off("warning", onWarning));

  it("spawnSync with timeout 2^31 ms waits for the child: no ETIMEDOUT after 1 ms", async () => {
    // A child that ends by itself after 40 ms, unless killed first.
    const kills: Array<number | undefined> = [];
    const h = harness({}, {
      permissions: { ...allowAllChildProcess },
      commandExecutor: {
        spawn() {
          let end!: (status: { code: number | null; signal: string | null }) => void;
          const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => (end = resolve));
          const timer = setTimeout(() => end({ code: 0, signal: null }), 40);
          return {
            writeStdin() {},
            closeStdin() {},
            kill(signal) {
              kills.push(signal);
              clearTimeout(timer);
              end({ code: null, signal: "SIGTERM" });
            },
            wait: () => exited,
          };
        },
      },
    });
    try {
      const r = await h.runtime.run(`
        const r = require("child_process").spawnSync("slow", [], { timeout: 2 ** 31 });
        module.exports = { status: r.status, signal: r.signal, error: r.error ? r.error.code : null };`);
      expect(r.exports).toEqual({ status: 0, signal: null, error: null });
      expect(kills).toEqual([]);
      expect(warnings).toEqual([]);
    } finally {
      h.runtime.dispose();
    }
  });

  it("a CPU budget of 2^32 ms does not make the watchdog fire every millisecond", async () => {
    const h = harness({ cpuTimeLimitMs: 2 ** 32 });
    try {
      const r = await h.runtime.run(`await new Promise((r) => setTimeout(r, 50)); export const ok = true;`, "/root/wait.mjs");
      expect(r.code).toBe(0);
      expect(warnings).toEqual([]);
    } finally {
      h.runtime.dispose();
    }
  });
});
