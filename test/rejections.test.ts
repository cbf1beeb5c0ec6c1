import { afterAll, describe, expect, it } from "vitest";
import { harness } from "./helpers.js";

describe("unhandled rejections, as Node reports them", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it.each([
    ["Promise.reject", "Promise.reject(new Error('rejected'))", /^Error: rejected\n\s+at /],
    ["a throwing async function whose promise is dropped", "async function main() { throw new Error('async boom') }\nmain()", /^Error: async boom/],
    ["a rejection inside a timer", "setTimeout(() => Promise.reject(new TypeError('in timer')), 1)", /^TypeError: in timer/],
    ["a handler attached only in a later macrotask", "const p = Promise.reject(new Error('late')); setTimeout(() => p.catch(() => {}), 1)", /^Error: late/],
    [
      "a non-error reason",
      "new Promise((_, reject) => reject('plain'))",
      /^UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with \.catch\(\)\. The promise rejected with the reason "plain"\.$/,
    ],
  ])("%s gives code 1", async (_name, code, message) => {
    const result = await h.runtime.exec(code);
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(message);
  });

  it.each([
    ["handled within the same microtask drain", "const p = Promise.reject(new Error('x')); Promise.resolve().then(() => p.catch(() => {}))"],
    ["awaited in a try block", "(async () => { try { await Promise.reject(new Error('x')) } catch {} })()"],
    ["caught by a chained catch", "Promise.reject(new Error('x')).then(() => {}).catch(() => {})"],
  ])("%s is not reported", async (_name, code) => {
    expect((await h.runtime.exec(code)).code).toBe(0);
  });

  it("process.on('unhandledRejection') listeners receive it instead", async () => {
    const out: string[] = [];
    const result = await h.runtime.exec(
      "process.on('unhandledRejection', (reason, promise) => console.log('got', reason.message, promise instanceof Promise)); Promise.reject(new Error('to listener'))",
      { onStdio: (e) => out.push(e.message) },
    );
    expect(result.code).toBe(0);
    expect(out.join("")).toBe("got to listener true\n");
  });

  it("in an ES module, and its top-level await", async () => {
    expect((await h.runtime.run("Promise.reject(new Error('esm'))", "/m.mjs")).errorMessage).toMatch(/^Error: esm/);
    const tla = await h.runtime.run("try { await Promise.reject(new Error('caught')) } catch {} export const ok = 1", "/m.mjs");
    expect(tla).toMatchObject({ code: 0, exports: { ok: 1 } });
  });
});
