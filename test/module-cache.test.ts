// What `require` remembers: within a run it sees every write the guest makes
// (files and package.json), across runs the guest's own files are read anew
// (the host may have changed them), and the read-only node_modules overlay is
// served from the runtime's memory without skipping a single permission
// check: the fs permission is asked the same questions in the same order in
// every run, and a check that denies now denies a module read before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allowAllFs, createInMemoryFileSystem, type FsAccessRequest, type PermissionDecision } from "../dist/src/index.js";
import { harness } from "./helpers.js";

const runtimes: Array<{ dispose(): void }> = [];
afterAll(() => runtimes.forEach((r) => r.dispose()));

function runtimeWith(driver: Parameters<typeof harness>[1]) {
  const h = harness({}, driver);
  runtimes.push(h.runtime);
  return h.runtime;
}

describe("require after the guest writes", () => {
  it("sees a file the guest wrote, then rewrote, in the same run and in the next run", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/app/lib.js", "module.exports = 'host v1';");
    const runtime = runtimeWith({ filesystem: fs, permissions: allowAllFs });
    const result = await runtime.run(
      `const fs = require('fs');
       const first = require('./lib');
       fs.writeFileSync('/app/lib.js', "module.exports = 'guest v2';");
       delete require.cache['/app/lib.js'];
       const second = require('./lib');
       fs.writeFileSync('/app/new.js', "module.exports = 'created';");
       module.exports = [first, second, require('./new')];`,
      "/app/main.js",
    );
    expect(result.exports).toEqual(["host v1", "guest v2", "created"]);
    const next = await runtime.run(`module.exports = [require('./lib'), require('./new')];`, "/app/main.js");
    expect(next.exports).toEqual(["guest v2", "created"]);
  });

  it("sees a file the host changed between two runs of the same runtime", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/app/lib.js", "module.exports = 1;");
    const runtime = runtimeWith({ filesystem: fs, permissions: allowAllFs });
    expect((await runtime.run(`module.exports = require('./lib');`, "/app/main.js")).exports).toBe(1);
    await fs.writeFile("/app/lib.js", "module.exports = 2;");
    await fs.writeFile("/app/lib.json", "3");
    await fs.removeFile("/app/lib.js");
    expect((await runtime.run(`module.exports = require('./lib');`, "/app/main.js")).exports).toBe(3);
  });

  it("follows a package.json the guest rewrote in the same run", async () => {
    const fs = createInMemoryFileSystem();
    await fs.writeFile("/app/node_modules/pkg/package.json", JSON.stringify({ main: "a.js" }));
    await fs.writeFile("/app/node_modules/pkg/a.js", "module.exports = 'a';");
    await fs.writeFile("/app/node_modules/pkg/b.js", "module.exports = 'b';");
    const runtime = runtimeWith({ filesystem: fs, permissions: allowAllFs });
    const result = await runtime.run(
      `const fs = require('fs');
       const first = require('pkg');
       fs.writeFileSync('/app/node_modules/pkg/package.json', JSON.stringify({ main: 'b.js' }));
       // A new parent folder: its resolution is not in the guest's own path cache.
       fs.mkdirSync('/app/sub');
       fs.writeFileSync('/app/sub/x.js', "module.exports = require('pkg');");
       module.exports = [first, require('./sub/x')];`,
      "/app/main.js",
    );
    expect(result.exports).toEqual(["a", "b"]);
  });
});

describe("the node_modules overlay, remembered per runtime", () => {
  let host: string;
  beforeAll(() => {
    host = mkdtempSync(join(tmpdir(), "quickexec-module-cache-"));
    const pkg = join(host, "node_modules", "real-pkg");
    mkdirSync(join(pkg, "lib"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "real-pkg", main: "lib/index.js" }));
    writeFileSync(join(pkg, "lib", "index.js"), "module.exports = { name: 'real-pkg', helper: require('./helper'), data: require('../data.json') };");
    writeFileSync(join(pkg, "lib", "helper.js"), "module.exports = 'helper';");
    writeFileSync(join(pkg, "data.json"), '{ "n": 7 }');
    // A linked package (as npm and pnpm workspaces make them), inside node_modules.
    symlinkSync(pkg, join(host, "node_modules", "linked-pkg"), "dir");
  });
  afterAll(() => rmSync(host, { recursive: true, force: true }));

  const PROGRAM = `const a = require('real-pkg'); const b = require('linked-pkg');
    module.exports = [a, a === b, Object.keys(require.cache).filter((k) => k.includes('node_modules')).sort()];`;

  /** An fs check that records every question and allows all but what `deny` names. */
  function recordingPermissions() {
    const asked: string[] = [];
    const state = { deny: null as null | ((request: FsAccessRequest) => boolean) };
    const fs = (request: FsAccessRequest): PermissionDecision => {
      asked.push(`${request.op} ${request.path}`);
      return state.deny?.(request) ? { allow: false, reason: "denied by the test" } : { allow: true };
    };
    return { asked, state, permissions: { fs } };
  }

  it("gives the same modules and asks the same questions in every run, symlinked packages included", async () => {
    const { asked, permissions } = recordingPermissions();
    const runtime = runtimeWith({ permissions, moduleAccess: { cwd: host } });
    const first = await runtime.run(PROGRAM, "/root/main.js");
    expect(first.code).toBe(0);
    const firstAsks = asked.splice(0);
    const second = await runtime.run(PROGRAM, "/root/main.js");
    expect(second.exports).toEqual(first.exports);
    expect(asked).toEqual(firstAsks);
    const [value, same, files] = first.exports as [unknown, boolean, string[]];
    expect(value).toEqual({ name: "real-pkg", helper: "helper", data: { n: 7 } });
    expect(same).toBe(true);
    expect(files).toEqual([
      "/root/node_modules/real-pkg/data.json",
      "/root/node_modules/real-pkg/lib/helper.js",
      "/root/node_modules/real-pkg/lib/index.js",
    ]);
    // Every file was read with the permission's consent, in both runs.
    for (const file of files) expect(firstAsks.filter((a) => a === `read ${file}`)).toHaveLength(1);
  });

  it("still denies a remembered module when the read permission now denies it", async () => {
    const { asked, state, permissions } = recordingPermissions();
    const runtime = runtimeWith({ permissions, moduleAccess: { cwd: host } });
    expect((await runtime.run(PROGRAM, "/root/main.js")).code).toBe(0);
    state.deny = (r) => r.op === "read" && r.path.endsWith("/lib/helper.js");
    asked.length = 0;
    const denied = await runtime.run(
      `try { require('real-pkg'); module.exports = 'loaded'; } catch (e) { module.exports = [e.code, e.message]; }`,
      "/root/main.js",
    );
    expect(denied.exports).toEqual(["EACCES", expect.stringContaining("denied by the test")]);
    expect(asked.filter((a) => a.startsWith("read ") && a.endsWith("helper.js"))).toEqual(["read /root/node_modules/real-pkg/lib/helper.js"]);
    // A stat check that denies hides a remembered package, as it hides any path.
    state.deny = (r) => r.path.startsWith("/root/node_modules/real-pkg");
    const hidden = await runtime.run(`try { require('real-pkg'); } catch (e) { module.exports = e.code; }`, "/root/main.js");
    expect(hidden.exports).toBe("MODULE_NOT_FOUND");
  });

  it("asks for a failed read once per require, as a fresh read would", async () => {
    const { asked, state, permissions } = recordingPermissions();
    state.deny = (r) => r.op === "read" && r.path.endsWith("/lib/helper.js");
    const runtime = runtimeWith({ permissions, moduleAccess: { cwd: host } });
    const result = await runtime.run(
      `const codes = [];
       for (let i = 0; i < 2; i++) { try { require('real-pkg/lib/helper'); } catch (e) { codes.push(e.code); } }
       module.exports = codes;`,
      "/root/main.js",
    );
    expect(result.exports).toEqual(["EACCES", "EACCES"]);
    expect(asked.filter((a) => a === "read /root/node_modules/real-pkg/lib/helper.js")).toHaveLength(2);
  });

  it("is not shared between runtimes: a new runtime reads the host's packages anew", async () => {
    const runtime = runtimeWith({ permissions: allowAllFs, moduleAccess: { cwd: host } });
    expect((await runtime.run(`module.exports = require('real-pkg/lib/helper');`, "/root/main.js")).exports).toBe("helper");
    writeFileSync(join(host, "node_modules", "real-pkg", "lib", "helper.js"), "module.exports = 'helper v2';");
    try {
      // Taken as unchanging for the runtime's life (as a Node process keeps its require cache)...
      expect((await runtime.run(`module.exports = require('real-pkg/lib/helper');`, "/root/main.js")).exports).toBe("helper");
      // ...but a runtime made afterwards sees the new file.
      const fresh = runtimeWith({ permissions: allowAllFs, moduleAccess: { cwd: host } });
      expect((await fresh.run(`module.exports = require('real-pkg/lib/helper');`, "/root/main.js")).exports).toBe("helper v2");
    } finally {
      writeFileSync(join(host, "node_modules", "real-pkg", "lib", "helper.js"), "module.exports = 'helper';");
    }
  });

  it("keeps the overlay read-only to the guest", async () => {
    const runtime = runtimeWith({ permissions: allowAllFs, moduleAccess: { cwd: host } });
    const result = await runtime.run(
      `try { require('fs').writeFileSync('/root/node_modules/real-pkg/lib/helper.js', 'x'); } catch (e) { module.exports = e.code; }`,
      "/root/main.js",
    );
    expect(result.exports).toBe("EACCES");
  });
});
