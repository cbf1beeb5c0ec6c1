/**
 * TypeScript guests. The Node running the tests is v20, which has no type
 * stripping, so these are not differential runs: each case states what Node
 * 22.6+ (`--experimental-strip-types`, default from 23.6) prints for the same
 * files, and checks quickexec prints the same.
 */
import { afterAll, describe, expect, it } from "vitest";
import { allowAllFs, createInMemoryFileSystem, type VirtualFileSystem } from "../dist/src/index.js";
import { harness } from "./helpers.js";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

async function filesystemWith(files: Record<string, string>): Promise<VirtualFileSystem> {
  const fs = createInMemoryFileSystem();
  for (const [path, content] of Object.entries(files)) await fs.writeFile(path, content);
  return fs;
}

const PROJECT: Record<string, string> = {
  "/app/lib/greet.ts": [
    "export interface Person { name: string; age?: number }",
    "export function greet(p: Person): string {",
    "  return `hello ${p.name}`;",
    "}",
  ].join("\n"),
  "/app/lib/counter.cts": [
    "type Counter = { count: number };",
    "const counter: Counter = { count: 0 };",
    "module.exports = { bump: (by: number = 1): number => (counter.count += by) };",
  ].join("\n"),
  "/app/lib/tools.mts": [
    "import type { Person } from './greet.ts';",
    "export const shout = (s: string): string => s.toUpperCase() as string;",
    "export default function oldest<T extends { age?: number }>(people: T[]): T | undefined {",
    "  return [...people].sort((a, b) => (b.age ?? 0) - (a.age ?? 0))[0];",
    "}",
    "export type { Person };",
  ].join("\n"),
  "/app/lib/plain.ts": "const value: number = 42;\nmodule.exports = { value, file: __filename };\n",
  "/app/lib/enum.ts": "export enum Color {\n  Red,\n  Green,\n}\n",
  "/app/lib/space.ts": "namespace Validation {\n  export const letters = /^[A-Za-z]+$/;\n}\n",
  "/app/lib/props.ts": "export class Point {\n  constructor(public x: number) {}\n}\n",
  "/app/lib/fails.ts": [
    "interface Options { depth: number }",
    "export function explode(options: Options): never {",
    "  const why: string = `depth ${options.depth}`;",
    "  const error: Error = new Error(why as string); throw error as Error;",
    "}",
  ].join("\n"),
  "/app/node_modules/typed-pkg/package.json": '{ "name": "typed-pkg", "main": "index.ts" }',
  "/app/node_modules/typed-pkg/index.ts": "export const x: number = 1;\n",
};

describe("TypeScript guests", () => {
  const runtimes: Array<{ dispose(): void }> = [];
  afterAll(() => runtimes.forEach((r) => r.dispose()));

  async function exec(code: string, filePath: string, files = PROJECT) {
    const h = harness({}, { filesystem: await filesystemWith(files), permissions: allowAllFs });
    runtimes.push(h.runtime);
    const result = await h.runtime.exec(code, { filePath, cwd: "/app" });
    return { ...result, stdout: h.stdout(), stderr: h.stderr() };
  }

  it("runs a .ts entry with its types stripped (CommonJS, as Node without a package type)", async () => {
    const r = await exec(
      [
        "interface Point { x: number; y: number }",
        "type Pair<T> = [T, T];",
        "const p: Point = { x: 1, y: 2 };",
        "const pair: Pair<string> = ['a', 'b'];",
        "function sum<T extends number>(...xs: T[]): number { return xs.reduce((a, b) => a + b, 0); }",
        "let maybe: string | undefined = undefined as string | undefined;",
        "const n = 5!;",
        "console.log(sum(p.x, p.y), pair.join(''), maybe ?? 'none', n, typeof require);",
      ].join("\n"),
      "/app/main.ts",
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("3 ab none 5 function\n");
    expect(r.code).toBe(0);
  });

  it("runs a .ts entry that uses import/export as an ES module (syntax detection, as for .js)", async () => {
    const r = await exec("import { greet } from './lib/greet.ts';\nconst who: string = 'ts';\nconsole.log(greet({ name: who }), typeof require);\nexport {};\n", "/app/main.ts");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello ts undefined\n");
  });

  it("requires .ts and .cts files by their explicit extension", async () => {
    const r = await exec(
      "const plain = require('./lib/plain.ts');\nconst counter = require('./lib/counter.cts');\ncounter.bump();\nconsole.log(plain.value, plain.file, counter.bump(2));\n",
      "/app/main.cts",
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("42 /app/lib/plain.ts 3\n");
  });

  it("does not add .ts to extensionless specifiers (Node removed .ts and .cts from require's default extensions)", async () => {
    const r = await exec("try { require('./lib/plain'); } catch (e) { console.log(e.code); }\n", "/app/main.js");
    expect(r.stdout).toBe("MODULE_NOT_FOUND\n");
  });

  it("imports .mts (always an ES module) from an .mts entry, with import type erased", async () => {
    const r = await exec(
      [
        "import oldest, { shout } from './lib/tools.mts';",
        "import type { Person } from './lib/tools.mts';",
        "const people: Person[] = [{ name: 'ann', age: 30 }, { name: 'bob', age: 40 }];",
        "console.log(shout(oldest(people)!.name), import.meta.url);",
      ].join("\n"),
      "/app/main.mts",
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("BOB file:///app/main.mts\n");
  });

  it("refuses enums, namespaces and parameter properties as strip-only mode does (ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX)", async () => {
    const r = await exec(
      [
        "for (const file of ['./lib/enum.ts', './lib/space.ts', './lib/props.ts']) {",
        "  try { require(file); console.log('loaded', file); }",
        "  catch (e) { console.log(e.name, e.code, e.message); }",
        "}",
      ].join("\n"),
      "/app/main.js",
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "SyntaxError ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX TypeScript enum is not supported in strip-only mode (/app/lib/enum.ts:1:1)",
        "SyntaxError ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX TypeScript namespace declaration is not supported in strip-only mode (/app/lib/space.ts:1:1)",
        "SyntaxError ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX TypeScript parameter property is not supported in strip-only mode (/app/lib/props.ts:2:15)",
        "",
      ].join("\n"),
    );
  });

  it("fails a .ts entry with an enum as Node does: the error on stderr, exit code 1", async () => {
    const r = await exec("enum Direction { Up, Down }\nconsole.log(Direction.Up);\n", "/app/main.ts");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("TypeScript enum is not supported in strip-only mode");
    expect(r.stderr).toContain("ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX");
  });

  it("reports TypeScript that does not parse with ERR_INVALID_TYPESCRIPT_SYNTAX", async () => {
    const r = await exec("try { require('./bad.ts'); } catch (e) { console.log(e.name, e.code, e.message); }\n", "/app/main.js", {
      ...PROJECT,
      "/app/bad.ts": "const x: = 1;\n",
    });
    expect(r.stdout).toBe("SyntaxError ERR_INVALID_TYPESCRIPT_SYNTAX Type expected. (/app/bad.ts:1:10)\n");
  });

  it("refuses TypeScript under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING)", async () => {
    const r = await exec("try { require('typed-pkg'); } catch (e) { console.log(e.code); }\n", "/app/main.js");
    expect(r.stdout).toBe("ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING\n");
  });

  it("points error stacks at the line and column of the TypeScript source", async () => {
    const main = [
      "import { explode } from './lib/fails.ts';",
      "type Depth = number;",
      "const depth: Depth = 3;",
      "try { (explode as (o: { depth: Depth }) => never)({ depth }); } catch (e) { console.log(e.message); console.log(e.stack.split('\\n').slice(1, 3).map((l) => l.trim()).join('\\n')); }",
    ];
    const r = await exec(main.join("\n"), "/app/main.ts");
    expect(r.stderr).toBe("");
    const [message, inLib, inMain] = r.stdout.trimEnd().split("\n");
    expect(message).toBe("depth 3");
    // fails.ts is an ES module (it has `export` and no package.json says otherwise: Node detects it).
    // QuickJS places a `new` expression at its `(` and a call at its `(` (V8 would name the start of
    // `new`): columns counted in the TypeScript text, with its types still in it.
    const libLine = PROJECT["/app/lib/fails.ts"]!.split("\n")[3]!;
    expect(inLib).toBe(`at explode (/app/lib/fails.ts:4:${libLine.indexOf("new Error(") + "new Error(".length})`);
    expect(inMain).toBe(`at <anonymous> (/app/main.ts:4:${main[3]!.indexOf("({ depth })") + 1})`);
  });

  it("bounds the TypeScript one run may have stripped on the host (ERR_QUICKEXEC_TYPESCRIPT_BUDGET)", async () => {
    // 9 MiB of TypeScript: over the 8 MiB budget, refused before the host parses any of it.
    const huge = "let x: number = 1;\n".repeat(Math.ceil((9 << 20) / 19));
    const r = await exec("try { require('./huge.ts'); } catch (e) { console.log(e.code); }\nconsole.log(require('./lib/plain.ts').value);\n", "/app/main.js", {
      ...PROJECT,
      "/app/huge.ts": huge,
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ERR_QUICKEXEC_TYPESCRIPT_BUDGET\n42\n");
  });

  it("loads the TypeScript parser only when a TypeScript file appears", async () => {
    // A fresh process: is typescript.js in the module cache after a JavaScript run, and after a TypeScript one?
    const script = `
      import { createRequire } from "node:module";
      import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } from ${JSON.stringify(new URL("../dist/src/index.js", import.meta.url).href)};
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(k));
      const runtime = new NodeRuntime({ systemDriver: createNodeDriver(), runtimeDriverFactory: createNodeRuntimeDriverFactory() });
      const js = await runtime.exec("const x = 1;", { filePath: "/root/a.js" });
      const afterJs = loaded();
      const ts = await runtime.exec("const x: number = 1;", { filePath: "/root/a.ts" });
      console.log(js.code, afterJs, ts.code, loaded());
      runtime.dispose();
    `;
    // With `-e`: the engine threads must not inherit the host's `--input-type`, which a worker refuses.
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(process.execPath, ["--input-type=module", "-e", script], { timeout: 60_000 }, (error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })));
    });
    expect(stderr).toBe("");
    expect(stdout).toBe("0 false 0 true\n");
  }, 60_000);
});
