// `import` of the guest's own files: a new ES module's source comes with its
// resolution (op `module.import`, one host call per module). The fs
// permission must be asked exactly what it was asked when resolving and
// reading were two calls, in the same order (every probe, then the read, for
// each new module; nothing read twice; a denied read fails the import with
// the read's error, each time it is imported), and a file the guest or the
// host rewrote is seen in the next run.
import { afterAll, describe, expect, it } from "vitest";
import { createInMemoryFileSystem } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const runtimes: Array<{ dispose(): void }> = [];
afterAll(() => runtimes.forEach((r) => r.dispose()));

const FILES: Record<string, string> = {
  "/app/a.mjs": "import { b } from './b.mjs'; import { c } from './c.mjs'; export const a = 'a' + b + c;",
  "/app/b.mjs": "export const b = 'b';",
  "/app/c.mjs": "import { b } from './b.mjs'; export const c = 'c' + b;",
  "/app/denied.mjs": "export const d = 1;",
  "/app/lib.cjs": "module.exports = { l: 1 };",
};

describe("import of the guest's own files", () => {
  it("asks the fs permission each probe and then each new module's read, once, in load order", async () => {
    const filesystem = createInMemoryFileSystem();
    for (const [path, text] of Object.entries(FILES)) await filesystem.writeFile(path, text);
    const requests: string[] = [];
    const h = harness({}, { filesystem, permissions: { fs: (req) => (requests.push(`${req.op} ${req.path}`), { allow: !(req.op === "read" && req.path === "/app/denied.mjs") }) } });
    runtimes.push(h.runtime);
    const result = await h.runtime.run(
      `import { a } from './a.mjs'; import { b } from './b.mjs'; import lib from './lib.cjs';
       let denied; try { await import('./denied.mjs'); } catch (e) { denied = e.code; }
       let again; try { await import('./denied.mjs'); } catch (e) { again = e.code; }
       const ns = await import('./c.mjs');
       export const out = [a, b, lib.l, denied, again, ns.c];`,
      "/app/main.mjs",
    );
    expect(result.errorMessage).toBeUndefined();
    expect(result.exports).toEqual({ out: ["abcb", "b", 1, "EACCES", "EACCES", "cb"] });
    // What resolving and reading in two host calls asked (the same sequence as before module.import).
    expect(requests).toEqual([
      "stat /app/a.mjs",
      "read /app/a.mjs",
      "stat /app/b.mjs",
      "read /app/b.mjs",
      "stat /app/c.mjs",
      "read /app/c.mjs",
      "stat /app/b.mjs",
      "stat /app/b.mjs",
      "stat /app/lib.cjs",
      "read /app/lib.cjs",
      "stat /app/denied.mjs",
      "read /app/denied.mjs",
      "stat /app/denied.mjs",
      "read /app/denied.mjs",
      "stat /app/c.mjs",
    ]);
  });

  it("sees a module the guest rewrote, and one the host rewrote, in the next run", async () => {
    const filesystem = createInMemoryFileSystem();
    await filesystem.writeFile("/app/v.mjs", "export default 'host 0';");
    const h = harness({}, { filesystem, permissions: { fs: () => ({ allow: true }) } });
    runtimes.push(h.runtime);
    const first = await h.runtime.run(
      `import v from './v.mjs'; import { writeFileSync } from 'node:fs';
       writeFileSync('/app/v.mjs', "export default 'guest 1';");
       export const out = v;`,
      "/app/main.mjs",
    );
    expect(first.exports).toEqual({ out: "host 0" });
    const second = await h.runtime.run(`import v from './v.mjs'; export const out = v;`, "/app/main.mjs");
    expect(second.exports).toEqual({ out: "guest 1" });
    await filesystem.writeFile("/app/v.mjs", "export default 'host 2';");
    const third = await h.runtime.run(`import v from './v.mjs'; export const out = v;`, "/app/main.mjs");
    expect(third.exports).toEqual({ out: "host 2" });
  });
});
