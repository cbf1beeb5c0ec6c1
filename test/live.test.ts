// Live modules, host bindings and budgets: what only the Node driver shows
// (option validation, a blocking binding charged to the CPU budget, a module
// holding its thread across many calls). The behaviour both drivers share is
// in the shared driver suite (test/shared/cases.ts).
import { afterAll, describe, expect, it } from "vitest";
import {
  NodeRuntime,
  allowAllFs,
  createInMemoryFileSystem,
  createNodeDriver,
  createNodeRuntimeDriverFactory,
  ModuleLoadError,
  type BindingTree,
  type VirtualFileSystem,
} from "../dist/src/index.js";
import { harness } from "./helpers.js";

const drivers = () => ({ systemDriver: createNodeDriver(), runtimeDriverFactory: createNodeRuntimeDriverFactory() });

describe("bindings option", () => {
  const make = (bindings: unknown) => () => new NodeRuntime({ ...drivers(), bindings: bindings as BindingTree }).dispose();

  it("refuses keys starting with _, non-identifiers, depth over 4 and more than 64 functions, naming the key", () => {
    expect(make({ _secret: () => 1 })).toThrow('bindings._secret: binding keys starting with "_" are reserved');
    expect(make({ ok: { _hidden: () => 1 } })).toThrow('bindings.ok._hidden: binding keys starting with "_" are reserved');
    expect(make({ "1abc": () => 1 })).toThrow("bindings.1abc: a binding key must be an identifier");
    expect(make({ "a-b": () => 1 })).toThrow("bindings.a-b: a binding key must be an identifier");
    expect(make({ a: { b: { c: { d: () => 1 } } } })).not.toThrow();
    expect(make({ a: { b: { c: { d: { e: () => 1 } } } } })).toThrow("bindings.a.b.c.d.e: bindings may be nested at most 4 levels deep");
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, () => i]));
    expect(make(many)).toThrow("bindings.f64: at most 64 binding functions are allowed");
    expect(make(Object.fromEntries(Object.entries(many).slice(0, 64)))).not.toThrow();
    expect(make({ value: 42 })).toThrow("bindings.value must be a function or a plain object of bindings, got number");
    expect(make({ list: [() => 1] })).toThrow("bindings.list must be a function or a plain object of bindings, got an array");
    expect(make([() => 1])).toThrow("bindings must be a plain object");
  });

  it("is optional: without it SecureExec.bindings is an empty frozen object", async () => {
    const h = harness();
    const r = await h.runtime.run("module.exports = { keys: Object.keys(SecureExec.bindings), frozen: Object.isFrozen(SecureExec.bindings) }");
    h.runtime.dispose();
    expect(r.exports).toEqual({ keys: [], frozen: true });
  });
});

describe("budget options", () => {
  it("are checked by name at the runtime, exec and call", async () => {
    expect(() => new NodeRuntime({ ...drivers(), fuelLimit: 1.5 })).toThrow("fuelLimit must be a positive integer, got 1.5");
    expect(() => new NodeRuntime({ ...drivers(), wallTimeLimitMs: -1 })).toThrow(RangeError);
    const h = harness();
    await expect(h.runtime.exec("1", { fuelLimit: "9" as unknown as number })).rejects.toThrow("fuelLimit must be a number, got the string");
    const m = await h.runtime.load("module.exports = { f: () => 1 }");
    await expect(m.call("f", [], { wallTimeLimitMs: 0 })).rejects.toThrow("wallTimeLimitMs must be a positive");
    await expect(m.call("f", [], { bogus: 1 } as never)).rejects.toThrow('Unknown option "bogus" in call options');
    expect((await m.call("f")).value).toBe(1);
    m.dispose();
    h.runtime.dispose();
  });

  it("the runtime's fuelLimit applies to each call of a live module; a call may override it", async () => {
    const h = harness({ fuelLimit: 100 });
    const m = await h.runtime.load("module.exports = { work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; } }");
    const small = await m.call("work", [1000]);
    const big = await m.call("work", [1e9], { fuelLimit: 300 });
    h.runtime.dispose();
    expect(small.code).toBe(0);
    expect(big.code).toBe(124);
    expect(big.errorMessage).toBe("Fuel limit of 300 exceeded");
    expect(big.stats.fuel).toBe(301);
  });
});

describe("wallTimeLimitMs", () => {
  it("ends a guest blocked in a synchronous host call that never answers", async () => {
    const memory = createInMemoryFileSystem();
    await memory.writeFile("/data.txt", new TextEncoder().encode("data"));
    // A filesystem whose reads never finish: the guest's readFileSync blocks its engine thread on it.
    const stuck: VirtualFileSystem = Object.assign(Object.create(memory), { readFile: () => new Promise<Uint8Array>(() => {}) });
    const h = harness({}, { filesystem: stuck, permissions: allowAllFs });
    const started = performance.now();
    const r = await h.runtime.exec("require('fs').readFileSync('/data.txt')", { wallTimeLimitMs: 300 });
    const elapsed = performance.now() - started;
    // The runtime's thread was released, not lost: the next run works.
    const next = await h.runtime.exec("process.exitCode = 3");
    h.runtime.dispose();
    expect(r.errorMessage).toBe("Wall-time limit of 300 ms exceeded");
    expect(r.code).toBe(124);
    expect(elapsed).toBeLessThan(5000);
    expect(next.code).toBe(3);
  });
});

describe("a synchronous binding's time", () => {
  const h = harness({
    bindings: {
      block: (ms: number) => {
        const end = performance.now() + ms;
        while (performance.now() < end);
        return ms;
      },
    },
  });
  afterAll(() => h.runtime.dispose());

  it("is charged to the guest's CPU budget", async () => {
    const r = await h.runtime.exec("for (let i = 0; i < 10; i++) SecureExec.bindings.block(100)", { cpuTimeLimitMs: 250 });
    expect(r.code).toBe(124);
    expect(r.errorMessage).toBe("CPU time limit exceeded");
    expect(r.stats.cpuTimeMs).toBeGreaterThanOrEqual(250);
  });
});

describe("live module", () => {
  it("keeps its state across 2,000 calls", async () => {
    const h = harness();
    const m = await h.runtime.load("const seen = new Set(); module.exports = { add(n) { seen.add(n % 100); return seen.size; } }");
    let last;
    for (let i = 0; i < 2000; i++) last = await m.call("add", [i]);
    expect(last!.value).toBe(100);
    m.dispose();
    h.runtime.dispose();
  });

  it("under the virtual clock, its clock goes on across calls and never sees the host's time between them; timers jump", async () => {
    const h = harness();
    const m = await h.runtime.load(`
      const t0 = Date.now(), p0 = performance.now();
      module.exports = {
        now: () => [Date.now() - t0, performance.now() - p0],
        later: (ms) => new Promise((resolve) => setTimeout(() => resolve(Date.now() - t0), ms)),
      };
    `);
    const first = (await m.call("now")).value as number[];
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = (await m.call("now")).value as number[];
    // Only the guest's own work moves it (0.25 ms per unit of fuel), not the 300 ms the host slept.
    expect(second[0]! - first[0]!).toBeLessThan(20);
    expect(second[0]!).toBeGreaterThanOrEqual(first[0]!);
    expect(second[1]!).toBeGreaterThanOrEqual(first[1]!);
    const started = Date.now();
    const fired = (await m.call("later", [3_600_000])).value as number;
    expect(fired - second[0]!).toBeGreaterThanOrEqual(3_600_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    m.dispose();
    h.runtime.dispose();
  });

  it("rejects a load whose program exits or spins past its limit with ModuleLoadError", async () => {
    const h = harness({ cpuTimeLimitMs: 100 });
    const exited = await h.runtime.load("process.exit(4)").catch((e) => e);
    const spun = await h.runtime.load("for (;;) {}").catch((e) => e);
    h.runtime.dispose();
    expect(exited).toBeInstanceOf(ModuleLoadError);
    expect(exited.exitCode).toBe(4);
    expect(spun).toBeInstanceOf(ModuleLoadError);
    expect(spun.exitCode).toBe(124);
    expect(spun.message).toBe("The module could not be loaded (exit code 124): CPU time limit exceeded");
  });

  it("dies with the runtime: runtime.dispose() ends it, later calls reject", async () => {
    const h = harness();
    const m = await h.runtime.load("module.exports = { f: () => 1 }");
    h.runtime.dispose();
    await new Promise((r) => setTimeout(r, 50));
    expect(m.alive).toBe(false);
    await expect(m.call("f")).rejects.toThrow("This module can no longer be called: it was terminated (exit code 143)");
  });

  it("copies primitive results exactly: undefined, booleans, NUL in strings, NaN, -0, Infinity, null", async () => {
    const h = harness();
    const m = await h.runtime.load("const v = [undefined, true, 'a\\0b\\ud800', NaN, -0, -Infinity, 1.5, null, 2n]; module.exports = { pick: (i) => v[i] }");
    const got = [];
    for (let i = 0; i < 9; i++) got.push((await m.call("pick", [i])).value);
    h.runtime.dispose();
    expect(got).toEqual([undefined, true, "a\0b\ud800", NaN, -0, -Infinity, 1.5, null, 2n]);
    expect(Object.is(got[4], -0)).toBe(true);
  });

  it("calls a module whose export is itself a function by the name ''", async () => {
    const h = harness();
    const m = await h.runtime.load("module.exports = function greet(who) { return 'hi ' + who }; module.exports.tag = 'x';");
    const r = await m.call("", ["ada"]);
    h.runtime.dispose();
    expect(m.functions).toEqual([""]);
    expect(m.exports).toEqual({ tag: "x" });
    expect(r.value).toBe("hi ada");
  });

  it("exec with inspect: the completion value as Node's REPL prints it, a promise shown as it stands, microtasks after", async () => {
    const h = harness();
    const m = await h.runtime.load("");
    const texts = [];
    for (const line of ["let n = 2", "n * 21", "'s'", "({ f() {}, m: new Map([[1, 2]]) })", "class P { constructor() { this.x = n } }; new P()", "new Promise(() => {})", "Promise.resolve().then(() => { globalThis.later = 1 }); typeof later", "later"]) {
      const r = await m.exec<string>(line, { inspect: true });
      expect(r.code).toBe(0);
      texts.push(r.value);
    }
    const thrown = await m.exec("throw new RangeError('r')", { inspect: true });
    await expect(m.exec("1", { inspect: "yes" as unknown as boolean })).rejects.toThrow("options.inspect must be a boolean");
    await expect(m.exec("1", { inspected: true } as never)).rejects.toThrow('Unknown option "inspected" in exec options');
    // Without it, exec still copies the value out and awaits a promise.
    const copied = await m.exec("Promise.resolve({ n })");
    h.runtime.dispose();
    expect(texts).toEqual(["undefined", "42", "'s'", "{ f: [Function: f], m: Map(1) { 1 => 2 } }", "P { x: 2 }", "Promise { <pending> }", "'undefined'", "1"]);
    expect(thrown.code).toBe(1);
    expect(thrown.errorMessage).toMatch(/^RangeError: r\n/);
    expect(copied.value).toEqual({ n: 2 });
  });
});
