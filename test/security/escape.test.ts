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
});
