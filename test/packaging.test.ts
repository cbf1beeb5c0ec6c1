/**
 * The published package: `npm pack` lists the library and nothing of the
 * tests, and a copy of exactly the packed files, installed as
 * node_modules/quickexec of a CommonJS project, works from `require`
 * (quickexec and quickexec/browser) and type-checks from a `.cts` file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The files `npm pack` would publish. */
function packedFiles(): string[] {
  const json = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [pack] = JSON.parse(json) as Array<{ files: Array<{ path: string }> }>;
  return pack.files.map((file) => file.path).sort();
}

let files: string[] = [];
let project = "";

beforeAll(() => {
  files = packedFiles();
  // A CommonJS project with the packed files as node_modules/quickexec; the
  // package's dependencies are linked from this tree (no registry is asked).
  project = mkdtempSync(join(tmpdir(), "quickexec-cjs-"));
  const installed = join(project, "node_modules/quickexec");
  for (const file of files) {
    mkdirSync(dirname(join(installed, file)), { recursive: true });
    copyFileSync(join(root, file), join(installed, file));
  }
  const pkg = createRequire(join(root, "package.json"))("./package.json") as { dependencies: Record<string, string> };
  // @types/node too, as a TypeScript user of the Node entry has it.
  for (const dependency of [...Object.keys(pkg.dependencies), "@types/node"]) {
    mkdirSync(dirname(join(project, "node_modules", dependency)), { recursive: true });
    symlinkSync(join(root, "node_modules", dependency), join(project, "node_modules", dependency), "dir");
  }
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "cjs-user", private: true, type: "commonjs" }));
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("lists the library (ES, CommonJS, browser, types) and no tests, test pages, examples or source maps", () => {
    for (const needed of [
      "package.json",
      "README.md",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/node/engine-worker.js",
      "dist/node/quickexec.js",
      "dist/node/engine-worker.cjs",
      "dist/wasm/node.js",
      "dist/cjs/index.cjs",
      "dist/cjs/index.d.cts",
      "dist/cjs/browser.cjs",
      "dist/cjs/browser.d.cts",
      "dist/browser/quickexec.js",
      "dist/browser/engine-worker.js",
      "dist/browser/quickjs.wasm",
    ]) {
      expect(files, needed).toContain(needed);
    }
    const unwanted = files.filter((file) =>
      /^(test|dist\/test|dist\/test-pages|dist\/examples|examples|bench|scripts|polyfills|src)\//.test(file) || /\.map$|\.test\.|\.build-stamps/.test(file),
    );
    expect(unwanted).toEqual([]);
  });
});

describe("import from an ES module (Node 20)", () => {
  it("import('quickexec') loads the bundled entry, which runs programs on the bundled engine worker", async () => {
    writeFileSync(
      join(project, "main.mjs"),
      `
      import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory, allowAllFs } from "quickexec";
      const output = [];
      const runtime = new NodeRuntime({
        systemDriver: createNodeDriver({ permissions: allowAllFs }),
        runtimeDriverFactory: createNodeRuntimeDriverFactory(),
        onStdio: (event) => output.push(event.message),
      });
      const result = await runtime.exec('require("fs").writeFileSync("/tmp/x", "from esm"); console.log(require("fs").readFileSync("/tmp/x", "utf8"), require("path").join("a", "b"));');
      const spun = await runtime.exec("while (true) {}", { cpuTimeLimitMs: 200 });
      const exported = await runtime.run("module.exports = { sum: 6 * 7 }");
      runtime.dispose();
      console.log(JSON.stringify({ entry: import.meta.resolve("quickexec"), code: result.code, output, spun: spun.errorMessage, exports: exported.exports }));
      `,
    );
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["main.mjs"], { cwd: project }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
    );
    const result = JSON.parse(stdout) as { entry: string };
    expect(result.entry).toMatch(/\/node_modules\/quickexec\/dist\/node\/quickexec\.js$/);
    expect(result).toEqual({ entry: result.entry, code: 0, output: ["from esm a/b\n"], spun: "CPU time limit exceeded", exports: { sum: 42 } });
  }, 60_000);
});

describe("require() from a CommonJS project (Node 20)", () => {
  it("require('quickexec') runs a program; require('quickexec/browser') loads the browser entry", async () => {
    writeFileSync(
      join(project, "main.cjs"),
      `
      const quickexec = require("quickexec");
      const browser = require("quickexec/browser");
      const { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory, allowAllFs } = quickexec;
      const output = [];
      const runtime = new NodeRuntime({
        systemDriver: createNodeDriver({ permissions: allowAllFs }),
        runtimeDriverFactory: createNodeRuntimeDriverFactory(),
        onStdio: (event) => output.push(event.message),
      });
      runtime
        .exec('require("fs").writeFileSync("/tmp/x", "from cjs"); console.log(require("fs").readFileSync("/tmp/x", "utf8"), 6 * 7);')
        .then((result) => {
          runtime.dispose();
          console.log(JSON.stringify({
            code: result.code,
            output,
            browser: typeof browser.createBrowserDriver,
            runtimes: browser.NodeRuntime === quickexec.NodeRuntime ? "same" : "separate",
            version: require("quickexec/package.json").version,
          }));
        });
      `,
    );
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ["main.cjs"], { cwd: project }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out))),
    );
    expect(JSON.parse(stdout)).toEqual({ code: 0, output: ["from cjs 42\n"], browser: "function", runtimes: "separate", version: expect.any(String) });
  }, 60_000);

  it("the CommonJS types check: import x = require('quickexec') in a .cts file", () => {
    writeFileSync(
      join(project, "typed.cts"),
      `
      import quickexec = require("quickexec");
      import browser = require("quickexec/browser");
      const runtime: quickexec.NodeRuntime = new quickexec.NodeRuntime({
        systemDriver: quickexec.createNodeDriver({ useDefaultNetwork: true, loopbackExemptPorts: [8080] }),
        runtimeDriverFactory: quickexec.createNodeRuntimeDriverFactory(),
        payloadLimits: { jsonPayloadBytes: 4096 },
      });
      const result: Promise<quickexec.ExecResult> = runtime.exec("1");
      const driver: typeof browser.createBrowserDriver = browser.createBrowserDriver;
      export { result, driver };
      `,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "node16", moduleResolution: "node16", target: "es2022", strict: true, noEmit: true, types: ["node"], lib: ["es2022", "dom"] }, files: ["typed.cts"] }),
    );
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const result = (() => {
      try {
        return execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8" });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(result).toBe("");
  }, 180_000);
});
