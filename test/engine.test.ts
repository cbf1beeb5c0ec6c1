import { afterAll, describe, expect, it } from "vitest";
import { harness } from "./helpers.js";

describe("the guest's globals", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it("hold nothing that reaches the host or shares memory", async () => {
    const result = await h.runtime.run(`
      module.exports = {
        missing: ["SharedArrayBuffer", "Atomics", "WebAssembly", "require", "module", "host", "__host", "std", "os", "scriptArgs"].filter((n) => n in globalThis && globalThis[n] !== undefined && !(n === "require" || n === "module")),
        globals: Object.getOwnPropertyNames(globalThis).filter((n) => /host|quickexec|__/i.test(n)),
        fnCtor: (() => { try { return typeof Function("return this")().process } catch (e) { return String(e) } })(),
      };
    `);
    expect(result.exports).toEqual({ missing: [], globals: [], fnCtor: "object" });
  });

  it("the prelude's host functions are not reachable from guest objects", async () => {
    const result = await h.runtime.run(`
      const seen = new Set(); const found = [];
      function walk(o, path, depth) {
        if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o) || depth > 4) return;
        seen.add(o);
        for (const k of Reflect.ownKeys(o)) {
          let v; try { v = o[k] } catch { continue }
          // Some web-platform getters read off a prototype give a rejected promise (as in Node): not the subject here.
          if (v instanceof Promise) v.catch(() => {});
          if (typeof v === "function" && v !== Function.prototype.call && v !== RegExp.prototype.compile && /^(stdio|exit|builtin|now|memory|call|callBytes|compile|submit)$/.test(v.name) && String(v).includes("[native code]")) found.push(path + "." + String(k));
          walk(v, path + "." + String(k), depth + 1);
        }
      }
      walk(globalThis, "globalThis", 0);
      module.exports = found;
    `);
    expect(result.exports).toEqual([]);
  });
});

describe("every run starts from a pristine sandbox", () => {
  it("nothing one program changes is seen by the next, on the same engine thread", async () => {
    const h = harness();
    const tamper = `
      globalThis.leaked = "secret";
      Array.prototype.push = function () { return -1 };
      Object.prototype.polluted = true;
      JSON.parse = () => "tampered";
      console.log = () => {};
      require("util").inspect = () => "tampered";
      Date.now = () => 0;
    `;
    const check = `
      const a = [];
      module.exports = {
        leaked: typeof leaked, push: a.push(1), polluted: ({}).polluted, json: JSON.parse("1"),
        inspect: require("util").inspect({ a: 1 }), dateOk: Date.now() > 0,
      };
    `;
    for (let i = 0; i < 6; i++) {
      expect((await h.runtime.run(tamper)).code).toBe(0);
      const result = await h.runtime.run(check);
      expect(result.exports).toEqual({ leaked: "undefined", push: 1, polluted: undefined, json: 1, inspect: "{ a: 1 }", dateOk: true });
    }
    h.runtime.dispose();
  });
});

describe("fuel", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it("is the same for the same program on every run, and grows with the work", async () => {
    const code = "let s = 0; for (let i = 0; i < 300000; i++) s += i % 7; const o = {}; for (let i = 0; i < 2000; i++) o['k' + i] = [i]; module.exports = s";
    const fuels: number[] = [];
    for (let i = 0; i < 4; i++) fuels.push((await h.runtime.run(code)).stats.fuel);
    expect(new Set(fuels).size).toBe(1);
    expect(fuels[0]).toBeGreaterThan(10);
    const more = (await h.runtime.run(code.replace("300000", "900000"))).stats.fuel;
    expect(more).toBeGreaterThan(fuels[0]! * 2);
  });

  it("is deterministic across timers and module loading", async () => {
    const code = "const util = require('util'); let n = 0; const iv = setInterval(() => { for (let i = 0; i < 50000; i++) n += i; if (n > 5e9) clearInterval(iv) }, 1); module.exports = util.format('%d', 1)";
    const a = (await h.runtime.run(code)).stats.fuel;
    const b = (await h.runtime.run(code)).stats.fuel;
    expect(a).toBe(b);
  });
});

describe("timing mitigation", () => {
  it('"freeze" keeps every clock at the run\'s start', async () => {
    const h = harness({ timingMitigation: "freeze" });
    const before = Date.now();
    const result = await h.runtime.run(`
      const t0 = Date.now(), p0 = performance.now(), h0 = process.hrtime.bigint();
      let x = 0; for (let i = 0; i < 2e6; i++) x += i;
      module.exports = {
        same: Date.now() === t0 && new Date().getTime() === t0 && performance.now() === p0 && process.hrtime.bigint() === h0,
        t0,
        viaProto: Object.getPrototypeOf(new Date()).constructor.now() === t0,
        viaCtor: new Date.prototype.constructor().getTime() === t0,
        dateCall: Date() === new Date(t0).toString(),
        explicit: new Date(0).getTime(),
        instance: new Date() instanceof Date,
      };
    `);
    const after = Date.now();
    h.runtime.dispose();
    const e = result.exports as Record<string, unknown>;
    expect(e).toMatchObject({ same: true, viaProto: true, viaCtor: true, dateCall: true, explicit: 0, instance: true });
    expect(e.t0).toBeGreaterThanOrEqual(before);
    expect(e.t0).toBeLessThanOrEqual(after);
  });

  it('"off" gives the real clock', async () => {
    const h = harness({ timingMitigation: "off" });
    const result = await h.runtime.run("const t0 = performance.now(); const d0 = Date.now(); while (performance.now() - t0 < 20); module.exports = [performance.now() > t0, Date.now() - d0 >= 15]");
    h.runtime.dispose();
    expect(result.exports).toEqual([true, true]);
  });
});

describe("results out", () => {
  const h = harness({ cpuTimeLimitMs: 1000 });
  afterAll(() => h.runtime.dispose());

  it("copies data types faithfully", async () => {
    const result = await h.runtime.run(`
      const shared = { s: 1 };
      const cyclic = { name: "c" }; cyclic.self = cyclic;
      module.exports = {
        n: 1.5, neg0: -0, nan: NaN, inf: -Infinity, big: 2n ** 70n, u: undefined, nul: null, s: "ü€😀", b: false,
        date: new Date(86400000), re: /a+b/gi, map: new Map([["k", { v: 1 }]]), set: new Set([1, "2"]),
        bytes: new Uint8Array([1, 2, 255]), f64: new Float64Array([0.5]), ab: new Uint8Array([9, 8]).buffer,
        err: Object.assign(new RangeError("out of range"), { code: "E_RANGE" }),
        arr: [1, , 3], shared: [shared, shared], cyclic,
        ["__proto__"]: { polluted: true },
      };
    `);
    expect(result.code, result.errorMessage).toBe(0);
    const e = result.exports as Record<string, any>;
    expect(e.n).toBe(1.5);
    expect(Object.is(e.neg0, -0)).toBe(true);
    expect(e.nan).toBeNaN();
    expect(e.inf).toBe(-Infinity);
    expect(e.big).toBe(2n ** 70n);
    expect("u" in e && e.u === undefined).toBe(true);
    expect(e.nul).toBeNull();
    expect(e.s).toBe("ü€😀");
    expect(e.date).toEqual(new Date(86400000));
    expect(e.re).toEqual(/a+b/gi);
    expect(e.map).toEqual(new Map([["k", { v: 1 }]]));
    expect(e.set).toEqual(new Set([1, "2"]));
    expect(e.bytes).toEqual(new Uint8Array([1, 2, 255]));
    expect(e.f64).toEqual(new Float64Array([0.5]));
    expect(new Uint8Array(e.ab)).toEqual(new Uint8Array([9, 8]));
    expect(e.err).toBeInstanceOf(Error);
    expect(e.err).toMatchObject({ name: "RangeError", message: "out of range", code: "E_RANGE" });
    expect(e.err.stack).toMatch(/^RangeError: out of range\n\s+at /);
    expect(e.arr).toEqual([1, undefined, 3]);
    expect(e.shared[0]).toBe(e.shared[1]);
    expect(e.cyclic.self).toBe(e.cyclic);
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(e, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("getters and Proxy traps run inside the guest, under its limits", async () => {
    const getter = await h.runtime.run("module.exports = { get v() { return 'computed in guest' } }");
    expect(getter.exports).toEqual({ v: "computed in guest" });
    const proxy = await h.runtime.run("module.exports = new Proxy({}, { ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }), get: (_, k) => typeof k === 'string' ? k + '!' : undefined })");
    expect(proxy.exports).toEqual({ a: "a!" });
    const looping = await h.runtime.run("module.exports = { get v() { for (;;) {} } }");
    expect(looping.code).toBe(124);
    const hostile = await h.runtime.run("module.exports = new Proxy({}, { ownKeys() { throw new Error('trap says no') } })");
    expect(hostile.code).toBe(1);
    expect(hostile.errorMessage).toMatch(/exports could not be copied.*trap says no/);
  });

  it("toJSON is not called (structured-clone semantics)", async () => {
    const result = await h.runtime.run("module.exports = { a: 1, toJSON() { return 'replaced' } }");
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(/module\.exports\.toJSON is a function/);
  });

  it("values that cannot be copied give a clear error naming where they are", async () => {
    const fn = await h.runtime.run("module.exports = { list: [1, { handler() {} }] }");
    expect(fn.code).toBe(1);
    expect(fn.errorMessage).toBe("The program's exports could not be copied out of the sandbox: module.exports.list[1].handler is a function (handler), which cannot be copied out of the sandbox");
    expect((await h.runtime.run("module.exports = Symbol('s')")).errorMessage).toMatch(/module\.exports is a symbol/);
    expect((await h.runtime.run("module.exports = new WeakMap()")).errorMessage).toMatch(/a WeakMap/);
    expect((await h.runtime.run("module.exports = Promise.resolve(1)")).errorMessage).toMatch(/a Promise/);
  });

  it("a program that tampers with JSON.stringify cannot break the host", async () => {
    const result = await h.runtime.run("JSON.stringify = () => '{\"__proto__\": {\"x\": 1}}'; JSON.parse = null; module.exports = { fine: true }");
    expect(result).toMatchObject({ code: 0, exports: { fine: true } });
  });
});
