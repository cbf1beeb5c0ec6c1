import { afterAll, describe, expect, it } from "vitest";
import { allowAllEnv } from "../dist/src/index.js";
import { harness } from "./helpers.js";

describe("CommonJS programs", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it("module.exports, exports and this", async () => {
    expect((await h.runtime.run("exports.a = 1; this.b = 2; module.exports.c = exports === this")).exports).toEqual({ a: 1, b: 2, c: true });
    expect((await h.runtime.run("module.exports = [1, 'two', null]")).exports).toEqual([1, "two", null]);
  });

  it("require of built-in names, with and without node:", async () => {
    const result = await h.runtime.run(`
      const a = require("events"), b = require("node:events");
      const path = require("path");
      module.exports = {
        same: a === b,
        emitter: typeof a.EventEmitter,
        join: path.join("/a/b", "../c"),
        timers: typeof require("node:timers").setTimeout,
        os: require("os").platform(),
        util: require("util").format("%s=%d", "x", 5),
        processIsGlobal: require("process") === process,
      };
    `);
    expect(result.code).toBe(0);
    expect(result.exports).toEqual({ same: true, emitter: "function", join: "/a/c", timers: "function", os: "linux", util: "x=5", processIsGlobal: true });
  });

  it("require of an unknown module throws MODULE_NOT_FOUND", async () => {
    const result = await h.runtime.run(`try { require("left-pad") } catch (e) { module.exports = [e.code, e.message.split("\\n")[0]] }`);
    expect(result.exports).toEqual(["MODULE_NOT_FOUND", "Cannot find module 'left-pad'"]);
    expect((await h.runtime.run(`require("internal/inspect")`)).code).toBe(1);
  });

  it("a syntax error is an uncaught error", async () => {
    const result = await h.runtime.run("let x = ;", "/app/bad.js");
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(/SyntaxError/);
  });
});

describe("ES modules", () => {
  const h = harness();
  afterAll(() => h.runtime.dispose());

  it("a .mjs file's namespace becomes exports", async () => {
    const result = await h.runtime.run("export const a = 1; export default 'd';", "/app/main.mjs");
    expect(result.code).toBe(0);
    expect(result.exports).toEqual({ a: 1, default: "d" });
  });

  it("module syntax in a .js file is detected", async () => {
    const result = await h.runtime.run("import { join } from 'node:path'; export const p = join('/x', 'y');");
    expect(result.exports).toEqual({ p: "/x/y" });
  });

  it("imports built-ins by default and by name", async () => {
    const result = await h.runtime.run(
      "import os from 'os'; import { EventEmitter } from 'node:events'; import * as timers from 'timers'; export const r = [os.arch(), typeof EventEmitter, typeof timers.setTimeout];",
      "/m.mjs",
    );
    expect(result.exports).toEqual({ r: ["x64", "function", "function"] });
  });

  it("top-level await settles before the run ends", async () => {
    const result = await h.runtime.run("export const v = await new Promise((r) => setTimeout(() => r(7), 5));", "/m.mjs");
    expect(result).toMatchObject({ code: 0, exports: { v: 7 } });
  });

  it("a rejected top-level await is an uncaught error", async () => {
    const result = await h.runtime.run("await Promise.reject(new Error('late failure'));", "/m.mjs");
    expect(result.code).toBe(1);
    expect(result.errorMessage).toContain("late failure");
  });

  it("a missing import fails with ERR_MODULE_NOT_FOUND-style message", async () => {
    const result = await h.runtime.run("import x from 'nope'; export default x;", "/m.mjs");
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(/Cannot find package 'nope' imported from \/m.mjs/);
  });
});

describe("console", () => {
  it("goes to onStdio by channel, formatted like util.format", async () => {
    const h = harness();
    const result = await h.runtime.exec(`
      console.log("a", 1, -0, 2n, true, null, undefined);
      console.info("%s is %d years and %i days; %j %o %%", "Bob", 42.5, 3.9, {a: 1}, [1]);
      console.debug({ nested: { deep: { deeper: { deepest: 1 } } }, list: [1, 2, 3], s: "str" });
      console.error(new Map([["k", 1]]), new Set([1]));
      console.warn("warned", [undefined, null]);
      console.log(Symbol("s"), function named() {}, class K {});
    `);
    expect(result.code).toBe(0);
    expect(h.stdout()).toBe(
      "a 1 -0 2n true null undefined\n" +
        "Bob is 42.5 years and 3 days; {\"a\":1} [ 1, [length]: 1 ] %\n" +
        "{ nested: { deep: { deeper: [Object] } }, list: [ 1, 2, 3 ], s: 'str' }\n" +
        "Symbol(s) [Function: named] [class K]\n",
    );
    expect(h.stderr()).toBe("Map(1) { 'k' => 1 } Set(1) { 1 }\nwarned [ undefined, null ]\n");
    h.runtime.dispose();
  });

  it("is dropped without a hook", async () => {
    const h = harness({ onStdio: undefined });
    expect((await h.runtime.exec("for (let i = 0; i < 100; i++) console.log(i)")).code).toBe(0);
    h.runtime.dispose();
  });

  it("process.stdout.write and stderr.write", async () => {
    const h = harness();
    await h.runtime.exec("process.stdout.write('no newline'); process.stderr.write(new Uint8Array([104, 105]));");
    expect(h.stdout()).toBe("no newline");
    expect(h.stderr()).toBe("hi");
    h.runtime.dispose();
  });
});

describe("process", () => {
  it("exit, argv, env, cwd and platform from processConfig", async () => {
    const h = harness({}, {
      processConfig: { cwd: "/app", argv: ["node", "/app/x.js", "--flag"], platform: "darwin", arch: "arm64", env: { A: "1", B: "2" } },
      permissions: { env: (r) => ({ allow: r.key === "A" }) },
    });
    const result = await h.runtime.run(
      "module.exports = [process.argv, process.env.A, process.env.B, 'B' in process.env, Object.keys(process.env), process.cwd(), process.platform, process.arch]",
    );
    expect(result.exports).toEqual([["node", "/app/x.js", "--flag"], "1", undefined, false, ["A"], "/app", "darwin", "arm64"]);
    h.runtime.dispose();
  });

  it("process.exit(n) ends the program at once with code n", async () => {
    const h = harness();
    const result = await h.runtime.exec("console.log('before'); process.exit(7); console.log('after');");
    expect(result.code).toBe(7);
    expect(h.stdout()).toBe("before\n");
    const caught = await h.runtime.exec("try { process.exit(4) } catch {} console.log('still here'); setTimeout(() => console.log('timer'), 1);");
    expect(caught.code).toBe(4);
    expect(h.stdout()).toBe("before\n");
    h.runtime.dispose();
  });

  it("exitCode and the exit event", async () => {
    const h = harness();
    const result = await h.runtime.exec("process.on('exit', (c) => { console.log('exit', c); process.exitCode = 9 }); process.exitCode = 2;");
    expect(result.code).toBe(9);
    expect(h.stdout()).toBe("exit 2\n");
    h.runtime.dispose();
  });

  it("env writes go through the env permission", async () => {
    const denied = harness();
    const d = await denied.runtime.run("try { process.env.X = 'y'; module.exports = 'written' } catch (e) { module.exports = [e.code, e.message, process.env.X] }");
    expect(d.exports).toEqual(["EACCES", expect.stringContaining("permission denied, setenv 'X'"), undefined]);
    denied.runtime.dispose();
    const allowed = harness({}, { permissions: allowAllEnv, processConfig: { env: { K: "v" } } });
    const a = await allowed.runtime.run("process.env.X = 5; delete process.env.K; module.exports = [process.env.X, process.env.K]");
    expect(a.exports).toEqual(["5", undefined]);
    allowed.runtime.dispose();
  });

  it("a permission check that throws or answers nonsense denies, with a message that says so", async () => {
    const h = harness({}, { permissions: { env: (r) => { if (r.op === "write") throw new Error("checker broke"); return { allow: true }; } } });
    const r = await h.runtime.run("try { process.env.X = '1' } catch (e) { module.exports = e.message }");
    expect(r.exports).toMatch(/the env permission check threw: checker broke/);
    h.runtime.dispose();
    const h2 = harness({}, { permissions: { env: (() => "yes") as never } });
    const r2 = await h2.runtime.run("try { process.env.X = '1' } catch (e) { module.exports = e.message }");
    expect(r2.exports).toMatch(/did not return a decision/);
    h2.runtime.dispose();
  });

  it("uncaught errors give code 1 with message and stack, also on stderr", async () => {
    const h = harness();
    const result = await h.runtime.exec("function thrower() { throw new TypeError('bad thing') }\nthrower()", { filePath: "/app/t.js" });
    expect(result.code).toBe(1);
    expect(result.errorMessage).toMatch(/^TypeError: bad thing\n\s+at thrower \(\/app\/t\.js:1:/);
    expect(h.stderr()).toContain("TypeError: bad thing");
    const thrownString = await h.runtime.exec("throw 'plain'");
    expect(thrownString.errorMessage).toBe("Uncaught 'plain'");
    const inTimer = await h.runtime.exec("setTimeout(() => { null.x }, 1)");
    expect(inTimer.code).toBe(1);
    expect(inTimer.errorMessage).toMatch(/TypeError/);
    h.runtime.dispose();
  });
});
