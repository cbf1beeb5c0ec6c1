// `module.load` sends a node_modules package's files ahead with its first
// require when the fs permission is the allow-all preset (module-prefetch.ts):
// the package's own requires then cost no host call. What the guest sees must
// be what it sees without it (a permission closure that allows everything
// takes the ordinary path, one host call per require), and nothing that may
// change during a run (the guest's own files, node_modules folders outside
// the overlay) is ever answered ahead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allowAllFs, createInMemoryFileSystem, type Permissions } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const runtimes: Array<{ dispose(): void }> = [];
afterAll(() => runtimes.forEach((r) => r.dispose()));

const LEAVES = 12;
let host: string;
beforeAll(() => {
  host = mkdtempSync(join(tmpdir(), "quickexec-module-prefetch-"));
  const pkg = join(host, "node_modules", "pre-pkg");
  mkdirSync(join(pkg, "lib", "deep"), { recursive: true });
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "pre-pkg", main: "lib/index.js" }));
  const leaves = Array.from({ length: LEAVES }, (_, i) => `require('./deep/leaf${i}')`).join(", ");
  writeFileSync(
    join(pkg, "lib", "index.js"),
    `let evaluations = (globalThis.preEvaluations = (globalThis.preEvaluations || 0) + 1);
     exports.evaluations = evaluations;
     exports.helper = require('./helper');
     exports.data = require("../data.json");
     exports.leaves = [${leaves}].map((l) => l.name);
     exports.resolve = (request) => require.resolve(request);
     exports.lazy = () => require('./lazy');
     exports.outside = () => require('/app/outside.js');
     exports.other = () => require('other-pkg');
     exports.esm = () => { try { const ns = require('./esm.mjs'); return [ns.default, ns.__esModule]; } catch (e) { return [e.code, e.message]; } };
     exports.missing = () => { try { require('./nope'); } catch (e) { return [e.code, e.message, e.requireStack]; } };`,
  );
  writeFileSync(join(pkg, "lib", "helper.js"), "module.exports = 'helper:' + require('./deep/leaf0').name;");
  for (let i = 0; i < LEAVES; i++) writeFileSync(join(pkg, "lib", "deep", `leaf${i}.js`), `exports.name = 'leaf${i}'; exports.file = __filename;`);
  writeFileSync(join(pkg, "lib", "lazy.js"), "module.exports = 'lazy ' + module.parent.id;");
  writeFileSync(join(pkg, "lib", "esm.mjs"), "export default 1;");
  writeFileSync(join(pkg, "data.json"), '{ "n": 7 }');
  const esm = join(host, "node_modules", "esm-pkg");
  mkdirSync(join(esm, "lib"), { recursive: true });
  writeFileSync(join(esm, "package.json"), JSON.stringify({ name: "esm-pkg", type: "module", exports: { ".": "./lib/index.js", "./lib/*": "./lib/*" } }));
  const imports = Array.from({ length: LEAVES }, (_, i) => `import { name as leaf${i} } from './leaf${i}.js';`).join("\n");
  writeFileSync(
    join(esm, "lib", "index.js"),
    `${imports}
     import helper from "./helper.js";
     import cjs from './legacy.cjs';
     export { shared } from './shared.js';
     export const leaves = [${Array.from({ length: LEAVES }, (_, i) => `leaf${i}`).join(", ")}];
     export const url = import.meta.url;
     export { helper, cjs };
     export const outside = () => import('/app/outside.mjs').then((ns) => ns.default);
     export const other = () => import('other-esm').then((ns) => ns.default);
     export const missing = () => import('./nope.js').then(() => 'found', (e) => [e.code, e.message]);
     export const lazy = () => import('./lazy.js').then((ns) => ns.default);`,
  );
  writeFileSync(join(esm, "lib", "helper.js"), "import { shared } from './shared.js'; export default 'helper:' + shared;");
  writeFileSync(join(esm, "lib", "shared.js"), "globalThis.sharedEvaluations = (globalThis.sharedEvaluations || 0) + 1; export const shared = 'shared' + globalThis.sharedEvaluations;");
  writeFileSync(join(esm, "lib", "legacy.cjs"), "module.exports = { legacy: require('./leaf0.cjs') };");
  writeFileSync(join(esm, "lib", "leaf0.cjs"), "module.exports = 'cjs leaf';");
  writeFileSync(join(esm, "lib", "lazy.js"), "export default 'lazy';");
  for (let i = 0; i < LEAVES; i++) writeFileSync(join(esm, "lib", `leaf${i}.js`), `export const name = 'leaf${i}';`);
});
afterAll(() => rmSync(host, { recursive: true, force: true }));

function runtimeWith(permissions: Permissions) {
  const h = harness({}, { permissions, moduleAccess: { cwd: host } });
  runtimes.push(h.runtime);
  return h.runtime;
}

/** Allows everything, as the preset does, but as a closure of the host's own: every require asks the host. */
const allowingClosure: Permissions = { fs: () => ({ allow: true }) };

/** `program` run twice on a runtime under the allow-all preset and on one asking `allowingClosure`: each run's pair of results. */
async function aheadAndAsking(program: string) {
  const ahead = runtimeWith(allowAllFs);
  const asking = runtimeWith(allowingClosure);
  const pairs = [];
  for (let run = 0; run < 2; run++) pairs.push([await ahead.run(program, "/app/main.js"), await asking.run(program, "/app/main.js")] as const);
  return pairs;
}

const PROGRAM = `const pkg = require('pre-pkg');
  const main = require.cache[require.resolve('pre-pkg')];
  const tree = (m) => [m.id, m.loaded, m.children.map(tree)];
  const first = [pkg.helper, pkg.data, pkg.leaves, pkg.lazy(), pkg.esm(), pkg.missing(), pkg.evaluations];
  const resolved = ['./deep/leaf3', '../data.json', './helper'].map(pkg.resolve);
  const paths = main.paths;
  delete require.cache[require.resolve('pre-pkg/lib/deep/leaf3.js')];
  const again = require('pre-pkg/lib/deep/leaf3.js');
  delete require.cache[require.resolve('pre-pkg')];
  const reloaded = require('pre-pkg');
  module.exports = [first, Object.keys(require.cache), tree(main), resolved, paths, again.name, reloaded.evaluations, reloaded.helper];`;

describe("a package's files sent ahead with its first require", () => {
  it("gives the same modules, cache and errors as asking the host for each require", async () => {
    const ahead = await runtimeWith(allowAllFs).run(PROGRAM, "/app/main.js");
    const asking = await runtimeWith(allowingClosure).run(PROGRAM, "/app/main.js");
    expect(ahead.code).toBe(0);
    expect(asking.code).toBe(0);
    expect(ahead.exports).toEqual(asking.exports);
    const [first, cacheKeys, , resolved, , again, evaluations, helper] = ahead.exports as [unknown[], string[], unknown, string[], unknown, string, number, string];
    expect(resolved).toEqual(["/root/node_modules/pre-pkg/lib/deep/leaf3.js", "/root/node_modules/pre-pkg/data.json", "/root/node_modules/pre-pkg/lib/helper.js"]);
    expect(first.slice(0, 4)).toEqual([
      "helper:leaf0",
      { n: 7 },
      Array.from({ length: LEAVES }, (_, i) => `leaf${i}`),
      "lazy /root/node_modules/pre-pkg/lib/index.js",
    ]);
    // require(esm), as in Node 22: the namespace, with __esModule for a default export.
    expect(first[4]).toEqual([1, true]);
    expect(first[5]).toEqual(["MODULE_NOT_FOUND", expect.stringContaining("Cannot find module './nope'"), ["/root/node_modules/pre-pkg/lib/index.js", "/app/main.js"]]);
    expect(cacheKeys).toContain("/root/node_modules/pre-pkg/lib/deep/leaf11.js");
    // A module taken out of require.cache is evaluated again, as in Node.
    expect([again, evaluations, helper]).toEqual(["leaf3", 2, "helper:leaf0"]);
  });

  it("costs one host call for the whole package under the allow-all preset", async () => {
    const program = `require('pre-pkg'); module.exports = 0;`;
    // Each host call is charged one unit of fuel; the same guest code runs in both.
    for (const [a, b] of await aheadAndAsking(program)) {
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      // index.js, helper.js, data.json and twelve leaves: fifteen requires of which only the first goes to the host.
      expect(b.stats.fuel - a.stats.fuel).toBeGreaterThanOrEqual(LEAVES + 2);
    }
  });

  it("never answers ahead what the guest may change: its own files and node_modules outside the overlay", async () => {
    // Both exist when the package is first required, so a prefetch that ignored where they are would send them.
    const filesystem = createInMemoryFileSystem();
    await filesystem.writeFile("/app/outside.js", "module.exports = 'host outside';");
    await filesystem.writeFile("/node_modules/other-pkg/index.js", "module.exports = 'host other';");
    const h = harness({}, { permissions: allowAllFs, filesystem, moduleAccess: { cwd: host } });
    runtimes.push(h.runtime);
    for (let run = 0; run < 2; run++) {
      const result = await h.runtime.run(
        `const fs = require('fs');
         const pkg = require('pre-pkg');
         fs.writeFileSync('/app/outside.js', "module.exports = 'guest outside ${run}';");
         fs.writeFileSync('/node_modules/other-pkg/index.js', "module.exports = 'guest other ${run}';");
         module.exports = [pkg.outside(), pkg.other()];`,
        "/app/main.js",
      );
      expect(result.exports).toEqual([`guest outside ${run}`, `guest other ${run}`]);
    }
  });

  it("gives a Module.prototype._compile of the program's own the text of each file sent ahead", async () => {
    const program = `const Module = require('module');
      const base = Module.prototype._compile;
      const seen = [];
      Module.prototype._compile = function (content, filename) {
        seen.push([filename.slice(filename.indexOf('pre-pkg')), typeof content, content.length]);
        return base.call(this, content, filename);
      };
      const pkg = require('pre-pkg');
      Module.prototype._compile = base;
      module.exports = [seen, pkg.helper, pkg.data];`;
    for (const [a, b] of await aheadAndAsking(program)) {
      expect(a.code).toBe(0);
      expect(a.exports).toEqual(b.exports);
      const [seen] = a.exports as [Array<[string, string, number]>];
      // index.js, helper.js and the twelve leaves (data.json is parsed, not compiled).
      expect(seen).toHaveLength(LEAVES + 2);
      expect(seen.every(([, type, length]) => type === "string" && length > 0)).toBe(true);
    }
  });

  it("sends an ES module package ahead with its first import: the same modules and errors, one host call", async () => {
    const filesystem = createInMemoryFileSystem();
    await filesystem.writeFile("/app/outside.mjs", "export default 'host outside';");
    await filesystem.writeFile("/node_modules/other-esm/package.json", JSON.stringify({ name: "other-esm", type: "module", main: "index.js" }));
    await filesystem.writeFile("/node_modules/other-esm/index.js", "export default 'host other';");
    const program = (run: number) => `import * as pkg from 'esm-pkg';
      import { writeFileSync } from 'node:fs';
      const before = [await pkg.outside(), await pkg.other()];
      writeFileSync('/app/outside2.mjs', "export default 'guest ${run}';");
      const again = await import('esm-pkg/lib/leaf3.js');
      export const out = [pkg.leaves, pkg.helper, pkg.shared, pkg.cjs, pkg.url, before, await pkg.missing(), await pkg.lazy(), again.name, (await import('/app/outside2.mjs')).default];`;
    const make = (permissions: Permissions) => {
      const h = harness({}, { permissions, filesystem, moduleAccess: { cwd: host } });
      runtimes.push(h.runtime);
      return h.runtime;
    };
    const ahead = make(allowAllFs);
    const asking = make(allowingClosure);
    for (let run = 0; run < 2; run++) {
      const a = await ahead.run(program(run), "/app/main.mjs");
      const b = await asking.run(program(run), "/app/main.mjs");
      expect(a.errorMessage).toBeUndefined();
      expect(a.exports).toEqual(b.exports);
      const [leaves, helper, shared, cjs, url, before, missing, lazy, again, written] = (a.exports as { out: unknown[] }).out;
      expect([leaves, helper, shared, cjs, url, before, lazy, again, written]).toEqual([
        Array.from({ length: LEAVES }, (_, i) => `leaf${i}`),
        "helper:shared1",
        "shared1",
        { legacy: "cjs leaf" },
        "file:///root/node_modules/esm-pkg/lib/index.js",
        ["host outside", "host other"],
        "lazy",
        "leaf3",
        `guest ${run}`,
      ]);
      expect(missing).toEqual(["ERR_MODULE_NOT_FOUND", expect.stringContaining("nope.js")]);
      // index.js, helper, shared and twelve leaves (the CommonJS file and the dynamic imports aside): each import asked the host before.
      expect(b.stats.fuel - a.stats.fuel).toBeGreaterThanOrEqual(LEAVES + 2);
    }
  });

  it("loads a file sent ahead but not yet required in a snapshot restored later (the engine kept its text for the run that received it only)", async () => {
    const h = harness({}, { permissions: allowAllFs, moduleAccess: { cwd: host } });
    runtimes.push(h.runtime);
    const live = await h.runtime.load(`const pkg = require('pre-pkg'); module.exports = { lazy: () => pkg.lazy() };`, "/app/main.js");
    const restored = await h.runtime.restore(await live.snapshot());
    const again = await h.runtime.restore(await live.snapshot());
    expect((await restored.call("lazy")).value).toBe("lazy /root/node_modules/pre-pkg/lib/index.js");
    expect((await live.call("lazy")).value).toBe("lazy /root/node_modules/pre-pkg/lib/index.js");
    expect((await again.call("lazy")).value).toBe("lazy /root/node_modules/pre-pkg/lib/index.js");
  });
});
