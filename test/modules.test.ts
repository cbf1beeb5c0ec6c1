import { afterAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { allowAllFs, createInMemoryFileSystem, type FsAccessRequest, type VirtualFileSystem } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const hostRequire = createRequire(import.meta.url);

/** An in-memory filesystem holding `files` (path -> content). */
async function filesystemWith(files: Record<string, string>): Promise<VirtualFileSystem> {
  const fs = createInMemoryFileSystem();
  for (const [path, content] of Object.entries(files)) await fs.writeFile(path, content);
  return fs;
}

const PROJECT: Record<string, string> = {
  "/app/lib/math.js": "exports.add = (a, b) => a + b; exports.loadedFrom = __filename;",
  "/app/lib/data.json": '{ "name": "data", "list": [1, 2] }',
  "/app/lib/legacy.cjs": "module.exports = function legacy() { return 'cjs'; };",
  "/app/lib/dir/index.js": "module.exports = { dir: __dirname };",
  "/app/lib/cycle-a.js": "exports.a = 1; const b = require('./cycle-b'); exports.fromB = b.b; exports.bSawA = b.sawA;",
  "/app/lib/cycle-b.js": "const a = require('./cycle-a'); exports.sawA = a.a; exports.b = 2;",
  "/app/lib/throws.js": "throw new Error('load failed');",
  "/app/lib/esm.mjs": "export const value = 42; export default 'esm-default';",
  "/app/node_modules/main-pkg/package.json": '{ "name": "main-pkg", "main": "lib/entry" }',
  "/app/node_modules/main-pkg/lib/entry.js": "module.exports = 'main-pkg entry';",
  "/app/node_modules/cond-pkg/package.json": JSON.stringify({
    name: "cond-pkg",
    exports: {
      ".": { import: "./esm.mjs", require: "./cjs.js" },
      "./feature": { node: "./feature-node.js", default: "./feature-default.js" },
      "./sub/*": "./subdir/*.js",
      "./private/*": null,
    },
  }),
  "/app/node_modules/cond-pkg/cjs.js": "module.exports = { kind: 'require' };",
  "/app/node_modules/cond-pkg/esm.mjs": "export const kind = 'import';",
  "/app/node_modules/cond-pkg/feature-node.js": "module.exports = 'node';",
  "/app/node_modules/cond-pkg/feature-default.js": "module.exports = 'default';",
  "/app/node_modules/cond-pkg/subdir/thing.js": "module.exports = 'sub thing';",
  "/app/node_modules/cond-pkg/hidden.js": "module.exports = 'hidden';",
  "/app/node_modules/@scope/pkg/package.json": '{ "name": "@scope/pkg", "type": "module", "exports": "./index.js" }',
  "/app/node_modules/@scope/pkg/index.js": "export default 'scoped esm';",
  "/node_modules/top-pkg/index.js": "module.exports = 'found at /node_modules';",
  "/app/package.json": JSON.stringify({ name: "app", imports: { "#internal": "./lib/math.js" } }),
};

describe("require", () => {
  const runtimes: Array<{ dispose(): void }> = [];
  afterAll(() => runtimes.forEach((r) => r.dispose()));

  async function run(code: string, files = PROJECT, filePath = "/app/main.js") {
    const h = harness({}, { filesystem: await filesystemWith(files), permissions: allowAllFs });
    runtimes.push(h.runtime);
    const result = await h.runtime.exec(code, { filePath, cwd: "/app" });
    const exported = await h.runtime.run(code, filePath);
    return { ...exported, exitCode: result.code, stderr: h.stderr() };
  }

  it("loads relative .js, .json, .cjs files and directory index.js", async () => {
    const r = await run(`
      const math = require('./lib/math');
      module.exports = {
        sum: math.add(2, 3),
        from: math.loadedFrom,
        json: require('./lib/data.json'),
        legacy: require('./lib/legacy.cjs')(),
        dir: require('./lib/dir').dir,
        same: require('./lib/math.js') === math,
      };
    `);
    expect(r.errorMessage).toBeUndefined();
    expect(r.exports).toEqual({ sum: 5, from: "/app/lib/math.js", json: { name: "data", list: [1, 2] }, legacy: "cjs", dir: "/app/lib/dir", same: true });
  });

  it("handles cycles as Node does (partial exports) and forgets modules that failed to load", async () => {
    const r = await run(`
      const a = require('./lib/cycle-a');
      let first, second;
      try { require('./lib/throws'); } catch (e) { first = e.message; }
      try { require('./lib/throws'); } catch (e) { second = e.message; }
      module.exports = { a, first, second, cached: Object.keys(require.cache).map((k) => k.replace('/app/', '')).sort() };
    `);
    expect(r.exports).toEqual({
      a: { a: 1, fromB: 2, bSawA: 1 },
      first: "load failed",
      second: "load failed",
      cached: ["lib/cycle-a.js", "lib/cycle-b.js", "main.js"],
    });
  });

  it("finds packages up the tree: main, exports with require conditions, patterns, scoped packages, package imports", async () => {
    const r = await run(`
      module.exports = {
        main: require('main-pkg'),
        cond: require('cond-pkg').kind,
        feature: require('cond-pkg/feature'),
        sub: require('cond-pkg/sub/thing'),
        top: require('top-pkg'),
        internal: require('#internal').add(1, 1),
        resolved: require.resolve('cond-pkg'),
        builtin: require.resolve('node:fs'),
      };
    `);
    expect(r.errorMessage).toBeUndefined();
    expect(r.exports).toEqual({
      main: "main-pkg entry",
      cond: "require",
      feature: "node",
      sub: "sub thing",
      top: "found at /node_modules",
      internal: 2,
      resolved: "/app/node_modules/cond-pkg/cjs.js",
      builtin: "node:fs",
    });
  });

  it("refuses what exports does not export, and reports missing modules with Node's require stack", async () => {
    const r = await run(`
      const errors = {};
      for (const id of ['cond-pkg/hidden.js', 'cond-pkg/private/x', 'nope', './missing', 'node:nope']) {
        try { require(id); } catch (e) { errors[id] = [e.code, e.message]; }
      }
      module.exports = errors;
    `);
    const errors = r.exports as Record<string, [string, string]>;
    expect(errors["cond-pkg/hidden.js"]![0]).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
    expect(errors["cond-pkg/hidden.js"]![1]).toContain("Package subpath './hidden.js' is not defined by \"exports\"");
    expect(errors["cond-pkg/private/x"]![0]).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED");
    expect(errors["nope"]).toEqual(["MODULE_NOT_FOUND", "Cannot find module 'nope'\nRequire stack:\n- /app/main.js"]);
    expect(errors["./missing"]).toEqual(["MODULE_NOT_FOUND", "Cannot find module './missing'\nRequire stack:\n- /app/main.js"]);
    expect(errors["node:nope"]).toEqual(["ERR_UNKNOWN_BUILTIN_MODULE", "No such built-in module: node:nope"]);
  });

  it("require() of an ES module gives its namespace, as Node 22 does (with __esModule for a default export)", async () => {
    const r = await run(`const ns = require('./lib/esm.mjs'); module.exports = [Object.keys(ns), ns.value, ns.default, ns.__esModule, require('./lib/esm.mjs') === ns];`);
    expect(r.exports).toEqual([["__esModule", "default", "value"], 42, "esm-default", true, true]);
  });

  it("module.createRequire and the module builtin", async () => {
    const r = await run(`
      const { createRequire, builtinModules, isBuiltin } = require('module');
      const req = createRequire('/app/lib/');
      module.exports = { math: req('./math').add(1, 2), fs: builtinModules.includes('fs'), isBuiltin: [isBuiltin('node:path'), isBuiltin('nope')] };
    `);
    expect(r.exports).toEqual({ math: 3, fs: true, isBuiltin: [true, false] });
  });

  it("asks the fs permission for every probe (op stat) and read (op read); denied probes count as absent", async () => {
    const requests: FsAccessRequest[] = [];
    const fs = await filesystemWith(PROJECT);
    const h = harness({}, {
      filesystem: fs,
      permissions: { fs: (req) => (requests.push(req), { allow: req.path.startsWith("/app/") && !req.path.includes("math") }) },
    });
    runtimes.push(h.runtime);
    const r = await h.runtime.run(
      `let err; try { require('./lib/math'); } catch (e) { err = e.code; }
       module.exports = { json: require('./lib/data.json').name, err, top: (() => { try { return require('top-pkg'); } catch (e) { return e.code; } })() };`,
      "/app/main.js",
    );
    expect(r.exports).toEqual({ json: "data", err: "MODULE_NOT_FOUND", top: "MODULE_NOT_FOUND" });
    expect(requests).toContainEqual({ op: "read", path: "/app/lib/data.json" });
    expect(requests).toContainEqual({ op: "stat", path: "/app/lib/data.json" });
    expect(requests.some((q) => q.path.startsWith("/node_modules") && q.op === "read")).toBe(false);
  });

  it("a program that requires nothing asks the host nothing", async () => {
    const requests: FsAccessRequest[] = [];
    const h = harness({}, { permissions: { fs: (req) => (requests.push(req), { allow: true }) } });
    runtimes.push(h.runtime);
    const r = await h.runtime.run("module.exports = [typeof require, 1 + 1];");
    expect(r.exports).toEqual(["function", 2]);
    expect(requests).toEqual([]);
  });
});

describe("import", () => {
  const runtimes: Array<{ dispose(): void }> = [];
  afterAll(() => runtimes.forEach((r) => r.dispose()));

  async function runModule(code: string, filePath = "/app/main.mjs") {
    const h = harness({}, { filesystem: await filesystemWith(PROJECT), permissions: allowAllFs });
    runtimes.push(h.runtime);
    return h.runtime.run(code, filePath);
  }

  it("imports ES modules, CommonJS files (default and named), JSON and packages with import conditions", async () => {
    const r = await runModule(`
      import esmDefault, { value } from './lib/esm.mjs';
      import math, { add } from './lib/math.js';
      import data from './lib/data.json';
      import { kind } from 'cond-pkg';
      import scoped from '@scope/pkg';
      import main from 'main-pkg';
      export const out = { esmDefault, value, sum: add(2, 2), same: math.add === add, data: data.name, kind, scoped, main };
    `);
    expect(r.errorMessage).toBeUndefined();
    expect((r.exports as { out: unknown }).out).toEqual({
      esmDefault: "esm-default", value: 42, sum: 4, same: true, data: "data", kind: "import", scoped: "scoped esm", main: "main-pkg entry",
    });
  });

  it("dynamic import() from CommonJS and from ES modules", async () => {
    const fs = await filesystemWith(PROJECT);
    const h = harness({}, { filesystem: fs, permissions: allowAllFs });
    runtimes.push(h.runtime);
    const cjs = await h.runtime.run(
      `import('./lib/esm.mjs').then((m) => { module.exports.value = m.value; module.exports.def = m.default; });`,
      "/app/main.js",
    );
    expect(cjs.exports).toEqual({ value: 42, def: "esm-default" });
    const esm = await h.runtime.run(`const m = await import('cond-pkg'); export const kind = m.kind;`, "/app/main.mjs");
    expect(esm.exports).toEqual({ kind: "import" });
  });

  it("a missing import names what is missing and who imported it", async () => {
    const r = await runModule(`import x from './nope.mjs';`);
    expect(r.code).toBe(1);
    expect(r.errorMessage).toContain("Cannot find module '/app/nope.mjs' imported from /app/main.mjs");
    const pkg = await runModule(`import x from 'no-such-pkg';`);
    expect(pkg.errorMessage).toContain("Cannot find package 'no-such-pkg' imported from /app/main.mjs");
  });
});

describe("the read-only node_modules overlay with a real package (semver, a devDependency)", () => {
  const semverVersion = (hostRequire("semver/package.json") as { version: string }).version;
  const runtimes: Array<{ dispose(): void }> = [];
  afterAll(() => runtimes.forEach((r) => r.dispose()));

  it("is required from CommonJS and imported from an ES module, and cannot be written", async () => {
    const h = harness({}, { permissions: allowAllFs, moduleAccess: { cwd: process.cwd() } });
    runtimes.push(h.runtime);
    const cjs = await h.runtime.run(`
      const semver = require('semver');
      const fs = require('fs');
      let write;
      try { fs.writeFileSync('/root/node_modules/semver/index.js', 'pwned'); } catch (e) { write = e.code; }
      module.exports = {
        valid: semver.valid('1.2.3'),
        gt: semver.gt('2.0.0', '1.9.9'),
        range: semver.satisfies('1.5.0', '^1.2.0'),
        version: JSON.parse(fs.readFileSync('/root/node_modules/semver/package.json', 'utf8')).version,
        write,
      };
    `);
    expect(cjs.errorMessage).toBeUndefined();
    expect(cjs.exports).toEqual({ valid: "1.2.3", gt: true, range: true, version: semverVersion, write: "EACCES" });
    const esm = await h.runtime.run(
      `import semver from 'semver'; import { satisfies } from 'semver'; export default [semver.major('3.4.5'), satisfies('1.0.0', '>=1')];`,
      "/root/main.mjs",
    );
    expect(esm.errorMessage).toBeUndefined();
    expect((esm.exports as { default: unknown }).default).toEqual([3, true]);
  });
});
