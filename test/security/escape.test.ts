// Attack cases (issue 6, first part): escapes from the guest to the host.
// Each case states what "contained" means and checks exactly that.
import { afterAll, describe, expect, it } from "vitest";
import { harness } from "../helpers.js";

const h = harness({ cpuTimeLimitMs: 2000 });
afterAll(() => h.runtime.dispose());

/** Marks the host's own objects so a case can tell whether the guest touched them. */
function hostCanary(): () => void {
  const before = Object.getOwnPropertyNames(Object.prototype).sort().join();
  return () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  };
}

describe("escape attempts", () => {
  it("constructor.constructor('return this')() is the guest's own global, with no host process or require", async () => {
    // Contained: the function constructor reached through any object is the guest's, and its global has no host objects.
    const r = await h.runtime.run(`
      const g = ({}).constructor.constructor("return this")();
      const viaFn = (function () {}).constructor("return globalThis")();
      module.exports = { same: g === globalThis && viaFn === globalThis, hostProcess: typeof g.process?.binding, hostRequire: typeof g.require?.resolve?.paths,
        guestMain: g.process.mainModule === require.main, versions: g.process?.versions?.v8 ?? null };`);
    expect(r.exports).toEqual({ same: true, hostProcess: "undefined", hostRequire: "undefined", guestMain: true, versions: null });
  });

  it("prototype pollution inside the guest never reaches the host's Object.prototype", async () => {
    // Contained: after the run the host's Object.prototype has no new keys and the result is a plain host object.
    const check = hostCanary();
    const r = await h.runtime.run(`
      Object.prototype.polluted = "yes"; Array.prototype.pwned = 1;
      module.exports = JSON.parse('{"__proto__": {"polluted": "via json"}, "a": 1}');`);
    check();
    expect(r.code).toBe(0);
    expect(Object.getPrototypeOf(r.exports)).toBe(Object.prototype);
    expect((r.exports as Record<string, unknown>).a).toBe(1);
  });

  it("a __proto__ key in exports is copied as data, not as the host object's prototype", async () => {
    // Contained: the revived result has Object.prototype as its prototype; the key is an own property.
    const check = hostCanary();
    const r = await h.runtime.run(`module.exports = { ["__proto__"]: { polluted: true }, constructor: { prototype: { polluted: true } } };`);
    check();
    const e = r.exports as Record<string, unknown>;
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(e, "__proto__")).toBe(true);
  });

  it("getters, toJSON and Proxy traps in results run inside the sandbox, under its limits", async () => {
    // Contained: guest code run while copying results out cannot loop forever (CPU limit) and its side effects stay in the guest.
    const spin = await h.runtime.run(`module.exports = { get x() { for (;;) {} } };`);
    expect(spin.code).toBe(124);
    const proxy = await h.runtime.run(`module.exports = new Proxy({}, { ownKeys() { for (;;) {} } });`);
    expect(proxy.code).toBe(124);
    // toJSON is not consulted: results are copied structurally, and a method is a function, refused by name.
    const json = await h.runtime.run(`module.exports = { toJSON() { return { replaced: true } }, y: 1 };`);
    expect(json.code).toBe(1);
    expect(json.errorMessage).toMatch(/toJSON/);
  });

  it("functions and symbols in results are refused with an error naming where, not handed to the host", async () => {
    // Contained: no guest function ever becomes callable on the host.
    const r = await h.runtime.run(`module.exports = { nested: [1, { fn() { return 1 } }] };`);
    expect(r.code).toBe(1);
    expect(r.errorMessage).toMatch(/function/);
    expect(r.exports).toBeUndefined();
  });

  it("a Promise subclass with a hostile then in exports cannot run after the run ended", async () => {
    // Contained: promises are refused as results; a then() that would run later never runs on the host.
    const r = await h.runtime.run(`class P extends Promise { then(a, b) { globalThis.ran = true; return super.then(a, b) } } module.exports = P.resolve(1);`);
    expect(r.code).toBe(1);
    expect(r.errorMessage).toMatch(/Promise/);
  });

  it("Symbol.species tricks on guest arrays and promises stay in the guest", async () => {
    // Contained: the run ends normally and the result is plain data.
    const r = await h.runtime.run(`
      class A extends Array { static get [Symbol.species]() { return function () { return { hacked: true } } } }
      const mapped = A.from([1, 2]).map((x) => x);
      class Q extends Promise { static get [Symbol.species]() { return Promise } }
      module.exports = (async () => ({ mapped: mapped.hacked === true, settled: await Q.resolve(3).then((x) => x * 2) }))().then((v) => v);`);
    // module.exports is a Promise: refused as a result, as documented.
    expect(r.code).toBe(1);
    const esm = await h.runtime.run(`
      class A extends Array { static get [Symbol.species]() { return function () { return { hacked: true } } } }
      const mapped = A.from([1, 2]).map((x) => x);
      export default { mapped: mapped.hacked === true };`, "/root/species.mjs");
    expect(esm.exports).toEqual({ default: { mapped: true } });
  });

  it("errors from host calls carry no host stack, host paths or host functions", async () => {
    // Contained: a failing op gives a guest Error whose own properties are plain data, and whose stack names no host file.
    const r = await h.runtime.run(`
      let e; try { require("fs").readFileSync("/nope") } catch (err) { e = err }
      const values = Object.getOwnPropertyNames(e).map((k) => typeof e[k]);
      module.exports = { values: [...new Set(values)].sort(), stack: String(e.stack), proto: Object.getPrototypeOf(e) === Error.prototype };`);
    const e = r.exports as { values: string[]; stack: string; proto: boolean };
    expect(e.values.every((t) => t === "string" || t === "number")).toBe(true);
    // Frames name the guest's own files and builtins (node:fs, node:internal/prelude), never a host file.
    expect(e.stack).not.toMatch(/node_modules|\/work\/|dist\/src|worker_threads|\.ts:|file:\/\//);
    expect(e.stack).toMatch(/\/root\/index\.js:2/);
    expect(e.proto).toBe(true);
  });

  it("the guest has no SharedArrayBuffer, Atomics, WebAssembly or host timers to reach across", async () => {
    // Contained: none of the cross-thread or code-loading primitives exist in the guest.
    const r = await h.runtime.run(`module.exports = [typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly, typeof importScripts, typeof postMessage];`);
    expect(r.exports).toEqual(["undefined", "undefined", "undefined", "undefined", "undefined"]);
  });

  it("eval and Function built from strings are the guest's own and see only guest globals", async () => {
    // Contained: indirect eval runs in the guest's global scope; nothing of the host is visible from it.
    const r = await h.runtime.run(`
      const names = (0, eval)("Object.getOwnPropertyNames(globalThis)");
      module.exports = names.filter((n) => /^(process|require|module|Buffer|global)$/.test(n)).sort().concat([typeof (0, eval)("typeof __dirname")]);`);
    const names = r.exports as string[];
    // The guest's own process/Buffer/global may exist; no host-only names do.
    expect(names.every((n) => ["Buffer", "global", "process", "string", "undefined"].includes(n))).toBe(true);
  });

  it("Error.prepareStackTrace set by the guest is never handed host call sites", async () => {
    // Contained (vm2 CVE-2023-29017 style): errors from host calls get their stack inside the guest, as a string;
    // a guest prepareStackTrace hook is never called with host frames, and there is no captureStackTrace to abuse.
    const r = await h.runtime.run(`
      let called = 0; Error.prepareStackTrace = (e, frames) => { called++; return frames };
      let e; try { require("fs").readFileSync("/nope") } catch (err) { e = err }
      module.exports = { called, stackType: typeof e.stack, code: e.code };`);
    expect(r.exports).toEqual({ called: 0, stackType: "string", code: "EACCES" });
  });

  it("an overridden Promise.prototype.then sees only guest values when host async ops settle", async () => {
    // Contained (vm2 promise-handler escapes): host results reach the guest as guest values; every value a hostile
    // then() can observe is built from the guest's own constructors, so none leads back to a host Function.
    const fsHarness = harness({ cpuTimeLimitMs: 2000 }, { permissions: { fs: () => ({ allow: true }) } });
    try {
      const r = await fsHarness.runtime.run(
        `import fs from "node:fs"; const seen = []; const orig = Promise.prototype.then;
         fs.writeFileSync("/root/f.txt", "hi");
         Promise.prototype.then = function (a, b) { seen.push(this); return orig.call(this, (v) => { seen.push(v); return a ? a(v) : v }, b) };
         export const text = await fs.promises.readFile("/root/f.txt", "utf8");
         export const size = await fs.promises.stat("/root/f.txt").then((s) => s.size);
         export const failed = await fs.promises.readFile("/missing").catch((e) => e.code);
         Promise.prototype.then = orig;
         export const observed = seen.length;
         export const allGuest = seen.every((v) => v === null || typeof v !== "object" ||
           (v instanceof Object && v.constructor.constructor("return typeof globalThis.process.binding")() === "undefined"));`,
        "/root/then.mjs",
      );
      expect(r.code).toBe(0);
      const e = r.exports as Record<string, unknown>;
      expect(e).toMatchObject({ text: "hi", size: 2, failed: "ENOENT", allGuest: true });
      expect(e.observed).toBeGreaterThan(2);
    } finally {
      fsHarness.runtime.dispose();
    }
  });

  it("values returned by host calls hold only guest objects and guest functions", async () => {
    // Contained: every object reachable from what host calls return (own properties, accessors, prototypes) belongs
    // to the guest's realm; no host function or host object crosses, so nothing reachable can call the host.
    const all = harness({ cpuTimeLimitMs: 4000 }, { permissions: { fs: () => ({ allow: true }), env: () => ({ allow: true }) } });
    try {
      const r = await all.runtime.run(`
        const fs = require("fs"); fs.writeFileSync("/root/a", "x"); fs.mkdirSync("/root/d");
        const values = [fs.statSync("/root/a"), fs.lstatSync("/root/a", { bigint: true }), fs.readdirSync("/root", { withFileTypes: true }),
          fs.readFileSync("/root/a"), require("os").userInfo(), process.memoryUsage(), require("os").cpus(), process.env, fs.opendirSync("/root")];
        const seen = new Set(); let objects = 0, foreign = 0;
        const walk = (v) => {
          if (v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) return;
          seen.add(v); objects++;
          // A guest object's prototype chain ends at the guest's Object.prototype (or it has none at all).
          let top = v; while (Object.getPrototypeOf(top) !== null) top = Object.getPrototypeOf(top);
          if (top !== Object.prototype && top !== v) foreign++;
          if (typeof v === "function" && v !== Function.prototype && !(v instanceof Function)) foreign++;
          for (const k of Reflect.ownKeys(v)) { const d = Object.getOwnPropertyDescriptor(v, k); walk(d.value); walk(d.get); walk(d.set); }
          walk(Object.getPrototypeOf(v));
        };
        values.forEach(walk);
        module.exports = { objects, foreign };`);
      expect(r.code).toBe(0);
      const e = r.exports as { objects: number; foreign: number };
      expect(e.objects).toBeGreaterThan(100);
      expect(e.foreign).toBe(0);
    } finally {
      all.runtime.dispose();
    }
  });

  it("a value the guest throws from inside a host call's argument handling comes back to the guest unchanged", async () => {
    // Contained: arguments are read in the guest before the host is called, so whatever a Proxy trap throws
    // (symbols, null, proxies) is the guest's own value again; the host never holds or inspects it.
    const r = await h.runtime.run(`
      const out = [];
      for (const v of [Symbol("s"), new Proxy({}, { get() { throw 1 }, getPrototypeOf() { throw 2 } }), null, 7, undefined]) {
        try { require("fs").readFileSync("/etc/hostname", new Proxy({}, { get() { throw v } })); out.push("returned") }
        catch (e) { out.push(e === v) }
      }
      module.exports = out;`);
    expect(r.exports).toEqual([true, true, true, true, true]);
  });

  it("a __proto__ key in options given to a host call is data, not an inherited option", async () => {
    // Contained: an own "__proto__" key (JSON.parse makes one) does not turn into options the host honours, as in
    // Node, and the host's Object.prototype is untouched.
    const check = hostCanary();
    const fsHarness = harness({}, { permissions: { fs: () => ({ allow: true }) } });
    try {
      const r = await fsHarness.runtime.run(`
        const fs = require("fs"); let made;
        try { fs.mkdirSync("/root/p/a/b", JSON.parse('{"__proto__": {"recursive": true}}')); made = true } catch (e) { made = e.code }
        module.exports = { made, exists: fs.existsSync("/root/p") };`);
      check();
      expect(r.exports).toEqual({ made: "ENOENT", exists: false });
    } finally {
      fsHarness.runtime.dispose();
    }
  });

  it("a guest that replaces the builtins the prelude might use still gets correct host calls, and hurts only itself", async () => {
    // Contained: the bridge between guest and host keeps its own references, so hijacked JSON, Object.defineProperty,
    // Array.prototype.push and an Object.prototype "code" getter neither reach the host nor forge host results;
    // the next run starts from untouched builtins.
    const r = await h.runtime.run(`
      const fs = require("fs"); const saved = { parse: JSON.parse, stringify: JSON.stringify, dp: Object.defineProperty, push: Array.prototype.push };
      saved.dp(Object.prototype, "code", { get() { return "FORGED" }, set(v) {}, configurable: true });
      JSON.parse = () => { throw new Error("hijacked parse") }; JSON.stringify = () => { throw new Error("hijacked stringify") };
      Object.defineProperty = () => { throw new Error("hijacked defineProperty") }; Array.prototype.push = () => { throw new Error("hijacked push") };
      let err; try { fs.readFileSync("/etc/passwd") } catch (e) { err = e }
      let thrown; try { fs.readdirSync("/") } catch (e) { thrown = e }
      JSON.parse = saved.parse; JSON.stringify = saved.stringify; Object.defineProperty = saved.dp; Array.prototype.push = saved.push;
      const ownCode = Object.getOwnPropertyDescriptor(err, "code");
      delete Object.prototype.code;
      module.exports = { name: err.name, ownCode: ownCode && ownCode.value, msg: err.message.split(",")[0], readdir: thrown && thrown.code };`);
    expect(r.code).toBe(0);
    expect(r.exports).toEqual({ name: "Error", ownCode: "EACCES", msg: "EACCES: permission denied", readdir: "EACCES" });
    const next = await h.runtime.run(`module.exports = [typeof JSON.parse("1"), Object.prototype.hasOwnProperty("code"), [].push.name];`);
    expect(next.exports).toEqual(["number", false, "push"]);
  });
});
