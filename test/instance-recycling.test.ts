// Recycled engine instances (issue 17): after a run, the engine thread makes
// the finished sandbox's instance a prepared sandbox again instead of
// instantiating a new one. Shown here: the recycled memory is byte for byte
// that of a freshly prepared sandbox after programs that dirty the globals,
// the heap, the stack, timers, the module cache and realms; instances that
// cannot be cleaned (memory grown) are not reused; and through the runtime,
// nothing of one run reaches the next.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "../dist/src/engine/sandbox.js";
import { recyclingStart, refusingEngineHost, sandboxRunSpec } from "./engine-sandbox-helpers.js";
import { reviveResult } from "../dist/src/engine/revive.js";
import { harness } from "./helpers.js";

const LIMIT_MB = 128;

const spec = (code: string) => sandboxRunSpec(code, LIMIT_MB);
const host = refusingEngineHost;

/** Where two memories first differ, or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  if (Buffer.compare(a, b) === 0) return -1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const DIRTY_PROGRAMS: Record<string, string> = {
  "globals and prototypes": `
    globalThis.leaked = "secret"; Array.prototype.push = () => -1; Object.prototype.polluted = 1;
    JSON.parse = () => 0; Math.random(); module.exports = 1`,
  "a heap grown by megabytes, then freed in part": `
    const keep = []; for (let i = 0; i < 40000; i++) keep.push({ i, s: "x" + i });
    const big = new Uint8Array(4 << 20).fill(0xab); globalThis.keep = [keep, big.subarray(0, 8)];
    for (let i = 0; i < 20000; i++) keep.pop(); module.exports = big[12345]`,
  "the stack to QuickJS's limit": `
    let depth = 0; function f() { depth++; const a = [depth, depth + 1]; return f() + a[0] }
    try { f() } catch (e) { globalThis.err = e } module.exports = depth > 100`,
  "timers left pending, unref'd": `
    setTimeout(() => { globalThis.fired = 1 }, 50).unref(); setInterval(() => {}, 1000).unref();
    setImmediate(() => { globalThis.later = 1 }); module.exports = 1`,
  "the module cache and a node:vm realm": `
    const util = require("util"); util.inspect.custom; require("events").defaultMaxListeners = 99;
    require("path"); module.exports = require("vm").runInNewContext("globalThis.x = [1, 2]; x.length")`,
  "an uncaught error and an unhandled rejection": `
    Promise.reject(new Error("nobody catches this")); throw new TypeError("thrown")`,
};

describe("a recycled engine instance", () => {
  let wasm: WebAssembly.Module;
  let reference: Uint8Array;
  let sandbox: Sandbox;

  beforeAll(async () => ({ wasm, sandbox, reference } = await recyclingStart(LIMIT_MB)));

  for (const [name, code] of Object.entries(DIRTY_PROGRAMS)) {
    it(`holds exactly a fresh sandbox's memory after ${name}`, async () => {
      const before = new Uint8Array(sandbox.memory.buffer).slice();
      expect(firstDifference(before, reference)).toBe(-1);
      await sandbox.execute(spec(code), host());
      // The run really changed the memory: the test would otherwise prove nothing.
      expect(firstDifference(new Uint8Array(sandbox.memory.buffer), reference)).not.toBe(-1);
      const memory = sandbox.memory;
      const next = sandbox.recycle(LIMIT_MB);
      expect(next).not.toBeNull();
      expect(next!.memory).toBe(memory);
      expect(firstDifference(new Uint8Array(next!.memory.buffer), reference)).toBe(-1);
      sandbox = next!;
    });
  }

  it("runs the next program as a fresh sandbox would", async () => {
    const result = await sandbox.execute(
      spec(`module.exports = [typeof leaked, typeof keep, typeof fired, typeof later, ({}).polluted, [].push(1), require("events").defaultMaxListeners, typeof x]`),
      host(),
    );
    expect(reviveResult(JSON.parse(result.exportsJson!))).toEqual(["undefined", "undefined", "undefined", "undefined", undefined, 1, 10, "undefined"]);
    sandbox = sandbox.recycle(LIMIT_MB)!;
    expect(sandbox).not.toBeNull();
  });

  it("stays whole over many recycles of runs that make and drop node:vm realms (contexts of their own)", async () => {
    const memory = sandbox.memory;
    for (let i = 0; i < 20; i++) {
      const result = await sandbox.execute(
        spec(`const vm = require("vm"); module.exports = [vm.runInNewContext("x * 2", { x: ${i} }), new vm.Script("1 + 1").runInThisContext(), typeof leaked]`),
        host(),
      );
      expect(reviveResult(JSON.parse(result.exportsJson!))).toEqual([i * 2, 2, "undefined"]);
      const next = sandbox.recycle(LIMIT_MB);
      expect(next).not.toBeNull();
      expect(next!.memory).toBe(memory);
      sandbox = next!;
    }
    expect(firstDifference(new Uint8Array(sandbox.memory.buffer), reference)).toBe(-1);
  });

  it("is not reused once its memory grew past the image's size, nor for another memory limit, nor unused", async () => {
    await sandbox.execute(spec(`globalThis.big = new Uint8Array(24 << 20).fill(1); module.exports = 1`), host());
    expect(sandbox.memoryBytes).toBeGreaterThan(reference.length);
    expect(sandbox.recycle(LIMIT_MB)).toBeNull();
    const other = await Sandbox.create(wasm, LIMIT_MB);
    await other.execute(spec("module.exports = 1"), host());
    expect(other.recycle(LIMIT_MB * 2)).toBeNull();
    const unused = await Sandbox.create(wasm, LIMIT_MB);
    expect(unused.recycle(LIMIT_MB)).toBeNull();
  });
});

describe("runs on one runtime (recycled instances)", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it("see nothing of the run before: globals, timers, the module cache, the heap, the random state", async () => {
    const dirty = `
      globalThis.leaked = 1; require("util").leaked = 1; require.cache.leaked = 1;
      setTimeout(() => { globalThis.fired = 1; console.log("late") }, 10).unref();
      const big = new Uint8Array(1 << 20).fill(7); globalThis.big = big;
      module.exports = Math.random()`;
    const check = `
      const fresh = new Uint8Array(1 << 20);
      module.exports = {
        leaked: typeof leaked, utilLeaked: typeof require("util").leaked, cacheLeaked: typeof require.cache.leaked,
        fired: typeof fired, big: typeof big, zero: fresh.every((b) => b === 0), random: Math.random(),
      }`;
    const randoms = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const first = await h.runtime.run(dirty);
      expect(first.code, first.errorMessage).toBe(0);
      randoms.add(first.exports as number);
      const second = await h.runtime.run(check);
      expect(second.code, second.errorMessage).toBe(0);
      const { random, ...rest } = second.exports as Record<string, unknown>;
      randoms.add(random as number);
      expect(rest).toEqual({ leaked: "undefined", utilLeaked: "undefined", cacheLeaked: "undefined", fired: "undefined", big: "undefined", zero: true });
    }
    expect(randoms.size).toBe(10);
  });

  it("after a run that hit the memory limit or the CPU limit, the next run is whole", async () => {
    const small = harness({ memoryLimit: 32, cpuTimeLimitMs: 200 });
    try {
      expect((await small.runtime.run("const a = []; for (;;) a.push(new Array(1e5).fill(1))")).code).not.toBe(0);
      expect((await small.runtime.run("module.exports = typeof a + ':' + [1, 2].map((x) => x * 2)")).exports).toBe("undefined:2,4");
      expect((await small.runtime.run("for (;;) {}")).code).toBe(124);
      expect((await small.runtime.run("module.exports = 40 + 2")).exports).toBe(42);
    } finally {
      small.runtime.dispose();
    }
  });
});
